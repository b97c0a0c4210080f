"""Reads of the general election that depend on who asks (scope) or that the public sees."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import Count, F, Max, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from openvillage.core.clock import local_today
from openvillage.core.errors import NotAllowed, NotFound
from openvillage.core.permissions import (
    ELECTIONS,
    can_write,
    require_read,
    scope_path,
    unit_scope_q,
)
from openvillage.core.text import gettext_noop
from openvillage.elections import services
from openvillage.elections.models import (
    GeneralElection,
    HeartToHeartTalk,
    Law,
    PollingStation,
    RollObjection,
    RoundResult,
    VillageElection,
)
from openvillage.elections.rule_labels import rule_text
from openvillage.elections.rules import composition, outcome, timetable
from openvillage.elections.services._common import counted_round
from openvillage.org.models import Body, Level, Person, PostKind, Term, Unit


def elections_visible_to(user: Any) -> QuerySet[VillageElection]:
    """Village elections in the user's scope, the open general election first."""
    return (
        VillageElection.objects.filter(unit_scope_q(user, "village__path"))
        .select_related("village", "general")
        .order_by("-general__election_day", "village__code", "law")
    )


def election_for_staff(user: Any, pk: int) -> VillageElection:
    election = (
        VillageElection.objects.select_related("village", "general", "general__county")
        .filter(pk=pk)
        .first()
    )
    if election is None:
        raise NotFound(gettext_noop("No such election."))
    require_read(user, election.village.path)
    return election


def round_of(election: VillageElection, pk: Any) -> RoundResult:
    """A round of this election, or NotFound (404) for an unknown or foreign id."""
    row = election.rounds.filter(pk=pk).first() if str(pk).isdigit() else None
    if row is None:
        raise NotFound(gettext_noop("No such round in this election."))
    return row


def station_of(election: VillageElection, pk: Any) -> PollingStation:
    """A polling station of this election, or NotFound (404)."""
    row = election.stations.filter(pk=pk).first() if str(pk).isdigit() else None
    if row is None:
        raise NotFound(gettext_noop("No such polling station in this election."))
    return row


STEP_LABELS = {
    timetable.ROLL_STEP: _("Voter roll published (V11)"),
    "objections": _("Objections to the roll accepted until (V12)"),
    "candidate_list_published": _("Candidate list published (V17)"),
    "proxy_requests": _("Proxy requests accepted until (V21)"),
    "proxy_list_published": _("Proxy list published (V20)"),
    "election_day": _("Election day"),
    "additional_election": _("Additional election held by (V45)"),
}


def timetable_rows(election: VillageElection) -> list[dict[str, Any]]:
    """Each step with its due date, the day it was done and whether it is late."""
    today = local_today()
    rows = [
        (timetable.ROLL_STEP, election.roll_published_by, election.roll_published_on),
        ("objections", election.objections_until, None),
        (
            "candidate_list_published",
            election.candidate_list_by,
            election.candidate_list_published_on,
        ),
        ("proxy_requests", election.proxy_requests_by, None),
        ("proxy_list_published", election.proxy_list_by, election.proxy_list_published_on),
        ("election_day", election.election_day, None),
        ("additional_election", election.additional_election_by, None),
    ]
    plan = timetable.timetable_for(election.profile, election.election_day)
    late = set(timetable.late_steps(plan, today, {k: done for k, _, done in rows}))
    return [
        {"step": k, "label": STEP_LABELS[k], "due": due, "done": done, "late": k in late}
        for k, due, done in rows
    ]


def public_elections(village) -> list[VillageElection]:
    """The elections of a village's latest general election whose roll is published."""
    return list(
        VillageElection.objects.filter(village=village)
        .exclude(state=VillageElection.State.PREPARATION)
        .select_related("general")
        .order_by("-general__election_day", "law")[:2]
    )


def public_view(election: VillageElection) -> dict[str, Any]:
    """What the public page shows: timetable, masked roll, candidates, proxies, results."""
    candidates = []
    if election.candidate_list_published_on:
        for c in election.candidates.select_related("person").order_by("post", "order"):
            p = c.person
            candidates.append(
                {
                    "post": c.get_post_display(),
                    "name": p.name,
                    "gender": p.get_gender_display(),
                    "age": p.age_on(election.election_day),
                    "education": p.get_education_display(),
                    "votes": c.nomination_votes,
                    "statement": c.statement,
                }
            )
    published = election.result_published_on is not None
    rounds = election.rounds.exclude(status=RoundResult.Status.OPEN) if published else []
    return {
        "election": election,
        "timetable": timetable_rows(election),
        "roll": services.public_roll(election),
        "candidates": candidates,
        "proxies": services.public_proxies(election) if election.proxy_list_published_on else [],
        "rounds": list(rounds),
        "elected": (
            [(post, name) for post, _key, name in services.elected_named(election)]
            if published
            else []
        ),
    }


# --- boards: progress, talks, observers -----------------------------------------------------------


def general_for_staff(user: Any, pk: int) -> GeneralElection:
    """A general election whose county is in, or contains, the user's scope (towns see theirs)."""
    general = GeneralElection.objects.select_related("county").filter(pk=pk).first()
    prefix = scope_path(user)
    if general is None:
        raise NotFound(gettext_noop("No such election."))
    path = general.county.path
    if prefix is None or not (path.startswith(prefix) or prefix.startswith(path)):
        raise NotAllowed(gettext_noop("This record is outside your area."))
    return general


def generals_visible_to(user: Any) -> list[GeneralElection]:
    """The general elections of the county the user works in (newest first)."""
    prefix = scope_path(user)
    if prefix is None:
        return []
    rows = GeneralElection.objects.select_related("county").order_by("-election_day")
    return [
        g for g in rows[:20] if g.county.path.startswith(prefix) or prefix.startswith(g.county.path)
    ]


BOARD_LABELS = {
    timetable.ROLL_STEP: _("Roll published"),
    "objections_decided": _("Objections decided"),
    "candidate_list_published": _("Candidates published"),
    "proxy_list_published": _("Proxies published"),
    "election_held": _("Election held"),
    "result_published": _("Result published"),
}


def _count_of(qs: QuerySet, **filters: Any) -> Coalesce:
    """A correlated COUNT of ``qs`` rows of the outer election (one subquery, no join fan-out)."""
    rows = qs.filter(election=OuterRef("pk"), **filters).order_by().values("election")
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")[:1]), 0)


def _agg_of(qs: QuerySet, func: Any, field: str, *conditions: Q) -> Subquery:
    rows = qs.filter(*conditions, election=OuterRef("pk")).order_by().values("election")
    return Subquery(rows.annotate(v=func(field)).values("v")[:1])


def board_elections(user: Any, general: GeneralElection, town: Unit | None = None) -> QuerySet:
    """Village elections of ``general`` in the user's scope with the facts of every board step
    annotated: a fixed number of queries whatever the number of villages."""
    today = local_today()
    objections = RollObjection.objects.all()
    late = Q(decided_on__gt=F("decide_by")) | Q(decided_on__isnull=True, decide_by__lt=today)
    qs = (
        VillageElection.objects.filter(general=general)
        .filter(unit_scope_q(user, "village__path"))
        .select_related("village", "village__parent")
        .annotate(
            n_objections=_count_of(objections),
            n_open_objections=_count_of(objections, decided_on__isnull=True),
            n_late_objections=_count_of(objections.filter(late)),
            objections_due=_agg_of(objections, Max, "decide_by"),
            objections_done=_agg_of(objections, Max, "decided_on"),
            held_on=_agg_of(
                RoundResult.objects.all(), Min, "held_on", ~Q(status=RoundResult.Status.OPEN)
            ),
        )
        .order_by("village__path", "law")
    )
    if town is not None:
        qs = qs.filter(village__path__startswith=town.path)
    return qs


def _objections_cell(e: VillageElection, today: date) -> dict[str, Any]:
    if e.roll_published_on is None:
        return {"state": timetable.NOT_APPLICABLE, "due": None, "done": None}
    if not e.n_objections:
        # No objection: the step is met when the window of V12 closes.
        closed = e.objections_until if today > e.objections_until else None
        state = timetable.DONE if closed else timetable.DUE
        return {"state": state, "due": e.objections_until, "done": closed}
    done = e.objections_done if not e.n_open_objections else None
    state = timetable.step_state(e.objections_due, done, today)
    if e.n_late_objections and state in (timetable.DONE, timetable.DUE):
        state = timetable.DONE_LATE if done else timetable.LATE
    return {"state": state, "due": e.objections_due, "done": done}


def board_rows(elections: Iterable[VillageElection]) -> tuple[list[dict], list[dict]]:
    """Rows (one per village election, a cell per step) and the totals per step."""
    today = local_today()
    rows = []
    totals = {s: dict.fromkeys(("done", "late", "due"), 0) for s in timetable.BOARD_STEPS}
    for e in elections:
        facts = {
            timetable.ROLL_STEP: (e.roll_published_by, e.roll_published_on),
            "candidate_list_published": (e.candidate_list_by, e.candidate_list_published_on),
            "proxy_list_published": (e.proxy_list_by, e.proxy_list_published_on),
            "election_held": (e.election_day, e.held_on),
            # V45: the last round, and so the result, by the end of the additional window.
            "result_published": (e.additional_election_by, e.result_published_on),
        }
        cells = []
        for step in timetable.BOARD_STEPS:
            if step == "objections_decided":
                cell = _objections_cell(e, today)
            else:
                due, done = facts[step]
                cell = {"state": timetable.step_state(due, done, today), "due": due, "done": done}
            cell["step"] = step
            cells.append(cell)
            kind = {"done_late": "done", "none": None}.get(cell["state"], cell["state"])
            if kind:
                totals[step][kind] += 1
            if cell["state"] == timetable.DONE_LATE:
                totals[step]["late"] += 1
        rows.append(
            {"election": e, "cells": cells, "late": any(c["state"] == "late" for c in cells)}
        )
    return rows, [{"step": s, "label": BOARD_LABELS[s], **totals[s]} for s in timetable.BOARD_STEPS]


def talks_completion(user: Any, general: GeneralElection) -> list[dict[str, Any]]:
    """Per village in scope: the branch secretary and the director in office, and whether each
    was talked with before election day (issue 7 item 4). Three queries whatever the size."""
    prefix = scope_path(user)
    villages = (
        list(
            Unit.objects.filter(level=Level.VILLAGE, path__startswith=general.county.path)
            .filter(unit_scope_q(user, "path"))
            .select_related("parent")
            .order_by("path")
        )
        if prefix is not None
        else []
    )
    required = Q(body=Body.BRANCH_COMMITTEE, post=PostKind.SECRETARY) | Q(
        body=Body.VILLAGERS_COMMITTEE, post=PostKind.DIRECTOR
    )
    terms = (
        Term.objects.filter(required, ended_on__isnull=True, village__in=[v.pk for v in villages])
        .select_related("person")
        .order_by("village_id", "post")
    )
    by_village: dict[int, list[Term]] = {}
    for term in terms:
        by_village.setdefault(term.village_id, []).append(term)
    talked = set(
        HeartToHeartTalk.objects.filter(
            general=general, person__isnull=False, held_on__lte=general.election_day
        ).values_list("village_id", "person_id")
    )
    rows = []
    for v in villages:
        people = [
            {"term": t, "done": (v.pk, t.person_id) in talked} for t in by_village.get(v.pk, [])
        ]
        missing = [p for p in people if not p["done"]]
        rows.append({"village": v, "people": people, "missing": missing})
    return rows


# --- composition of the new committee: V2, V46 ------------------------------------------------


def no_woman_elected(elections: Iterable[VillageElection]) -> set[int]:
    """V2: the ids of the villagers' committee elections whose counted result elects no woman.

    Three queries whatever the number of elections (rounds, then the people by id and by name).
    """
    chosen = {e.pk: e for e in elections if e.law == Law.VILLAGERS_COMMITTEE and e.is_counted}
    if not chosen:
        return set()
    rounds: dict[int, list[outcome.CountedRound]] = {}
    for r in RoundResult.objects.filter(
        election_id__in=list(chosen), status=RoundResult.Status.VALID
    ).order_by("election_id", "number"):
        rounds.setdefault(r.election_id, []).append(counted_round(r))
    names = {pk: [key for _post, key in outcome.elected_people(rs)] for pk, rs in rounds.items()}
    wanted = {n for ns in names.values() for n in ns}
    villages = {e.village_id for e in chosen.values()}
    # Keys are person ids; a write-in elected by name is found by village and name.
    by_id = dict(
        Person.objects.filter(pk__in={int(k) for k in wanted if k.isdigit()}).values_list(
            "pk", "gender"
        )
    )
    genders = {(v, str(pk)): gender for pk, gender in by_id.items() for v in villages}
    for village_id, name, gender in Person.objects.filter(
        village_id__in=villages, name__in={k for k in wanted if not k.isdigit()}
    ).values_list("village_id", "name", "gender"):
        genders[(village_id, name)] = gender
    flagged = set()
    for pk, ns in names.items():
        village_id = chosen[pk].village_id
        if composition.no_woman_elected(genders.get((village_id, n), "") for n in ns):
            flagged.add(pk)
    return flagged


VACANCY_TEXT = {
    composition.REQUIRED: _("An additional election is required for the empty seats (V46)."),
    composition.OPTIONAL: _(
        "Enough members are elected: the empty seats may stay vacant; holding an additional "
        "election is optional (V46)."
    ),
    "villagers_meeting": _(
        "Enough members are elected: the villagers' meeting decides whether to fill the empty "
        "seats (V46)."
    ),
    composition.NOT_NEEDED: _("No seat is empty; no additional election is needed (V46)."),
}


def vacancy_advice(election: VillageElection) -> dict[str, Any] | None:
    """V46: whether the seats still empty need an additional election, for the clerk."""
    if election.law != "villagers_committee":
        return None
    counted = election.rounds.exclude(status=RoundResult.Status.OPEN)
    if not counted.filter(status=RoundResult.Status.VALID).exists():
        return None
    elected = services.elected_people(election)
    vacant = max(sum(election.seats.values()) - len(elected), 0)
    rules = composition.get_profile(election.profile).villagers_committee
    status = composition.additional_election_required(
        rules, len(elected), any(post == "director" for post, _n in elected), vacant
    )
    key = status
    if status == composition.OPTIONAL and rules.vacancy_decided_by == "villagers_meeting":
        key = "villagers_meeting"
    return {"status": status, "elected": len(elected), "vacant": vacant, "text": VACANCY_TEXT[key]}


def counties_openable(user: Any) -> list[Unit]:
    """The counties where the user may open a general election (the county's election office)."""
    counties = Unit.objects.filter(level=Level.COUNTY).filter(unit_scope_q(user, "path"))
    level = getattr(getattr(user, "unit", None), "level", None)
    if not user.is_superuser and level != Level.COUNTY:
        return []
    return [c for c in counties.order_by("code") if can_write(user, c.path, ELECTIONS)]


#: The steps of the timetable preview by name, in the reader's language.
PREVIEW_LABELS = {
    timetable.ROLL_STEP: _("Voter roll published"),
    "candidate_list_published": _("Candidate list published"),
    "proxy_requests": _("Proxy requests received"),
    "proxy_list_published": _("Proxy list published"),
    "election_held": _("Election day"),
    "additional_election": _("Additional election held"),
}


def timetable_preview(profile: str, election_day: date) -> list[dict[str, Any]]:
    """The timetable rows of ``rules.timetable.preview`` with the step and rule in words."""
    return [
        {
            "step": row.step,
            "label": PREVIEW_LABELS[row.step],
            "by": row.by,
            "days": row.days,
            "before": -row.days if row.days < 0 else 0,
            "after": row.days if row.days > 0 else 0,
            "rule": rule_text(row.rule) if row.rule else "",
        }
        for row in timetable.preview(profile, election_day)
    ]


def villages_of(county: Unit) -> dict[str, int]:
    """How many towns and villages the general election of ``county`` will reach."""
    under = Unit.objects.filter(path__startswith=county.path)
    return {
        "towns": under.filter(level=Level.TOWN).count(),
        "villages": under.filter(level=Level.VILLAGE).count(),
    }


def board_by_town(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One line per town of the board rows: its elections, how many are late, and per step the
    elections done (on time or late) out of those with the step."""
    towns: dict[int, dict[str, Any]] = {}
    for row in rows:
        town = row["election"].village.parent
        line = towns.setdefault(
            town.pk,
            {"town": town, "elections": 0, "late": 0, "steps": [0] * len(row["cells"])},
        )
        line["elections"] += 1
        line["late"] += int(row["late"])
        for i, cell in enumerate(row["cells"]):
            line["steps"][i] += int(cell["state"] in (timetable.DONE, timetable.DONE_LATE))
    return sorted(towns.values(), key=lambda t: t["town"].path)


#: The next task of a village election, by the first timetable step not yet done.
NEXT_TASKS = (
    ("roll_published_on", "roll_published_by", _("Publish the voter roll")),
    ("candidate_list_published_on", "candidate_list_by", _("Publish the candidate list")),
    ("proxy_list_published_on", "proxy_list_by", _("Publish the proxy list")),
    ("result_published_on", "election_day", _("Hold the election and publish the result")),
)


def next_task(election: VillageElection) -> dict[str, Any] | None:
    """The first step of the timetable not yet done, with its due date and whether it is late
    (C4: late from the day after the due date); None once the result is published."""
    today = local_today()
    for done, due, label in NEXT_TASKS:
        if getattr(election, done) is None:
            by = getattr(election, due)
            return {"label": label, "due": by, "late": today > by}
    return None


def talks_visible(user: Any) -> QuerySet[HeartToHeartTalk]:
    """Talks visible only to the interviewer's chain (the interviewer and the units above the
    interviewer's unit) and to the organization department (county administrator) in scope
    (supervision.md §9)."""
    from openvillage.core.roles import Role

    prefix = scope_path(user)
    if prefix is None:
        return HeartToHeartTalk.objects.none()
    own = Q(talker=user)
    above = Q(talker__unit__path__startswith=prefix) & ~Q(talker__unit_id=user.unit_id)
    chain = own | above
    if user.is_superuser or getattr(user, "role", None) == Role.COUNTY_ADMIN:
        chain = chain | Q(village__path__startswith=prefix)
    return HeartToHeartTalk.objects.filter(chain).select_related("village", "talker")
