"""Writes of the general election. Each: one transaction, permission by scope (ELECTIONS; the
observers' reports OBSERVATION), a state check raising WrongState (409) with a sentence a clerk
understands, one audit row, and a ledger append when something becomes public.

The rules live in the pure modules ``rules/`` (counting, profiles, timetable, eligibility); this
module only gathers the facts from the database, calls them and stores what they decide.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from openvillage.core import permissions
from openvillage.core.audit import audit_log
from openvillage.core.clock import local_today
from openvillage.core.errors import InvalidInput, NotAllowed, WrongState
from openvillage.core.masking import mask_name
from openvillage.core.text import gettext_noop
from openvillage.elections import data
from openvillage.elections.models import (
    LAW_POSTS,
    Candidate,
    GeneralElection,
    HeartToHeartTalk,
    Law,
    Nomination,
    ObserverAssignment,
    ObserverReport,
    PollingStation,
    Proxy,
    QualificationReview,
    RollObjection,
    RoundResult,
    TallySheet,
    VillageElection,
    ViolationReport,
    VoterRollEntry,
)
from openvillage.elections.rules import count_cli, counting, eligibility, timetable
from openvillage.elections.rules.profiles import get_profile
from openvillage.org import services as org_services
from openvillage.org.models import Body, EndReason, Level, PartyStatus, Person, PostKind, Unit

ELECTIONS = permissions.ELECTIONS

DEFAULT_SEATS = {
    Law.VILLAGERS_COMMITTEE: {"director": 1, "deputy_director": 1, "member": 3},
    Law.PARTY_BRANCH: {"secretary": 1, "deputy_secretary": 1, "member": 3},
}

# Where an elected person sits in the registry (org Term body and post).
TERM_POSTS = {
    (Law.VILLAGERS_COMMITTEE, "director"): (Body.VILLAGERS_COMMITTEE, PostKind.DIRECTOR),
    (Law.VILLAGERS_COMMITTEE, "deputy_director"): (
        Body.VILLAGERS_COMMITTEE,
        PostKind.DEPUTY_DIRECTOR,
    ),
    (Law.VILLAGERS_COMMITTEE, "women_member"): (
        Body.VILLAGERS_COMMITTEE,
        PostKind.COMMITTEE_MEMBER,
    ),
    (Law.VILLAGERS_COMMITTEE, "member"): (Body.VILLAGERS_COMMITTEE, PostKind.COMMITTEE_MEMBER),
    (Law.PARTY_BRANCH, "secretary"): (Body.BRANCH_COMMITTEE, PostKind.SECRETARY),
    (Law.PARTY_BRANCH, "deputy_secretary"): (Body.BRANCH_COMMITTEE, PostKind.DEPUTY_SECRETARY),
    (Law.PARTY_BRANCH, "member"): (Body.BRANCH_COMMITTEE, PostKind.COMMITTEE_MEMBER),
}

FIGURES = ("voters_voted", "ballots_issued", "ballots_collected", "invalid_ballots")


# --- helpers ------------------------------------------------------------------------------------


def _require(actor: Any, election: VillageElection, domain: str = ELECTIONS) -> None:
    permissions.require_write(actor, election.village.path, domain)


def _require_office(actor: Any, unit: Unit) -> None:
    """Town or county election office only (the joint review, violation reports)."""
    permissions.require_write(actor, unit.path, ELECTIONS)
    level = getattr(getattr(actor, "unit", None), "level", None)
    if not actor.is_superuser and level not in (Level.TOWN, Level.COUNTY):
        raise NotAllowed(gettext_noop("Only the town's or county's election office may do this."))


def _state(election: VillageElection, allowed: Iterable[str], message: str) -> None:
    if election.state not in tuple(allowed):
        raise WrongState(message, {"state": election.get_state_display()})


def _locked(election: VillageElection) -> VillageElection:
    return (
        VillageElection.objects.select_for_update()
        .select_related("general", "village")
        .get(pk=election.pk)
    )


def _audit(actor: Any, action: str, obj: Any, election: VillageElection, changes=None, note=""):
    audit_log(
        actor=actor,
        action=f"elections.{action}",
        obj=obj,
        unit_path=election.village.path,
        changes={k: [None, v] for k, v in (changes or {}).items()},
        note=note,
    )


def _ledger(kind: str, obj: Any, election: VillageElection, content: dict, version: int = 1):
    from openvillage.ledger.services import ledger_append

    return ledger_append(
        kind=kind,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        version=version,
        content=content,
        unit_path=election.village.path,
        unit_code=election.village.code,
    )


def _text(value: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput(gettext_noop("This field is required."), field=field)
    return value


def seats_check(law: str, profile: str, seats: Mapping[str, Any]) -> dict[str, int]:
    """Validate seats per post against the law's posts and the profile (V1, V2, P4)."""
    rules = get_profile(profile).rules(law)
    allowed = [p for p in LAW_POSTS[law] if p in rules.post_order]
    if not rules.women_post_separate and "women_member" in allowed:
        allowed.remove("women_member")
    clean: dict[str, int] = {}
    for post, count in seats.items():
        if post not in allowed:
            raise InvalidInput(
                gettext_noop("Post %(post)s does not exist in this election."),
                {"post": post},
                field="seats",
            )
        if type(count) is not int or count < 1:
            raise InvalidInput(
                gettext_noop("Post %(post)s needs a whole number of seats, at least one."),
                {"post": post},
                field="seats",
            )
        clean[post] = count
    total = sum(clean.values())
    if law == Law.VILLAGERS_COMMITTEE and not 3 <= total <= 7:
        raise InvalidInput(
            gettext_noop("A villagers' committee has 3 to 7 members (V1); these seats make %(n)s."),
            {"n": total},
            field="seats",
        )
    if law == Law.PARTY_BRANCH and not 1 <= total <= 7:
        raise InvalidInput(
            gettext_noop("A branch committee has at most 7 members (P4); these seats make %(n)s."),
            {"n": total},
            field="seats",
        )
    return clean


# --- 1. elections and timetable -----------------------------------------------------------------


def election_open(
    *,
    actor: Any,
    county: Unit,
    name: str,
    election_day: date,
    profile: str = "national",
    seats: Mapping[str, Mapping[str, int]] | None = None,
) -> GeneralElection:
    """Open a county's general election: a villagers' committee and a party branch election in
    every village, with seats and the timetable derived from election day (V11, V17, V21, V45)."""
    permissions.require_write(actor, county.path, ELECTIONS)
    if county.level != Level.COUNTY:
        raise InvalidInput(gettext_noop("A general election is opened by a county."), field="unit")
    seats = {**DEFAULT_SEATS, **(seats or {})}
    checked = {law: seats_check(law, profile, seats[law]) for law in Law.values}
    plan = timetable.timetable_for(profile, election_day)
    if plan.roll_published_by < local_today():
        raise WrongState(
            gettext_noop(
                "Election day %(day)s is too close: the roll must be published by %(by)s (V11)."
            ),
            {"day": election_day.isoformat(), "by": plan.roll_published_by.isoformat()},
        )
    with transaction.atomic():
        if GeneralElection.objects.filter(county=county, state="open").exists():
            raise WrongState(gettext_noop("This county already has an open general election."))
        general = GeneralElection.objects.create(
            county=county,
            name=_text(name, "name"),
            election_day=election_day,
            profile=profile,
            opened_by=actor,
        )
        villages = list(
            Unit.objects.filter(level=Level.VILLAGE, path__startswith=county.path).order_by("code")
        )
        VillageElection.objects.bulk_create(
            VillageElection(
                general=general,
                village=village,
                law=law,
                seats=checked[law],
                election_day=election_day,
                roll_published_by=plan.roll_published_by,
                candidate_list_by=plan.candidate_list_by,
                proxy_requests_by=plan.proxy_requests_by,
                proxy_list_by=plan.proxy_list_by,
                additional_election_by=plan.additional_election_by,
            )
            for village in villages
            for law in Law.values
        )
        org_services.touch_public(v.pk for v in villages)
        audit_log(
            actor=actor,
            action="elections.general.open",
            obj=general,
            unit_path=county.path,
            changes={"election_day": [None, election_day], "profile": [None, profile]},
            note=f"{len(villages)} villages",
        )
    return general


def election_seats_set(
    *, actor: Any, election: VillageElection, seats: Mapping[str, int]
) -> VillageElection:
    """Change a village's seats per post before the candidate list is published."""
    _require(actor, election)
    clean = seats_check(election.law, election.profile, seats)
    with transaction.atomic():
        election = _locked(election)
        _state(
            election,
            ("preparation", "roll_published"),
            gettext_noop("Seats cannot change once the candidates are published (now: %(state)s)."),
        )
        before, election.seats = election.seats, clean
        election.save(update_fields=["seats"])
        audit_log(
            actor=actor,
            action="elections.seats.set",
            obj=election,
            unit_path=election.village.path,
            changes={"seats": [before, clean]},
        )
    return election


# --- 2. voter roll ------------------------------------------------------------------------------


def _on_other_roll(election: VillageElection, person: Person) -> bool:
    """V10: the person is already on another village's roll of this general election."""
    return (
        VoterRollEntry.objects.filter(
            person=person,
            removed_on__isnull=True,
            election__general=election.general,
            election__law=election.law,
        )
        .exclude(election=election)
        .exists()
    )


def roll_build(
    *, actor: Any, election: VillageElection, deprived_person_ids: Iterable[int] = ()
) -> dict[str, int]:
    """Build the roll from the registry (V8, V9 a; P5): adults registered and resident, or the
    village's full party members. Cases (b) and (c) need their conditions: :func:`roll_add`."""
    _require(actor, election)
    deprived = set(deprived_person_ids)
    counts = {"added": 0, "under_age": 0, "needs_conditions": 0, "deprived": 0, "elsewhere": 0}
    with transaction.atomic():
        election = _locked(election)
        _state(
            election,
            ("preparation",),
            gettext_noop("The roll is built before it is published (now: %(state)s)."),
        )
        people = Person.objects.filter(village=election.village).select_related("roll_entry")
        if election.law == Law.PARTY_BRANCH:
            people = people.filter(party_status=PartyStatus.FULL)
        existing = set(election.roll.values_list("person_id", flat=True))
        today, new = local_today(), []
        for person in people:
            if person.pk in existing:
                continue
            entry = getattr(person, "roll_entry", None)
            registration = entry.registration if entry else ""
            if election.law == Law.VILLAGERS_COMMITTEE and registration != "registered_resident":
                counts["needs_conditions"] += 1
                continue
            if not eligibility.of_age(person.birth_date, election.election_day):
                counts["under_age"] += 1
                continue
            if person.pk in deprived:
                counts["deprived"] += 1
                continue
            if _on_other_roll(election, person):
                counts["elsewhere"] += 1
                continue
            new.append(
                VoterRollEntry(
                    election=election,
                    person=person,
                    registration=registration or "registered_resident",
                    basis=VoterRollEntry.Basis.ROLL_BUILD,
                    added_on=today,
                )
            )
        VoterRollEntry.objects.bulk_create(new)
        counts["added"] = len(new)
        audit_log(
            actor=actor,
            action="elections.roll.build",
            obj=election,
            unit_path=election.village.path,
            changes={k: [None, v] for k, v in counts.items()},
        )
    return counts


def roll_add(
    *,
    actor: Any,
    election: VillageElection,
    person: Person,
    registration: str,
    decision: str,
    wish_recorded_on: date | None = None,
    wish_channel: str = "",
    resident_since: date | None = None,
    applied_on: date | None = None,
) -> VoterRollEntry:
    """Add a voter by decision (V9 b/c with their conditions; after publication a supplement)."""
    _require(actor, election)
    decision = _text(decision, "decision")
    if not eligibility.of_age(person.birth_date, election.election_day):
        raise InvalidInput(
            gettext_noop("%(name)s is not 18 on election day (V8)."),
            {"name": person.name},
            field="person",
        )
    if election.law == Law.PARTY_BRANCH and person.party_status != PartyStatus.FULL:
        raise InvalidInput(
            gettext_noop("Only full party members vote in the branch election (P5)."),
            field="person",
        )
    if person.village_id != election.village_id and registration != "resident_unregistered":
        raise InvalidInput(
            gettext_noop("A person of another village is added only as a resident (V9 c)."),
            field="registration",
        )
    problem = eligibility.registration_problem(
        registration=registration,
        election_day=election.election_day,
        wish_recorded_on=wish_recorded_on,
        wish_channel=wish_channel,
        resident_since=resident_since,
        applied_on=applied_on,
        meeting_decision=decision,
    )
    if problem and election.law == Law.VILLAGERS_COMMITTEE:
        raise InvalidInput(problem[0], problem[1], field="registration")
    with transaction.atomic():
        election = _locked(election)
        _state(
            election,
            ("preparation", "roll_published", "candidates_published"),
            gettext_noop("The roll is closed (now: %(state)s)."),
        )
        if _on_other_roll(election, person):
            raise WrongState(
                gettext_noop("%(name)s is already on another village's roll (V10)."),
                {"name": person.name},
            )
        entry = VoterRollEntry.objects.filter(election=election, person=person).first()
        if entry is not None and entry.active:
            raise WrongState(
                gettext_noop("%(name)s is already on the roll."), {"name": person.name}
            )
        entry = entry or VoterRollEntry(election=election, person=person)
        entry.registration, entry.basis, entry.decision = registration, "decision", decision
        entry.wish_recorded_on, entry.wish_channel = wish_recorded_on, wish_channel
        entry.resident_since, entry.applied_on = resident_since, applied_on
        entry.added_on, entry.removed_on, entry.removal_reason = local_today(), None, ""
        entry.supplement = election.state != "preparation"  # V13
        entry.save()
        _audit(actor, "roll.add", entry, election, {"registration": registration}, decision)
    return entry


def roll_remove(
    *,
    actor: Any,
    entry: VoterRollEntry,
    reason: str,
    decision: str,
    political_rights_lost: bool = False,
) -> VoterRollEntry:
    """Take a voter off the roll by decision, with the reason (the row stays)."""
    election = entry.election
    _require(actor, election)
    reason, decision = _text(reason, "reason"), _text(decision, "decision")
    with transaction.atomic():
        election = _locked(election)
        _state(
            election,
            ("preparation", "roll_published", "candidates_published"),
            gettext_noop("The roll is closed (now: %(state)s)."),
        )
        entry = VoterRollEntry.objects.select_for_update().get(pk=entry.pk)
        if not entry.active:
            raise WrongState(gettext_noop("This voter was already removed from the roll."))
        entry.removed_on, entry.removal_reason, entry.removal_decision = (
            local_today(),
            reason,
            decision,
        )
        entry.political_rights_lost = entry.political_rights_lost or political_rights_lost
        entry.supplement = election.state != "preparation"
        entry.save(
            update_fields=[
                "removed_on",
                "removal_reason",
                "removal_decision",
                "political_rights_lost",
                "supplement",
            ]
        )
        _audit(actor, "roll.remove", entry, election, {"removal_reason": reason}, decision)
    return entry


def public_roll(election: VillageElection) -> list[str]:
    """The roll as published online: masked names only (张**), no other personal data."""
    names = election.roll.filter(removed_on__isnull=True).values_list("person__name", flat=True)
    return [mask_name(n) for n in names]


def roll_publish(*, actor: Any, election: VillageElection) -> VillageElection:
    """Publish the roll (V11: by D-20); objections open for 5 days (V12)."""
    _require(actor, election)
    today = local_today()
    with transaction.atomic():
        election = _locked(election)
        _state(
            election,
            ("preparation",),
            gettext_noop("The roll can be published once, in preparation (now: %(state)s)."),
        )
        if today > election.roll_published_by:
            raise WrongState(
                gettext_noop(
                    "The roll had to be published by %(date)s, 20 days before election day "
                    "(V11); the county must move election day first."
                ),
                {"date": election.roll_published_by.isoformat()},
            )
        if not election.roll.filter(removed_on__isnull=True).exists():
            raise WrongState(gettext_noop("The roll is empty; build it first."))
        election.state = "roll_published"
        election.roll_published_on = today
        election.objections_until = timetable.objections_until(election.profile, today)
        election.save(update_fields=["state", "roll_published_on", "objections_until"])
        content = {"village": election.village.code, "law": election.law}
        _ledger("election_roll", election, election, {**content, "roll": public_roll(election)})
        org_services.touch_public([election.village_id])
        _audit(actor, "roll.publish", election, election, {"roll_published_on": today})
    return election


def roll_objection_file(
    *,
    actor: Any,
    election: VillageElection,
    objector_name: str,
    kind: str,
    text: str,
    subject: Person | None = None,
    received_on: date | None = None,
) -> RollObjection:
    """Record an objection to the published roll, accepted within 5 days (V12)."""
    _require(actor, election)
    received_on = received_on or local_today()
    if kind not in RollObjection.Kind.values:
        raise InvalidInput(gettext_noop("Choose the kind of objection."), field="kind")
    with transaction.atomic():
        election = _locked(election)
        if election.objections_until is None:
            raise WrongState(gettext_noop("The roll is not published yet."))
        if received_on > election.objections_until or received_on < election.roll_published_on:
            raise WrongState(
                gettext_noop(
                    "Objections were accepted from %(start)s to %(end)s, 5 days after the roll "
                    "was published (V12)."
                ),
                {
                    "start": election.roll_published_on.isoformat(),
                    "end": election.objections_until.isoformat(),
                },
            )
        objection = RollObjection.objects.create(
            election=election,
            objector_name=_text(objector_name, "objector_name"),
            subject=subject,
            kind=kind,
            text=_text(text, "text"),
            received_on=received_on,
            decide_by=timetable.objection_decision_due(election.profile, received_on),
        )
        _audit(actor, "objection.file", objection, election, {"kind": kind})
    return objection


def roll_objection_decide(
    *,
    actor: Any,
    objection: RollObjection,
    outcome: str,
    reason: str,
    decided_on: date | None = None,
) -> RollObjection:
    """Decide an objection within 3 days of its receipt (V12); an upheld objection against an
    entry takes that voter off the roll."""
    election = objection.election
    _require(actor, election)
    decided_on = decided_on or local_today()
    if outcome not in RollObjection.Outcome.values:
        raise InvalidInput(gettext_noop("Choose upheld or rejected."), field="outcome")
    reason = _text(reason, "reason")
    with transaction.atomic():
        objection = RollObjection.objects.select_for_update().get(pk=objection.pk)
        if objection.decided_on is not None:
            raise WrongState(gettext_noop("This objection is already decided."))
        if decided_on < objection.received_on:
            raise InvalidInput(
                gettext_noop("An objection cannot be decided before it was received."),
                field="decided_on",
            )
        if decided_on > objection.decide_by:
            raise WrongState(
                gettext_noop(
                    "This objection had to be decided by %(date)s (3 days, V12); record the "
                    "decision with its real date and report the delay to the town."
                ),
                {"date": objection.decide_by.isoformat()},
            )
        objection.decided_on, objection.outcome, objection.reason = decided_on, outcome, reason
        objection.save(update_fields=["decided_on", "outcome", "reason"])
        _audit(actor, "objection.decide", objection, election, {"outcome": outcome}, reason)
    wrongly = objection.kind == RollObjection.Kind.WRONGLY_INCLUDED
    if outcome == "upheld" and wrongly and objection.subject_id:
        entry = election.roll.filter(person=objection.subject, removed_on__isnull=True).first()
        if entry is not None:
            roll_remove(actor=actor, entry=entry, reason=reason, decision=f"#{objection.pk}")
    return objection


# --- 3. nomination, candidates, review ----------------------------------------------------------


def _post_of(election: VillageElection, post: str) -> str:
    if post not in election.seats:
        raise InvalidInput(
            gettext_noop("Post %(post)s has no seats in this election."),
            {"post": post},
            field="post",
        )
    return post


def _voter(election: VillageElection, person: Person) -> bool:
    return election.roll.filter(person=person, removed_on__isnull=True).exists()


def nomination_record(
    *, actor: Any, election: VillageElection, post: str, person: Person, votes: int
) -> Nomination:
    """Record a direct nomination with its number of votes (V14)."""
    _require(actor, election)
    _post_of(election, post)
    if votes < 0:
        raise InvalidInput(gettext_noop("Votes cannot be negative."), field="votes")
    if not _voter(election, person):
        raise InvalidInput(
            gettext_noop("%(name)s is not on this election's roll and cannot stand."),
            {"name": person.name},
            field="person",
        )
    with transaction.atomic():
        election = _locked(election)
        _state(
            election,
            ("preparation", "roll_published"),
            gettext_noop("Nominations close when the candidates are published (now: %(state)s)."),
        )
        nomination, _ = Nomination.objects.update_or_create(
            election=election,
            post=post,
            person=person,
            defaults={"votes": votes, "recorded_on": local_today()},
        )
        _audit(actor, "nomination.record", nomination, election, {"post": post, "votes": votes})
    return nomination


def _latest_review(election: VillageElection, person: Person) -> QualificationReview | None:
    return election.reviews.filter(person=person).order_by("-reviewed_on", "-id").first()


def candidate_list_set(
    *, actor: Any, election: VillageElection, post: str, people: list[Person]
) -> list[Candidate]:
    """Fix the candidates of one post: nominated, cleared by the review, contested (V15, V16,
    P9); ordered by nomination votes (V17)."""
    _require(actor, election)
    if len({p.pk for p in people}) != len(people):
        raise InvalidInput(gettext_noop("A person is listed twice."), field="people")
    with transaction.atomic():
        election = _locked(election)
        _state(
            election,
            ("roll_published",),
            gettext_noop("Candidates are fixed after the roll is published (now: %(state)s)."),
        )
        _post_of(election, post)
        _check_candidates(election, post, people)
        nominations = {n.person_id: n.votes for n in election.nominations.filter(post=post)}
        ordered = sorted(people, key=lambda p: (-nominations[p.pk], p.name, p.pk))
        election.candidates.filter(post=post).delete()
        rows = Candidate.objects.bulk_create(
            Candidate(
                election=election,
                post=post,
                person=p,
                nomination_votes=nominations[p.pk],
                order=i,
            )
            for i, p in enumerate(ordered, start=1)
        )
        _audit(actor, "candidates.set", election, election, {post: [p.pk for p in ordered]})
    return rows


def _check_candidates(election: VillageElection, post: str, people: list[Person]) -> None:
    rules = get_profile(election.profile).rules(election.law)
    seats = election.seats[post]
    if not counting.candidates_suffice(rules, post, seats, len(people)):
        message = gettext_noop(
            "%(post)s has %(seats)s seats and %(n)s candidates: the list must be contested (V15)."
        )
        if election.law == Law.PARTY_BRANCH:
            message = gettext_noop(
                "%(post)s has %(seats)s seats and %(n)s candidates: the branch needs at least "
                "20%% more candidates than seats (P9)."
            )
        raise InvalidInput(
            message, {"post": post, "seats": seats, "n": len(people)}, field="people"
        )
    nominated = set(election.nominations.filter(post=post).values_list("person_id", flat=True))
    for person in people:
        if person.pk not in nominated:
            raise InvalidInput(
                gettext_noop("%(name)s was not nominated for this post."),
                {"name": person.name},
                field="people",
            )
        review = _latest_review(election, person)
        if review is None or review.decision != QualificationReview.Decision.CLEARED:
            message = gettext_noop("%(name)s has not been cleared by the qualification review.")
            if review is not None:
                message = gettext_noop(
                    "%(name)s is barred by the qualification review and cannot stand (Q4)."
                )
            raise InvalidInput(message, {"name": person.name}, field="people")


def _candidate_names(election: VillageElection) -> dict[str, list[str]]:
    names: dict[str, list[str]] = {post: [] for post in election.seats}
    for c in election.candidates.select_related("person").order_by("post", "order"):
        names[c.post].append(c.person.name)
    return names


def candidate_list_publish(*, actor: Any, election: VillageElection) -> RoundResult:
    """Publish the candidate list by D-5 (V17) and open the first round for voting."""
    _require(actor, election)
    rules = get_profile(election.profile).rules(election.law)
    today = local_today()
    with transaction.atomic():
        election = _locked(election)
        _state(
            election,
            ("roll_published",),
            gettext_noop("The candidate list is published after the roll (now: %(state)s)."),
        )
        if today > election.candidate_list_by:
            raise WrongState(
                gettext_noop(
                    "The candidate list had to be published by %(date)s, 5 days before election "
                    "day (V17)."
                ),
                {"date": election.candidate_list_by.isoformat()},
            )
        names = _candidate_names(election)
        for post, seats in election.seats.items():
            if not counting.candidates_suffice(rules, post, seats, len(names[post])):
                raise WrongState(
                    gettext_noop("Post %(post)s has too few candidates for its seats."),
                    {"post": post},
                )
        election.state, election.candidate_list_published_on = "candidates_published", today
        election.save(update_fields=["state", "candidate_list_published_on"])
        first = RoundResult.objects.create(
            election=election,
            number=1,
            kind="regular",
            seats=election.seats,
            candidates=names,
            held_on=election.election_day,
        )
        _ledger("election_candidates", election, election, {"candidates": names})
        org_services.touch_public([election.village_id])
        _audit(actor, "candidates.publish", election, election, {"candidates": names})
    return first


def review_record(
    *,
    actor: Any,
    election: VillageElection,
    person: Person,
    sources: list[str],
    findings: list[str],
    decision: str,
    reason: str,
) -> QualificationReview:
    """Record the joint review of a nominee (Q1-Q4): sources consulted, conditions found."""
    _require_office(actor, election.village)
    unknown = [s for s in sources if s not in data.REVIEW_SOURCES]
    if not sources or unknown:
        raise InvalidInput(gettext_noop("Name the sources consulted."), field="sources")
    codes = {row["code"] for row in data.negative_list()}
    if any(code not in codes for code in findings):
        raise InvalidInput(gettext_noop("Unknown negative-list condition."), field="findings")
    if decision not in QualificationReview.Decision.values:
        raise InvalidInput(gettext_noop("Choose cleared or barred."), field="decision")
    if findings and decision == "cleared":
        raise InvalidInput(
            gettext_noop("A person with a negative-list condition cannot be cleared (Q4)."),
            field="decision",
        )
    reason = _text(reason, "reason")
    with transaction.atomic():
        election = _locked(election)
        _state(
            election,
            ("preparation", "roll_published"),
            gettext_noop("The review comes before the candidates are published (now: %(state)s)."),
        )
        review = QualificationReview.objects.create(
            election=election,
            person=person,
            reviewer=actor,
            sources=list(sources),
            findings=list(findings),
            decision=decision,
            reason=reason,
            reviewed_on=local_today(),
        )
        if decision == "barred":
            election.candidates.filter(person=person).delete()
        _audit(actor, "review.record", review, election, {"decision": decision}, reason)
    return review


# --- 4. talks -----------------------------------------------------------------------------------


def talk_record(
    *,
    actor: Any,
    general: GeneralElection,
    village: Unit,
    person_name: str,
    held_on: date,
    summary: str,
    concerns: str = "",
    person: Person | None = None,
) -> HeartToHeartTalk:
    """Record a heart-to-heart talk before the election (who, with whom, when, what)."""
    permissions.require_write(actor, village.path, ELECTIONS)
    if not village.path.startswith(general.county.path):
        raise InvalidInput(gettext_noop("The village is outside this election."), field="village")
    if held_on > local_today():
        raise InvalidInput(gettext_noop("A talk cannot be recorded before it is held."), "held_on")
    with transaction.atomic():
        talk = HeartToHeartTalk.objects.create(
            general=general,
            village=village,
            talker=actor,
            person=person,
            person_name=_text(person_name, "person_name"),
            held_on=held_on,
            summary=_text(summary, "summary"),
            concerns=concerns.strip(),
        )
        audit_log(actor=actor, action="elections.talk.record", obj=talk, unit_path=village.path)
    return talk


# --- 5. proxies ---------------------------------------------------------------------------------


def proxy_record(
    *,
    actor: Any,
    election: VillageElection,
    principal: Person,
    proxy: Person,
    relationship: str,
    written: bool,
    requested_on: date | None = None,
) -> Proxy:
    """Record a written proxy (V19-V21); refused with the reason otherwise."""
    _require(actor, election)
    requested_on = requested_on or local_today()
    cap = timetable.days(election.profile)["proxy_cap"]
    with transaction.atomic():
        election = _locked(election)
        _state(
            election,
            ("roll_published", "candidates_published"),
            gettext_noop("Proxies are recorded after the roll is published (now: %(state)s)."),
        )
        if election.proxies.filter(principal=principal).exists():
            raise WrongState(
                gettext_noop("%(name)s has already given a proxy."), {"name": principal.name}
            )
        problem = eligibility.proxy_problem(
            relationship=relationship,
            written=written,
            principal_on_roll=_voter(election, principal),
            proxy_on_roll=_voter(election, proxy),
            proxy_is_candidate=election.candidates.filter(person=proxy).exists(),
            principals_already=election.proxies.filter(proxy=proxy).count(),
            cap=cap,
            requested_on=requested_on,
            requests_by=election.proxy_requests_by,
            same_person=principal.pk == proxy.pk,
            proxy_is_principal=election.proxies.filter(principal=proxy).exists(),
        )
        if problem:
            error = WrongState if requested_on > election.proxy_requests_by else InvalidInput
            raise error(problem[0], problem[1])
        row = Proxy.objects.create(
            election=election,
            principal=principal,
            proxy=proxy,
            relationship=relationship,
            written=written,
            requested_on=requested_on,
        )
        _audit(actor, "proxy.record", row, election, {"relationship": relationship})
    return row


def public_proxies(election: VillageElection) -> list[dict[str, str]]:
    rows = election.proxies.select_related("principal", "proxy")
    return [
        {"principal": mask_name(r.principal.name), "proxy": mask_name(r.proxy.name)} for r in rows
    ]


def proxy_list_publish(*, actor: Any, election: VillageElection) -> VillageElection:
    """Publish the list of principals and proxies before election day (V20, V21)."""
    _require(actor, election)
    today = local_today()
    with transaction.atomic():
        election = _locked(election)
        _state(
            election,
            ("roll_published", "candidates_published"),
            gettext_noop("The proxy list is published before voting (now: %(state)s)."),
        )
        if today > election.proxy_list_by:
            raise WrongState(
                gettext_noop("The proxy list had to be published by %(date)s (V20)."),
                {"date": election.proxy_list_by.isoformat()},
            )
        election.proxy_list_published_on = today
        election.save(update_fields=["proxy_list_published_on"])
        _ledger("election_proxies", election, election, {"proxies": public_proxies(election)})
        _audit(actor, "proxies.publish", election, election, {"proxy_list_published_on": today})
    return election


# --- 6. stations, observers ---------------------------------------------------------------------


def station_add(
    *,
    actor: Any,
    election: VillageElection,
    name: str,
    kind: str,
    scrutineers: list[str],
    approved_by_town: bool = False,
) -> PollingStation:
    """Add a polling station or a mobile ballot box (V24: approved, >= 3 scrutineers; V25)."""
    _require(actor, election)
    scrutineers = [s.strip() for s in scrutineers if s.strip()]
    if kind not in PollingStation.Kind.values:
        raise InvalidInput(gettext_noop("Choose the kind of station."), field="kind")
    if kind == "mobile_box" and (len(scrutineers) < 3 or not approved_by_town):
        raise InvalidInput(
            gettext_noop("A mobile ballot box needs the town's approval and 3 scrutineers (V24)."),
            field="scrutineers",
        )
    candidates = set(election.candidates.values_list("person__name", flat=True))
    if candidates & set(scrutineers):
        raise InvalidInput(
            gettext_noop("A candidate may not scrutinise or count (V25)."), field="scrutineers"
        )
    with transaction.atomic():
        if election.stations.filter(name=name.strip()).exists():
            raise InvalidInput(gettext_noop("This station name is already used."), field="name")
        station = PollingStation.objects.create(
            election=election,
            name=_text(name, "name"),
            kind=kind,
            scrutineers=scrutineers,
            approved_by_town=approved_by_town,
        )
        _audit(actor, "station.add", station, election, {"kind": kind})
    return station


def observer_assign(
    *,
    actor: Any,
    general: GeneralElection,
    observer: Any,
    village: Unit,
    station: PollingStation | None = None,
) -> ObserverAssignment:
    """Send an observer to a village (and a station) of the general election."""
    permissions.require_write(actor, village.path, ELECTIONS)
    if observer.role != "election_observer":
        raise InvalidInput(gettext_noop("This account is not an election observer."), "observer")
    with transaction.atomic():
        row = ObserverAssignment.objects.create(
            general=general,
            observer=observer,
            village=village,
            station=station,
            assigned_by=actor,
            assigned_on=local_today(),
        )
        audit_log(actor=actor, action="elections.observer.assign", obj=row, unit_path=village.path)
    return row


def observer_report_submit(
    *, actor: Any, assignment: ObserverAssignment, checklist: dict, notes: str = "", concerns=""
) -> ObserverReport:
    """An observer files a checklist and notes for their own assignment (OBSERVATION)."""
    permissions.require_write(actor, assignment.village.path, permissions.OBSERVATION)
    if assignment.observer_id != actor.pk:
        raise NotAllowed(gettext_noop("Only the assigned observer may report here."))
    if not isinstance(checklist, dict):
        raise InvalidInput(gettext_noop("The checklist must be a list of answers."), "checklist")
    with transaction.atomic():
        report = ObserverReport.objects.create(
            assignment=assignment,
            checklist=checklist,
            notes=notes,
            concerns=concerns,
            submitted_at=timezone.now(),
        )
        audit_log(
            actor=actor,
            action="elections.observer.report",
            obj=report,
            unit_path=assignment.village.path,
        )
    return report


# --- 7. tally sheets and counting ---------------------------------------------------------------


def _figures(
    round: RoundResult, post: str, figures: Mapping[str, Any], votes: Mapping[str, int]
) -> dict:
    clean: dict[str, Any] = {}
    for key in FIGURES:
        value = figures.get(key)
        if type(value) is not int or value < 0:
            raise InvalidInput(
                gettext_noop("%(field)s must be a whole number, 0 or more."),
                {"field": key},
                field=key,
            )
        clean[key] = value
    clean_votes = {}
    for name, n in votes.items():
        name = str(name).strip()
        if not name or type(n) is not int or n < 0:
            raise InvalidInput(gettext_noop("Each vote count is a whole number."), field="votes")
        clean_votes[name] = n
    for name in round.candidates.get(post, []):
        clean_votes.setdefault(name, 0)
    clean["votes"] = dict(sorted(clean_votes.items()))
    return clean


def _differences(first: dict, second: dict) -> list[str]:
    keys = [k for k in FIGURES if first.get(k) != second.get(k)]
    names = sorted(set(first["votes"]) | set(second["votes"]))
    return keys + [n for n in names if first["votes"].get(n, 0) != second["votes"].get(n, 0)]


def tally_enter(
    *,
    actor: Any,
    round: RoundResult,
    station: PollingStation,
    post: str,
    figures: Mapping[str, int],
    votes: Mapping[str, int],
) -> TallySheet:
    """Enter a station's count for one post; the second entry, by another clerk, is compared."""
    election = round.election
    _require(actor, election)
    if post not in round.seats:
        raise InvalidInput(
            gettext_noop("Post %(post)s has no seats in this round; its result is refused."),
            {"post": post},
            field="post",
        )
    if station.election_id != election.pk:
        raise InvalidInput(gettext_noop("This station belongs to another election."), "station")
    entry = _figures(round, post, figures, votes)
    with transaction.atomic():
        round = RoundResult.objects.select_for_update().get(pk=round.pk)
        if round.status != RoundResult.Status.OPEN:
            raise WrongState(gettext_noop("This round is already counted."))
        sheet = TallySheet.objects.filter(round=round, station=station, post=post).first()
        if sheet is None:
            sheet = TallySheet.objects.create(
                round=round, station=station, post=post, first=entry, first_by=actor
            )
            _audit(actor, "tally.first", sheet, election, {"first": entry})
            return sheet
        if sheet.status != TallySheet.Status.AWAITING_SECOND:
            raise WrongState(
                gettext_noop("This sheet already has two entries (%(status)s)."),
                {"status": sheet.get_status_display()},
            )
        if sheet.first_by_id == actor.pk:
            raise WrongState(
                gettext_noop("The second entry must be made by another clerk than the first.")
            )
        sheet.second, sheet.second_by = entry, actor
        sheet.differences = _differences(sheet.first, entry)
        sheet.status = "disagree" if sheet.differences else "agreed"
        sheet.save(update_fields=["second", "second_by", "differences", "status"])
        _audit(actor, "tally.second", sheet, election, {"second": entry, "status": sheet.status})
    return sheet


def tally_resolve(
    *,
    actor: Any,
    sheet: TallySheet,
    figures: Mapping[str, int],
    votes: Mapping[str, int],
    note: str,
) -> TallySheet:
    """Enter the recounted figures of a sheet whose two entries differ, with a note."""
    election = sheet.round.election
    _require(actor, election)
    note = _text(note, "note")
    entry = _figures(sheet.round, sheet.post, figures, votes)
    with transaction.atomic():
        sheet = TallySheet.objects.select_for_update().get(pk=sheet.pk)
        if sheet.status != TallySheet.Status.DISAGREE:
            raise WrongState(gettext_noop("Only a sheet whose two entries differ is resolved."))
        sheet.resolved, sheet.resolved_by, sheet.resolution_note = entry, actor, note
        sheet.status = "resolved"
        sheet.save(update_fields=["resolved", "resolved_by", "resolution_note", "status"])
        _audit(actor, "tally.resolve", sheet, election, {"resolved": entry}, note)
    return sheet


def eligible_count(election: VillageElection) -> int:
    """V (registered voters) or should_attend (P6: full members minus approved exclusions)."""
    roll = election.roll.filter(removed_on__isnull=True)
    if election.law == Law.PARTY_BRANCH:
        roll = roll.filter(excluded_from_should_attend=False)
    return roll.count()


def count_document(round: RoundResult) -> dict[str, Any]:
    """Build the ``openvillage count`` input from the agreed sheets of every station and post."""
    election = round.election
    sheets = list(round.sheets.select_related("station"))
    blocking = [s for s in sheets if s.status not in ("agreed", "resolved")]
    if blocking:
        raise WrongState(
            gettext_noop(
                "%(n)s tally sheets are not settled (a second entry missing or entries that "
                "differ); the result waits until they are."
            ),
            {"n": len(blocking)},
        )
    stations = list(election.stations.all())
    have = {(s.station_id, s.post) for s in sheets}
    missing = [(st.name, p) for st in stations for p in round.seats if (st.pk, p) not in have]
    if not stations or missing:
        raise WrongState(
            gettext_noop("Tally sheets are missing (%(missing)s)."),
            {"missing": ", ".join(f"{n}/{p}" for n, p in missing) or "-"},
        )
    totals = dict.fromkeys(FIGURES, 0)
    votes: dict[str, dict[str, int]] = {post: {} for post in round.seats}
    for station in stations:
        mine = [s.final for s in sheets if s.station_id == station.pk]
        if any({k: f[k] for k in FIGURES} != {k: mine[0][k] for k in FIGURES} for f in mine):
            raise WrongState(
                gettext_noop("The sheets of %(station)s disagree on the ballot figures."),
                {"station": station.name},
            )
        for key in FIGURES:
            totals[key] += mine[0][key]
    for sheet in sheets:
        for name, n in sheet.final["votes"].items():
            votes[sheet.post][name] = votes[sheet.post].get(name, 0) + n
    return {
        "law": election.law,
        "profile": election.profile,
        "round": round.kind,
        "eligible": eligible_count(election),
        "present": totals["voters_voted"],
        "ballots_issued": totals["ballots_issued"],
        "ballots_collected": totals["ballots_collected"],
        "seats": dict(round.seats),
        "candidates": {post: list(names) for post, names in round.candidates.items()},
        "tally": votes,
        "invalid_ballots": totals["invalid_ballots"],
    }


def round_count(*, actor: Any, round: RoundResult) -> RoundResult:
    """Count a round with the pure counting module and store its outcome (C3, C5)."""
    election = round.election
    _require(actor, election)
    with transaction.atomic():
        round = RoundResult.objects.select_for_update().select_related("election").get(pk=round.pk)
        if round.status != RoundResult.Status.OPEN:
            raise WrongState(gettext_noop("This round is already counted."))
        document = count_document(round)
        try:
            result = count_cli.count_document(document)
        except InvalidInput as err:
            raise InvalidInput(err.message, err.params, field=err.field) from None
        round.document, round.output = document, count_cli.result_document(result)
        round.status, round.rule = result.status, result.rule
        round.posts = {
            p.post: {
                "threshold_base": p.threshold_base,
                "threshold_base_value": p.threshold_base_value,
                "rule": p.rule,
            }
            for p in result.posts
        }
        for key in ("eligible", "present", "ballots_issued", "ballots_collected"):
            setattr(round, key, document[key])
        round.invalid_ballots = document["invalid_ballots"]
        round.counted_at, round.counted_by = timezone.now(), actor
        round.save()
        VillageElection.objects.filter(pk=election.pk).update(state="counted")
        _audit(actor, "round.count", round, election, {"status": result.status}, result.rule)
    return round


def additional_round_open(*, actor: Any, election: VillageElection, held_on: date) -> RoundResult:
    """Open the next round: a re-vote if the last round was invalid (V27), else the additional
    election (or tie re-vote) for the seats left empty (V36, V40, V41, V45)."""
    _require(actor, election)
    with transaction.atomic():
        election = _locked(election)
        last = election.rounds.order_by("-number").first()
        if last is None or last.status == RoundResult.Status.OPEN:
            raise WrongState(gettext_noop("Count the current round first."))
        if election.state == "published":
            raise WrongState(gettext_noop("The result is already published."))
        if held_on > election.additional_election_by or held_on < last.held_on:
            raise WrongState(
                gettext_noop("A further round must be held by %(date)s (V45)."),
                {"date": election.additional_election_by.isoformat()},
            )
        if last.status != RoundResult.Status.VALID:
            kind, seats, candidates = last.kind, last.seats, last.candidates
        else:
            kind, seats, candidates = "additional", {}, {}
            for post, outcome in last.output["posts"].items():
                names = outcome["tied"] or outcome["additional_candidates"]
                if outcome["vacant"] > 0 and names:
                    seats[post], candidates[post] = outcome["vacant"], names
            if not seats:
                raise WrongState(gettext_noop("No seat is left to fill by a further round."))
        row = RoundResult.objects.create(
            election=election,
            number=last.number + 1,
            kind=kind,
            seats=seats,
            candidates=candidates,
            held_on=held_on,
        )
        election.state = "candidates_published"
        election.save(update_fields=["state"])
        _audit(actor, "round.open", row, election, {"seats": seats, "candidates": candidates})
    return row


# --- 8. results ---------------------------------------------------------------------------------


def elected_people(election: VillageElection) -> list[tuple[str, str]]:
    """``(post, name)`` for every seat won in a valid round, less voided results (V37)."""
    won = []
    for r in election.rounds.filter(status=RoundResult.Status.VALID).order_by("number"):
        voided = {(v["post"], v["name"]) for v in r.voided}
        for post, outcome in r.output.get("posts", {}).items():
            won += [(post, n) for n in outcome["elected"] if (post, n) not in voided]
    return won


def _person_named(election: VillageElection, name: str) -> Person:
    found = list(
        Person.objects.filter(
            Q(candidate__election=election) | Q(village=election.village), name=name
        ).distinct()[:2]
    )
    if len(found) != 1:
        raise WrongState(
            gettext_noop(
                "%(name)s was elected but cannot be matched to one person of the registry; "
                "register the person first."
            ),
            {"name": name},
        )
    return found[0]


def result_public_record(election: VillageElection) -> dict[str, Any]:
    rounds = election.rounds.exclude(status=RoundResult.Status.OPEN).order_by("number")
    return {
        "village": election.village.code,
        "law": election.law,
        "election_day": election.election_day.isoformat(),
        "rounds": [
            {
                "number": r.number,
                "kind": r.kind,
                "status": r.status,
                "rule": r.rule,
                "figures": {k: r.document.get(k) for k in ("eligible", "present")},
                "output": r.output,
                "posts": r.posts,
                "voided": r.voided,
            }
            for r in rounds
        ],
        "elected": [{"post": p, "name": n} for p, n in elected_people(election)],
    }


def result_publish(*, actor: Any, election: VillageElection) -> VillageElection:
    """Publish the result, append it to the ledger and update the registry: the body's current
    terms end the day before and the elected start their terms on the publication day."""
    _require(actor, election)
    today = local_today()
    with transaction.atomic():
        election = _locked(election)
        _state(
            election,
            ("counted",),
            gettext_noop("Only a counted election is published (now: %(state)s)."),
        )
        if election.rounds.filter(status=RoundResult.Status.OPEN).exists():
            raise WrongState(gettext_noop("A round is still being counted."))
        won = elected_people(election)
        if not won:
            raise WrongState(gettext_noop("No one was elected; hold a further round first."))
        people = [(post, _person_named(election, name)) for post, name in won]
        body = TERM_POSTS[(election.law, won[0][0])][0]
        for term in election.village.terms.filter(body=body, ended_on__isnull=True):
            ended = max(today - timedelta(days=1), term.started_on)
            org_services.term_end(actor=actor, term=term, ended_on=ended)
        for post, person in people:
            body, kind = TERM_POSTS[(election.law, post)]
            org_services.term_start(
                actor=actor,
                village=election.village,
                person=person,
                body=body,
                post=kind,
                started_on=today,
            )
        election.state, election.result_published_on = "published", today
        election.save(update_fields=["state", "result_published_on"])
        _ledger("election_result", election, election, result_public_record(election))
        org_services.touch_public([election.village_id])
        _audit(actor, "result.publish", election, election, {"elected": won})
    return election


# --- 9. violation reports -----------------------------------------------------------------------


def _town_of(village: Unit) -> Unit:
    return village.parent


def violation_report_file(
    *,
    actor: Any,
    general: GeneralElection,
    village: Unit,
    violation_type: str,
    description: str,
    evidence: str = "",
    accused: Person | None = None,
    accused_name: str = "",
    reporter_name: str = "",
    reporter_contact: str = "",
) -> ViolationReport:
    """File a report (anyone; ``actor`` may be None for the public). It goes to the town's
    election office, never to the village whose cadres may be the accused (V37)."""
    if violation_type not in {row["code"] for row in data.violation_types()}:
        raise InvalidInput(gettext_noop("Choose the kind of violation."), field="violation_type")
    if not village.path.startswith(general.county.path) or village.level != Level.VILLAGE:
        raise InvalidInput(gettext_noop("The village is outside this election."), field="village")
    with transaction.atomic():
        report = ViolationReport.objects.create(
            general=general,
            village=village,
            violation_type=violation_type,
            accused=accused,
            accused_name=(accused.name if accused else accused_name.strip()),
            description=_text(description, "description"),
            evidence=evidence.strip(),
            reporter_name=reporter_name.strip(),
            reporter_contact=reporter_contact.strip(),
            filed_at=timezone.now(),
            routed_to=_town_of(village),
        )
        audit_log(
            actor=actor or "public",
            action="elections.violation.file",
            obj=report,
            unit_path=village.path,
            changes={"violation_type": [None, violation_type], "reporter": [None, reporter_name]},
        )
    return report


def _fresh(report: ViolationReport) -> ViolationReport:
    """Re-read a report: whom it is routed to decides who may act on it."""
    return ViolationReport.objects.select_related("routed_to", "village").get(pk=report.pk)


def violation_report_route(*, actor: Any, report: ViolationReport, to: Unit) -> ViolationReport:
    """Send a report to the town's or the county's election office (never to the village)."""
    report = _fresh(report)
    _require_office(actor, report.routed_to)
    if to.level not in (Level.TOWN, Level.COUNTY) or not report.village.path.startswith(to.path):
        raise InvalidInput(
            gettext_noop("A report goes to the village's town or county election office."), "to"
        )
    with transaction.atomic():
        report = ViolationReport.objects.select_for_update().get(pk=report.pk)
        if report.state == "closed":
            raise WrongState(gettext_noop("This report is closed."))
        before = report.routed_to_id
        report.routed_to, report.state = to, "routed"
        report.save(update_fields=["routed_to", "state"])
        audit_log(
            actor=actor,
            action="elections.violation.route",
            obj=report,
            unit_path=report.village.path,
            changes={"routed_to": [before, to.pk]},
        )
    return report


def violation_report_close(
    *, actor: Any, report: ViolationReport, outcome: str, findings: str
) -> ViolationReport:
    """Close a report with its outcome; a confirmed bribery, threat or falsification by a winner
    voids that result (V37, Organic Law Art. 17) and ends the term it started."""
    report = _fresh(report)
    _require_office(actor, report.routed_to)
    if outcome not in ViolationReport.Outcome.values:
        raise InvalidInput(gettext_noop("Choose confirmed or unfounded."), field="outcome")
    findings = _text(findings, "findings")
    with transaction.atomic():
        report = ViolationReport.objects.select_for_update().get(pk=report.pk)
        if report.state == "closed":
            raise WrongState(gettext_noop("This report is already closed."))
        report.state, report.outcome, report.findings = "closed", outcome, findings
        report.closed_on = local_today()
        voids = outcome == "confirmed" and report.violation_type in data.voiding_types()
        if voids and report.accused_id:
            report.voided_result = _void_winner(actor, report)
        report.save()
        audit_log(
            actor=actor,
            action="elections.violation.close",
            obj=report,
            unit_path=report.village.path,
            changes={"outcome": [None, outcome], "voided_result": [None, report.voided_result]},
            note=findings,
        )
    return report


def _void_winner(actor: Any, report: ViolationReport) -> bool:
    person, voided = report.accused, False
    elections = VillageElection.objects.filter(general=report.general, village=report.village)
    for election in elections:
        for r in election.rounds.filter(status=RoundResult.Status.VALID):
            for post, outcome in r.output.get("posts", {}).items():
                if person.name in outcome["elected"]:
                    r.voided = [*r.voided, {"post": post, "name": person.name, "report": report.pk}]
                    r.save(update_fields=["voided"])
                    voided = True
        if voided and election.state == "published":
            for term in election.village.terms.filter(
                person=person, ended_on__isnull=True, started_on__gte=election.result_published_on
            ):
                org_services.term_end(
                    actor=actor, term=term, ended_on=local_today(), reason=EndReason.REMOVED
                )
    return voided
