"""Writes of the general election and of the voter roll: opening, seats, roll building,
additions and removals, publication, objections (V8-V13)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.db import transaction

from openvillage.core import permissions
from openvillage.core.audit import audit_log
from openvillage.core.clock import local_today
from openvillage.core.errors import InvalidInput, WrongState
from openvillage.core.masking import mask_name
from openvillage.core.text import gettext_noop
from openvillage.core.writes import locked
from openvillage.elections.models import (
    GeneralElection,
    Law,
    RollObjection,
    VillageElection,
    VoterRollEntry,
)
from openvillage.elections.rules import eligibility, timetable
from openvillage.elections.services._common import (
    DEFAULT_SEATS,
    ELECTIONS,
    _allowed,
    _audit,
    _ledger,
    _locked,
    _move,
    _require,
    _text,
    seats_check,
)
from openvillage.org import services as org_services
from openvillage.org.models import Level, PartyStatus, Person, Unit

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
                "Election day %(day)s is too close: the voter roll must be published at least "
                "20 days before election day, that is by %(by)s, which has passed (Organic Law "
                "Art. 14). Choose a later election day."
            ),
            {"day": election_day.isoformat(), "by": plan.roll_published_by.isoformat()},
        )
    with transaction.atomic():
        if GeneralElection.objects.filter(county=county, state=GeneralElection.State.OPEN).exists():
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
        _allowed(election, "seats.set")
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
        _allowed(election, "roll.build")
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
        _allowed(election, "roll.change")
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
        entry.supplement = election.state != VillageElection.State.PREPARATION  # V13
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
        _allowed(election, "roll.change")
        entry = VoterRollEntry.objects.select_for_update().get(pk=entry.pk)
        if not entry.active:
            raise WrongState(gettext_noop("This voter was already removed from the roll."))
        entry.removed_on, entry.removal_reason, entry.removal_decision = (
            local_today(),
            reason,
            decision,
        )
        entry.political_rights_lost = entry.political_rights_lost or political_rights_lost
        entry.supplement = election.state != VillageElection.State.PREPARATION
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
        _allowed(election, "roll.publish")
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
        _move(
            actor,
            election,
            "roll.publish",
            changes={
                "roll_published_on": today,
                "objections_until": timetable.objections_until(election.profile, today),
            },
        )
        content = {"village": election.village.code, "law": election.law}
        _ledger("election_roll", election, election, {**content, "roll": public_roll(election)})
        org_services.touch_public([election.village_id])
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
        # Lock order: the election, then its rows; the removal below is part of the decision.
        election = _locked(election)
        objection = locked(objection)
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
        upheld = outcome == RollObjection.Outcome.UPHELD
        if upheld and wrongly and objection.subject_id:
            entry = election.roll.filter(
                person_id=objection.subject_id, removed_on__isnull=True
            ).first()
            if entry is not None:
                roll_remove(actor=actor, entry=entry, reason=reason, decision=f"#{objection.pk}")
    return objection
