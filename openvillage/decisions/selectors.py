"""Reads of the decisions app: staff reads filtered by scope, public reads of closed cases only."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Prefetch, QuerySet

from openvillage.core.errors import DomainError, NotFound
from openvillage.core.permissions import require_read, unit_scope_q
from openvillage.core.text import gettext_noop
from openvillage.decisions import rules, store
from openvillage.decisions.models import (
    Accountability,
    Case,
    CaseStatus,
    Evidence,
    StepNotice,
    StepRecord,
    Violation,
)
from openvillage.org.models import Person, Unit


def cases_for_staff(user: Any, *, status: str = "", village: Unit | None = None) -> QuerySet[Case]:
    qs = Case.objects.filter(unit_scope_q(user, "unit_path")).select_related(
        "village", "power_list"
    )
    if status:
        qs = qs.filter(status=status)
    if village is not None:
        qs = qs.filter(village=village)
    return qs.order_by("-opened_on", "-id")


def steps_awaiting_review(user: Any) -> QuerySet[StepRecord]:
    """Steps of open cases in the user's scope that the supervision committee has not reviewed
    yet (D7), oldest first; a redone step (a new record) waits again."""
    return (
        StepRecord.objects.filter(
            unit_scope_q(user, "case__unit_path"),
            case__status=CaseStatus.OPEN,
            superseded=False,
            review__isnull=True,
        )
        .select_related("case__village", "case__power_list")
        .order_by("held_on", "id")
    )


def case_for_staff(user: Any, pk: int) -> Case:
    case = Case.objects.select_related("village", "power_list").filter(pk=pk).first()
    if case is None:
        raise NotFound(gettext_noop("No such case."))
    require_read(user, case.unit_path)
    return case


def public_cases(village: Unit) -> QuerySet[Case]:
    return (
        Case.objects.filter(village=village)
        .exclude(status=CaseStatus.OPEN)
        .select_related("power_list")
        .order_by("-closed_on", "-id")
    )


def public_case(village: Unit, pk: int) -> Case:
    case = public_cases(village).select_related("village", "power_list").filter(pk=pk).first()
    if case is None:
        raise NotFound(gettext_noop("No closed case with this number in this village."))
    return case


@dataclass(frozen=True)
class StepView:
    step: rules.Step
    records: list[StepRecord]
    is_next: bool


@dataclass(frozen=True)
class CaseView:
    case: Case
    power: rules.Power
    procedure: rules.Procedure
    steps: list[StepView]
    superseded: list[StepRecord]
    next: rules.NextStep | None
    deadline: date | None
    notice: StepNotice | None = None
    notice_from: date | None = None
    notice_count: str = ""


def _records(case: Case) -> list[StepRecord]:
    return list(
        case.records.order_by("seq")
        .select_related("disclosure_item")
        .prefetch_related("attendees", "evidence", "flags")
    )


def case_view(case: Case, today: date) -> CaseView:
    """The case with its steps, records, and the next step's earliest date and blocking reason."""
    from openvillage.decisions.services import _add_wd, engine_record

    power_list = store.parsed(case.power_list)
    procedure = power_list.procedure(case.procedure_code)
    records = _records(case)
    live = [r for r in records if not r.superseded]
    engine = [engine_record(r) for r in live]
    concurrent = any(r.concurrent_secretary_director for r in live)
    upcoming = None
    last_day = None
    notice = notice_day = None
    notice_count = ""
    if not case.is_closed:
        state = rules.replay(
            procedure, engine, concurrent_secretary_director=concurrent, add_working_days=_add_wd
        )
        notice = _pending_notice(case, state)
        upcoming = rules.next_step(
            procedure,
            engine,
            today,
            notice_given_on=notice.notice_given_on if notice else None,
            body=notice.body if notice else None,
            concurrent_secretary_director=concurrent,
            add_working_days=_add_wd,
        )
        last_day = rules.deadline(
            procedure, state, completed_on=completed_on(state), add_working_days=_add_wd
        )
        if notice is not None:
            from openvillage.decisions.services import notice_from

            notice_day = notice_from(case, notice)
            period = state.next_step.option(notice.body).notice
            notice_count = period.count if period else ""
    _mark_late_disclosures(procedure, live, engine, concurrent)
    next_code = upcoming.step.code if upcoming and upcoming.step else None
    steps = [
        StepView(s, [r for r in live if r.step_code == s.code], s.code == next_code)
        for s in procedure.steps
    ]
    return CaseView(
        case=case,
        power=power_list.power(case.power_code),
        procedure=procedure,
        steps=steps,
        superseded=[r for r in records if r.superseded],
        next=upcoming,
        deadline=last_day,
        notice=notice,
        notice_from=notice_day,
        notice_count=notice_count,
    )


def _mark_late_disclosures(procedure, live: list, engine: list, concurrent: bool) -> None:
    """Set ``days_late`` on each resolution or result disclosure recorded after its deadline
    (D6): the case page flags a disclosure published late, not only one still missing."""
    from openvillage.decisions.services import DISCLOSURE_STEPS, _add_wd

    for index, record in enumerate(live):
        record.days_late = 0
        if record.step_code not in DISCLOSURE_STEPS:
            continue
        try:
            state = rules.replay(
                procedure,
                engine[:index],
                concurrent_secretary_director=concurrent,
                add_working_days=_add_wd,
            )
            due = rules.deadline(
                procedure, state, completed_on=completed_on(state), add_working_days=_add_wd
            )
        except DomainError:
            continue
        if due is not None and record.held_on > due:
            record.days_late = (record.held_on - due).days


#: Steps whose record marks the completion of a matter (a deadline ``after: completion``).
COMPLETION_STEPS = frozenset({"implementation", "acceptance", "completion_check"})


def completed_on(state: rules.CaseState) -> date | None:
    """The completion date a deadline ``after: completion`` counts from: the date of the last
    record when it is a completion step (implementation, acceptance); unknown otherwise."""
    last = state.last_record
    if last is None or last.step not in COMPLETION_STEPS:
        return None
    return last.held_on


def _pending_notice(case: Case, state: rules.CaseState) -> StepNotice | None:
    """The notice recorded for the next step, if given after the last record (else stale)."""
    step, last = state.next_step, state.last_record
    if step is None or all(o.notice is None for o in step.options):
        return None
    from openvillage.decisions.services import recorded_notice

    notice = recorded_notice(case, step.code)
    if notice is None or (last is not None and notice.notice_given_on < last.held_on):
        return None
    return notice


def case_public_record(case: Case) -> dict[str, Any]:
    """The canonical public record of a closed case (ledger content, public page, PDF)."""
    records = _records(case)
    return {
        "case": case.pk,
        "village": case.village.code,
        "power": case.power_code,
        "procedure": case.procedure_code,
        "power_list": f"{case.power_list.region} {case.power_list.version}",
        "power_list_sha256": case.power_list.sha256,
        "amount_yuan": case.amount,
        "description": case.description,
        "status": case.status,
        "opened_on": case.opened_on.isoformat(),
        "closed_on": case.closed_on.isoformat() if case.closed_on else None,
        "steps": [
            {
                "step": r.step_code,
                "body": r.body,
                "held_on": r.held_on.isoformat(),
                "should_attend": r.should_attend,
                "present": r.present,
                "votes": [r.votes_for, r.votes_against, r.votes_abstain],
                "outcome": r.outcome,
                "superseded": r.superseded,
                "evidence": [{"kind": e.kind, "sha256": e.sha256} for e in r.evidence.all()],
                "flags": [
                    {"reason": f.reason, "resolution": f.resolution, "answer": f.answer}
                    for f in r.flags.all()
                ],
            }
            for r in records
        ],
        "objections": [
            {"received_on": o.received_on.isoformat(), "text": o.text, "answer": o.answer}
            for o in case.objections.all()
        ],
    }


def violations_for_staff(user: Any) -> QuerySet[Violation]:
    return (
        Violation.objects.filter(unit_scope_q(user, "unit_path"))
        .select_related("village", "village__parent")
        .prefetch_related("cadres", "measures")
        .order_by("-recorded_on", "-id")
    )


def person_record(user: Any, person: Person) -> dict[str, Any]:
    """A cadre's misconduct and measures, for those whose scope covers the person's village."""
    require_read(user, person.village.path)
    violations = list(
        Violation.objects.filter(cadres=person)
        .prefetch_related("measures")
        .order_by("-recorded_on")
    )
    measures = list(Accountability.objects.filter(person=person).order_by("-decided_on"))
    return {"violations": violations, "measures": measures}


@dataclass(frozen=True)
class ViolationCounts:
    by_kind: list[tuple[str, int]]
    by_town: list[tuple[str, int]]
    by_village: list[tuple[str, int]]


def violation_counts(user: Any) -> ViolationCounts:
    """Counts of violations by kind, town and village in the user's scope (three aggregates)."""
    qs = Violation.objects.filter(unit_scope_q(user, "unit_path"))
    by_kind = [
        (r["kind"], r["n"]) for r in qs.values("kind").annotate(n=Count("id")).order_by("kind")
    ]
    by_village_rows = list(
        qs.values("village__name", "village__parent__name")
        .annotate(n=Count("id"))
        .order_by("village__parent__name", "village__name")
    )
    towns: Counter[str] = Counter()
    for row in by_village_rows:
        towns[row["village__parent__name"]] += row["n"]
    return ViolationCounts(
        by_kind=by_kind,
        by_town=sorted(towns.items()),
        by_village=[(r["village__name"], r["n"]) for r in by_village_rows],
    )


def evidence_for_staff(user: Any, pk: int) -> Evidence:
    """An evidence file, for those who may read its case (403 outside the scope)."""
    evidence = Evidence.objects.select_related("record__case").filter(pk=pk).first()
    if evidence is None:
        raise NotFound(gettext_noop("No such evidence file."))
    require_read(user, evidence.record.case.unit_path)
    return evidence


@dataclass(frozen=True)
class LateStep:
    """A case whose resolution or result disclosure is past its time limit (D6)."""

    case: Case
    step_code: str
    due: date
    days_late: int


def late_disclosures(user: Any, today: date) -> list[LateStep]:
    """Open cases in the user's scope whose next step is the disclosure of the resolution or of
    the result (§3 steps 5 and 6) and whose deadline has passed (D6), most late first.

    Two queries whatever the number of cases (the records are prefetched); a result disclosure
    due ``after: completion`` counts only once the completion is recorded (:func:`completed_on`).
    """
    from openvillage.decisions.services import DISCLOSURE_STEPS, _add_wd, engine_record

    live = StepRecord.objects.filter(superseded=False).order_by("seq")
    cases = (
        Case.objects.filter(unit_scope_q(user, "unit_path"), status=CaseStatus.OPEN)
        .select_related("village", "power_list")
        .prefetch_related(Prefetch("records", queryset=live, to_attr="live_records"))
    )
    late = []
    for case in cases:
        try:
            procedure = store.parsed(case.power_list).procedure(case.procedure_code)
            records = case.live_records
            state = rules.replay(
                procedure,
                [engine_record(r) for r in records],
                concurrent_secretary_director=any(r.concurrent_secretary_director for r in records),
                add_working_days=_add_wd,
            )
            if state.next_step is None or state.next_step.code not in DISCLOSURE_STEPS:
                continue
            due = rules.deadline(
                procedure, state, completed_on=completed_on(state), add_working_days=_add_wd
            )
        except DomainError:  # a list the case cannot be replayed under is not "late"
            continue
        if due is not None and today > due:
            late.append(LateStep(case, state.next_step.code, due, (today - due).days))
    return sorted(late, key=lambda x: (-x.days_late, x.case.pk))
