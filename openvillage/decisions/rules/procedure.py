"""The step state machine of a decision case (办理事项), e.g. 四议两公开 (decisions.md §3).

Pure: the caller gives the procedure (from the power list), the records of the steps done so
far, the date, and, when a period counts working days, a callable
``add_working_days(start, n) -> date`` backed by the official holiday calendar (never weekdays
alone). Day counting follows the Civil Code:

- a notice of N days given on day G allows the meeting from ``G + N`` (elections.md C4: "N days
  before D" means on or before D - N);
- a publicity of N days starting on day P does not count day P (Civil Code Art. 201) and ends
  at the end of ``P + N`` (Art. 203); the next step may start the day after;
- a minimum interval of N days after a step held on day H allows the next step from ``H + N``;
- a deadline of N days after day H is ``H + N``; the step is overdue from the day after.

Records are replayed in order (D1): a step may not be recorded before its predecessor passed,
nor dated before the record before it. A failed vote or a refusal sends the case back to the step
named by the procedure, or closes it as rejected (D3). A meeting without quorum records attendance
only and may be held again (M3).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from openvillage.core.errors import InvalidInput, WrongState
from openvillage.core.text import gettext_noop

from .powerlist import BodyOption, Period, Procedure, Step
from .quorum import PASS_RULES, QUORUM_RULES, MeetingCounts, validate_meeting

AddWorkingDays = Callable[[date, int], date]


class Outcome(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    NO_QUORUM = "no_quorum"
    DONE = "done"


class CaseStatus(StrEnum):
    OPEN = "open"
    COMPLETED = "completed"
    REJECTED = "rejected"


@dataclass(frozen=True)
class StepRecord:
    """What happened at one step: a meeting, an approval, a publication or a task.

    ``held_on`` is the meeting, approval, publication or completion date. ``published_on`` starts
    the step's publicity (a publication step's own date when omitted). ``approved`` is the answer
    of an approval step. ``merged`` marks steps 1 and 2 held as one meeting (D2); both records
    carry it, with each body's attendance.
    """

    step: str
    held_on: date
    body: str | None = None
    counts: MeetingCounts | None = None
    approved: bool | None = None
    notice_given_on: date | None = None
    published_on: date | None = None
    merged: bool = False
    authorized: bool = False


@dataclass(frozen=True)
class CaseState:
    """Where a case stands after its records: status, the next step, the round (D3)."""

    status: CaseStatus
    position: int
    round: int
    next_step: Step | None
    last_record: StepRecord | None
    last_outcome: Outcome | None
    may_close: bool = False


@dataclass(frozen=True)
class NextStep:
    """The next step, its earliest start date when known, and why it may not start today."""

    step: Step | None
    earliest_start: date | None
    may_start_today: bool
    reason: WrongState | None


def add_days(start: date, period: Period, add_working_days: AddWorkingDays | None = None) -> date:
    """Return ``start`` plus the period, in calendar days or through ``add_working_days``."""
    if period.count == "calendar" or period.days == 0:
        return start + timedelta(days=period.days)
    if add_working_days is None:
        raise InvalidInput(
            gettext_noop("A working-day period needs the working-day calendar."),
            field="add_working_days",
        )
    return add_working_days(start, period.days)


def vote_outcome(option: BodyOption, counts: MeetingCounts) -> Outcome:
    """Decide a meeting: no quorum, passed or failed, by the option's named rules (M3)."""
    assert option.quorum is not None and option.pass_rule is not None
    validate_meeting(counts)
    if not QUORUM_RULES[option.quorum].check(counts):
        if counts.votes_cast:
            raise InvalidInput(
                gettext_noop("The meeting had no quorum; no vote may be recorded."),
                field="votes_for",
            )
        return Outcome.NO_QUORUM
    return Outcome.PASSED if PASS_RULES[option.pass_rule].check(counts) else Outcome.FAILED


def step_outcome(step: Step, record: StepRecord) -> Outcome:
    """Decide the outcome of a record of ``step``, refusing a record that lacks what it needs."""
    if step.kind == "meeting":
        if record.counts is None:
            raise InvalidInput(
                gettext_noop("Step %(step)s is a meeting: give attendance and votes."),
                {"step": step.code},
                field="counts",
            )
        return vote_outcome(step.option(record.body), record.counts)
    if step.kind == "approval":
        if record.approved is None:
            raise InvalidInput(
                gettext_noop("Step %(step)s needs the approval answer."),
                {"step": step.code},
                field="approved",
            )
        return Outcome.PASSED if record.approved else Outcome.FAILED
    return Outcome.DONE


def _refuse(message: str, code: str, **params: object) -> WrongState:
    return WrongState(message, params, code=code)


def _initial(procedure: Procedure) -> CaseState:
    return CaseState(CaseStatus.OPEN, 0, 1, procedure.steps[0], None, None)


def _check_order(procedure: Procedure, state: CaseState, step_code: str) -> Step:
    if state.status is not CaseStatus.OPEN:
        raise _refuse(
            gettext_noop("The case is %(status)s; no further step may start."),
            "case_closed",
            status=state.status.value,
        )
    index = procedure.index(step_code)
    step = procedure.steps[index]
    if index > state.position:
        missing = procedure.steps[state.position].code
        raise _refuse(
            gettext_noop("Step %(step)s cannot start: step %(previous)s has not passed."),
            "previous_step_not_passed",
            step=step_code,
            previous=missing,
        )
    if index < state.position:
        raise _refuse(
            gettext_noop("Step %(step)s has already passed; the next step is %(next)s."),
            "step_already_passed",
            step=step_code,
            next=procedure.steps[state.position].code,
        )
    return step


def _publicity_end(step: Step, record: StepRecord, add_wd: AddWorkingDays | None) -> date | None:
    assert step.publicity is not None
    start = record.published_on or (record.held_on if step.kind == "publication" else None)
    if start is None:
        return None
    return add_days(start, step.publicity, add_wd)


def _check_after_previous(
    procedure: Procedure,
    state: CaseState,
    step: Step,
    on: date,
    merged: bool,
    add_wd: AddWorkingDays | None,
) -> None:
    last = state.last_record
    if last is None:
        return
    if on < last.held_on:
        raise _refuse(
            gettext_noop(
                "Step %(step)s cannot be dated %(on)s, before the previous record (%(previous)s)."
            ),
            "date_before_previous",
            step=step.code,
            on=on.isoformat(),
            previous=last.held_on.isoformat(),
        )
    if state.last_outcome not in (Outcome.PASSED, Outcome.DONE):
        return
    previous = procedure.step(last.step)
    if previous.publicity is not None:
        end = _publicity_end(previous, last, add_wd)
        if end is None:
            raise _refuse(
                gettext_noop(
                    "Step %(step)s cannot start: the publicity of %(previous)s has not begun."
                ),
                "publicity_not_started",
                step=step.code,
                previous=previous.code,
            )
        if on <= end:
            raise _refuse(
                gettext_noop(
                    "Step %(step)s cannot start: the publicity of %(previous)s runs until "
                    "%(end)s; the earliest start is %(earliest)s."
                ),
                "publicity_not_elapsed",
                step=step.code,
                previous=previous.code,
                end=end.isoformat(),
                earliest=(end + timedelta(days=1)).isoformat(),
            )
    if step.interval is not None and not merged:
        earliest = add_days(last.held_on, step.interval, add_wd)
        if on < earliest:
            raise _refuse(
                gettext_noop("Step %(step)s cannot start before %(earliest)s (minimum interval)."),
                "interval_not_elapsed",
                step=step.code,
                earliest=earliest.isoformat(),
            )


def _check_notice(
    step: Step,
    option: BodyOption,
    state: CaseState,
    on: date,
    notice_given_on: date | None,
    add_wd: AddWorkingDays | None,
) -> None:
    if option.notice is None:
        return
    if notice_given_on is None:
        raise _refuse(
            gettext_noop("Step %(step)s needs %(days)s days' notice; no notice has been given."),
            "notice_not_given",
            step=step.code,
            days=option.notice.days,
        )
    last = state.last_record
    if last is not None and notice_given_on < last.held_on:
        raise InvalidInput(
            gettext_noop("The notice for %(step)s predates the previous step (%(previous)s)."),
            {"step": step.code, "previous": last.held_on.isoformat()},
            field="notice_given_on",
        )
    earliest = add_days(notice_given_on, option.notice, add_wd)
    if on < earliest:
        raise _refuse(
            gettext_noop(
                "Step %(step)s cannot be held on %(on)s: notice given on %(notice)s "
                "allows the meeting from %(earliest)s."
            ),
            "notice_not_elapsed",
            step=step.code,
            on=on.isoformat(),
            notice=notice_given_on.isoformat(),
            earliest=earliest.isoformat(),
        )


def _check_merge(
    procedure: Procedure, state: CaseState, step: Step, on: date, concurrent: bool
) -> None:
    index = procedure.index(step.code)
    partner = procedure.steps[index + 1] if index + 1 < len(procedure.steps) else None
    mergeable = step.mergeable_with_previous or (
        partner is not None and partner.mergeable_with_previous
    )
    if not mergeable:
        raise _refuse(
            gettext_noop("Step %(step)s cannot be merged with another step."),
            "merge_not_allowed",
            step=step.code,
        )
    if not concurrent:
        raise _refuse(
            gettext_noop("Steps may be merged only where the secretary is also the director."),
            "merge_not_allowed",
            step=step.code,
        )
    if step.mergeable_with_previous:
        last = state.last_record
        if last is None or not last.merged or last.held_on != on:
            raise _refuse(
                gettext_noop(
                    "A merged %(step)s must be the same meeting as the merged previous step."
                ),
                "merge_not_allowed",
                step=step.code,
            )


def _check_start(
    procedure: Procedure,
    state: CaseState,
    step_code: str,
    on: date,
    *,
    notice_given_on: date | None,
    body: str | None,
    merged: bool,
    authorized: bool,
    concurrent: bool,
    add_wd: AddWorkingDays | None,
) -> Step:
    step = _check_order(procedure, state, step_code)
    option = step.option(body)
    if merged:
        _check_merge(procedure, state, step, on, concurrent)
    _check_after_previous(procedure, state, step, on, merged, add_wd)
    _check_notice(step, option, state, on, notice_given_on, add_wd)
    if option.requires_authorization and not authorized:
        raise _refuse(
            gettext_noop(
                "%(body)s may decide %(step)s only with the villagers' meeting's "
                "authorization (M1)."
            ),
            "authorization_missing",
            body=option.body,
            step=step.code,
        )
    return step


def _advance(
    procedure: Procedure, state: CaseState, record: StepRecord, outcome: Outcome
) -> CaseState:
    step = procedure.step(record.step)
    position, round_, status, may_close = state.position, state.round, CaseStatus.OPEN, False
    if outcome in (Outcome.PASSED, Outcome.DONE):
        position += 1
        if position == len(procedure.steps):
            status = CaseStatus.COMPLETED
    elif outcome is Outcome.FAILED:
        if step.on_failure.return_to is None:
            status = CaseStatus.REJECTED
        else:
            position = procedure.index(step.on_failure.return_to)
            round_ += 1
            may_close = step.on_failure.may_close
    next_step = procedure.steps[position] if status is CaseStatus.OPEN else None
    return CaseState(status, position, round_, next_step, record, outcome, may_close)


def replay(
    procedure: Procedure,
    records: Sequence[StepRecord],
    *,
    concurrent_secretary_director: bool = False,
    add_working_days: AddWorkingDays | None = None,
) -> CaseState:
    """Check every record against the rules in order and return where the case stands."""
    state = _initial(procedure)
    for record in records:
        step = _check_start(
            procedure,
            state,
            record.step,
            record.held_on,
            notice_given_on=record.notice_given_on,
            body=record.body,
            merged=record.merged,
            authorized=record.authorized,
            concurrent=concurrent_secretary_director,
            add_wd=add_working_days,
        )
        if record.published_on is not None and record.published_on < record.held_on:
            raise InvalidInput(
                gettext_noop("%(step)s cannot be published before it was held."),
                {"step": step.code},
                field="published_on",
            )
        state = _advance(procedure, state, record, step_outcome(step, record))
    return state


def check_start(
    procedure: Procedure,
    records: Sequence[StepRecord],
    step_code: str,
    on: date,
    *,
    notice_given_on: date | None = None,
    body: str | None = None,
    merged: bool = False,
    authorized: bool = False,
    concurrent_secretary_director: bool = False,
    add_working_days: AddWorkingDays | None = None,
) -> Step:
    """Return the step if it may start on ``on``; raise WrongState with the reason otherwise."""
    state = replay(
        procedure,
        records,
        concurrent_secretary_director=concurrent_secretary_director,
        add_working_days=add_working_days,
    )
    return _check_start(
        procedure,
        state,
        step_code,
        on,
        notice_given_on=notice_given_on,
        body=body,
        merged=merged,
        authorized=authorized,
        concurrent=concurrent_secretary_director,
        add_wd=add_working_days,
    )


def earliest_start(
    procedure: Procedure,
    state: CaseState,
    *,
    notice_given_on: date | None = None,
    body: str | None = None,
    add_working_days: AddWorkingDays | None = None,
) -> date | None:
    """Return the first date the next step may start, or None if unknown (no notice yet)."""
    step, last = state.next_step, state.last_record
    if step is None:
        return None
    candidates: list[date] = [last.held_on] if last else []
    if last is not None and state.last_outcome in (Outcome.PASSED, Outcome.DONE):
        previous = procedure.step(last.step)
        if previous.publicity is not None:
            end = _publicity_end(previous, last, add_working_days)
            if end is None:
                return None
            candidates.append(end + timedelta(days=1))
        if step.interval is not None:
            candidates.append(add_days(last.held_on, step.interval, add_working_days))
    notice = step.option(body).notice
    if notice is not None:
        if notice_given_on is None:
            return None
        candidates.append(add_days(notice_given_on, notice, add_working_days))
    return max(candidates) if candidates else None


def next_step(
    procedure: Procedure,
    records: Sequence[StepRecord],
    today: date,
    *,
    notice_given_on: date | None = None,
    body: str | None = None,
    authorized: bool = False,
    concurrent_secretary_director: bool = False,
    add_working_days: AddWorkingDays | None = None,
) -> NextStep:
    """Tell what comes next, from when, and whether it may start today (with the reason if not)."""
    state = replay(
        procedure,
        records,
        concurrent_secretary_director=concurrent_secretary_director,
        add_working_days=add_working_days,
    )
    if state.next_step is None:
        return NextStep(None, None, False, None)
    earliest = earliest_start(
        procedure,
        state,
        notice_given_on=notice_given_on,
        body=body,
        add_working_days=add_working_days,
    )
    try:
        _check_start(
            procedure,
            state,
            state.next_step.code,
            today,
            notice_given_on=notice_given_on,
            body=body,
            merged=False,
            authorized=authorized,
            concurrent=concurrent_secretary_director,
            add_wd=add_working_days,
        )
    except WrongState as err:
        return NextStep(state.next_step, earliest, False, err)
    return NextStep(state.next_step, earliest, True, None)


def deadline(
    procedure: Procedure,
    state: CaseState,
    *,
    completed_on: date | None = None,
    add_working_days: AddWorkingDays | None = None,
) -> date | None:
    """Return the last day for the next step, if it has a time limit (e.g. §3 steps 5 and 6)."""
    step, last = state.next_step, state.last_record
    if step is None or step.deadline is None:
        return None
    if step.deadline_after == "completion":
        anchor = completed_on
    else:
        anchor = (
            last.held_on if last and state.last_outcome in (Outcome.PASSED, Outcome.DONE) else None
        )
    return None if anchor is None else add_days(anchor, step.deadline, add_working_days)


def is_overdue(
    procedure: Procedure,
    records: Sequence[StepRecord],
    today: date,
    *,
    completed_on: date | None = None,
    concurrent_secretary_director: bool = False,
    add_working_days: AddWorkingDays | None = None,
) -> bool:
    """Say whether the next step is past its time limit (D6: flagged on the dashboard)."""
    state = replay(
        procedure,
        records,
        concurrent_secretary_director=concurrent_secretary_director,
        add_working_days=add_working_days,
    )
    last_day = deadline(
        procedure, state, completed_on=completed_on, add_working_days=add_working_days
    )
    return last_day is not None and today > last_day
