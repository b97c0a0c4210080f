"""Records around the election: heart-to-heart talks, observers and their reports, and the
reports of violations of the ten prohibitions (V37, §D)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from openvillage.core import permissions
from openvillage.core.audit import audit_log
from openvillage.core.clock import local_today
from openvillage.core.crypto import sealed_fields
from openvillage.core.errors import InvalidInput, NotAllowed
from openvillage.core.text import clean_text, gettext_noop
from openvillage.core.writes import check, locked, transition
from openvillage.elections import data
from openvillage.elections.models import (
    GeneralElection,
    HeartToHeartTalk,
    ObserverAssignment,
    ObserverReport,
    PollingStation,
    RoundResult,
    TalkOccasion,
    VillageElection,
    ViolationReport,
)
from openvillage.elections.rules import states
from openvillage.elections.services._common import (
    ELECTIONS,
    _require_office,
    _text,
)
from openvillage.org import services as org_services
from openvillage.org.models import EndReason, Level, Person, Unit

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
        raise InvalidInput(
            gettext_noop("A talk cannot be recorded before it is held."), field="held_on"
        )
    with transaction.atomic():
        talk = HeartToHeartTalk.objects.create(
            general=general,
            village=village,
            talker=actor,
            person=person,
            person_name=_text(person_name, "person_name"),
            held_on=held_on,
            summary=_text(summary, "summary"),
            concerns=clean_text(concerns, field="concerns").text,
        )
        audit_log(actor=actor, action="elections.talk.record", obj=talk, unit_path=village.path)
    return talk


#: The four aspects a talk assesses (supervision.md §9), stored one field each.
TALK_ASPECTS = ("state_of_mind", "working_ability", "political_quality", "public_opinion")


def talk_record_beyond_election(
    *,
    actor: Any,
    village: Unit,
    occasion: str,
    person_name: str,
    held_on: date,
    summary: str,
    talker_post: str = "",
    person_post: str = "",
    person: Person | None = None,
    aspects: dict[str, str] | None = None,
    risks: str = "",
    follow_up: str = "",
) -> HeartToHeartTalk:
    """Record a talk on another occasion than an election (appointment, problem, routine):
    the supervision side of §9, by the town or the county (SUPERVISION)."""
    if not permissions.can_write(actor, village.path, permissions.SUPERVISION):
        raise NotAllowed(gettext_noop("Your role may not make this change."))
    if occasion not in TalkOccasion.values or occasion == TalkOccasion.PRE_ELECTION:
        raise InvalidInput(gettext_noop("Choose the occasion of the talk."), field="occasion")
    if held_on > local_today():
        raise InvalidInput(
            gettext_noop("A talk cannot be recorded before it is held."), field="held_on"
        )
    if person is not None and person.village_id != village.pk:
        raise InvalidInput(gettext_noop("Choose a person of this village."), field="person")
    aspects = aspects or {}
    with transaction.atomic():
        talk = HeartToHeartTalk.objects.create(
            occasion=occasion,
            village=village,
            talker=actor,
            talker_post=clean_text(talker_post, field="talker_post").text[:60],
            person=person,
            person_name=_text(person_name, "person_name"),
            person_post=clean_text(person_post, field="person_post").text[:60],
            held_on=held_on,
            summary=_text(summary, "summary"),
            risks=clean_text(risks, field="risks").text,
            follow_up=clean_text(follow_up, field="follow_up").text,
            **{a: clean_text(aspects.get(a, ""), field=a).text for a in TALK_ASPECTS},
        )
        audit_log(actor=actor, action="elections.talk.record", obj=talk, unit_path=village.path)
    return talk


# --- 6. observers --------------------------------------------------------------------------------


OBSERVER_ELSEWHERE = gettext_noop(
    "The observer %(name)s works for another area; choose an observer of this village's town "
    "or of the county."
)


def observer_assign(
    *,
    actor: Any,
    general: GeneralElection,
    observer: Any,
    village: Unit,
    station: PollingStation | None = None,
) -> ObserverAssignment:
    """Send an observer to a village of the general election, optionally to one of its polling
    stations (the station must belong to that village's election)."""
    permissions.require_write(actor, village.path, ELECTIONS)
    if observer.role != "election_observer":
        raise InvalidInput(
            gettext_noop("This account is not an election observer."), field="observer"
        )
    if not permissions.covers(observer, village.path):  # the observer's area, not the actor's
        raise InvalidInput(OBSERVER_ELSEWHERE, {"name": str(observer)}, field="observer")
    if station is not None and (
        station.election.village_id != village.pk or station.election.general_id != general.pk
    ):
        raise InvalidInput(
            gettext_noop("The polling station is not in this village's election."),
            field="station",
        )
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
    if not isinstance(checklist, dict) or not checklist:
        raise InvalidInput(gettext_noop("Answer the items of the checklist."), field="checklist")
    codes = {row["code"] for row in data.observer_checklist()}
    for code, answer in checklist.items():
        if code not in codes:
            raise InvalidInput(
                gettext_noop("Unknown checklist item %(item)s."), {"item": code}, field="checklist"
            )
        if answer not in data.CHECKLIST_ANSWERS:
            raise InvalidInput(
                gettext_noop("Answer %(item)s with yes, no or not observed."),
                {"item": code},
                field=code,
            )
    with transaction.atomic():
        report = ObserverReport.objects.create(
            assignment=assignment,
            checklist=checklist,
            notes=clean_text(notes, field="notes").text,
            concerns=clean_text(concerns, field="concerns").text,
            submitted_at=timezone.now(),
        )
        audit_log(
            actor=actor,
            action="elections.observer.report",
            obj=report,
            unit_path=assignment.village.path,
        )
    return report


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
            evidence=clean_text(evidence, field="evidence").text,
            reporter_name=reporter_name.strip(),
            **sealed_fields("reporter_contact", reporter_contact),  # encrypted (issue 11 §4)
            filed_at=timezone.now(),
            routed_to=_town_of(village),
        )
        audit_log(
            actor=actor or "public",
            action="elections.violation.file",
            obj=report,
            unit_path=village.path,
            # Why: the reporter is known to the election office only; the audit log is read
            # more widely, so it records the report, never who made it.
            changes={"violation_type": [None, violation_type]},
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
            gettext_noop("A report goes to the village's town or county election office."),
            field="to",
        )
    with transaction.atomic():
        report = locked(report, "village")
        transition(
            report,
            "route",
            actor=actor,
            table=states.VIOLATION_REPORT,
            changes={"routed_to": to},
            unit_path=report.village.path,
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
        report = locked(report, "village", "accused")
        check(report, "close", table=states.VIOLATION_REPORT)
        voids = (
            outcome == ViolationReport.Outcome.CONFIRMED
            and report.violation_type in data.voiding_types()
        )
        voided = bool(voids and report.accused_id and _void_winner(actor, report))
        transition(
            report,
            "close",
            actor=actor,
            table=states.VIOLATION_REPORT,
            changes={
                "outcome": outcome,
                "findings": findings,
                "closed_on": local_today(),
                "voided_result": voided,
            },
            note=findings,
            unit_path=report.village.path,
        )
    return report


def _void_winner(actor: Any, report: ViolationReport) -> bool:
    person, voided = report.accused, False
    elections = VillageElection.objects.filter(general=report.general, village=report.village)
    for election in elections:
        for r in election.rounds.filter(status=RoundResult.Status.VALID):
            for post, outcome in r.output.get("posts", {}).items():
                # The person's key (id); a write-in elected by name is keyed by the name.
                key = str(person.pk) if str(person.pk) in outcome["elected"] else person.name
                if key in outcome["elected"]:
                    r.voided = [*r.voided, {"post": post, "name": key, "report": report.pk}]
                    r.save(update_fields=["voided"])
                    voided = True
        if voided and election.state == VillageElection.State.PUBLISHED:
            for term in election.village.terms.filter(
                person=person, ended_on__isnull=True, started_on__gte=election.result_published_on
            ):
                org_services.term_end(
                    actor=actor, term=term, ended_on=local_today(), reason=EndReason.REMOVED
                )
    return voided
