"""Reads of the general election that depend on who asks (scope) or that the public sees."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from openvillage.core.clock import local_today
from openvillage.core.errors import NotFound
from openvillage.core.permissions import require_read, unit_scope_q
from openvillage.core.text import gettext_noop
from openvillage.elections import services
from openvillage.elections.models import RoundResult, VillageElection
from openvillage.elections.rules import timetable


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


STEP_LABELS = {
    "roll_published": _("Voter roll published (V11)"),
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
        ("roll_published", election.roll_published_by, election.roll_published_on),
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
        .exclude(state="preparation")
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
        "elected": services.elected_people(election) if published else [],
    }
