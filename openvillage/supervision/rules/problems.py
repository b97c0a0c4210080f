"""The problem list's rules R1-R9 (supervision.md §3, platform defaults), pure.

States (the transition table comes with the supervision app): open, ordered, submitted, verified,
closed, reopened. Overdue is not a state anyone sets: it is derived from the deadline
(:func:`is_overdue`), so a late problem can never be "un-overdued" by hand.

Deadlines are periods in days: N days from the order do not count the day of the order
(Civil Code Art. 201); when the last day is an official day off, the period ends on the next
working day (Art. 203). "Within 30 days" (以内) includes the 30th day (Art. 1259); "more than 5
working days" (超过) excludes the 5th.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from openvillage.core.errors import InvalidInput, NotAllowed, WrongState
from openvillage.core.text import gettext_noop
from openvillage.core.workdays import WorkingCalendar

URGENT, SERIOUS, GENERAL = "urgent", "serious", "general"
SEVERITIES = (URGENT, SERIOUS, GENERAL)

OPEN = "open"
ORDERED = "ordered"
SUBMITTED = "submitted"
VERIFIED = "verified"
CLOSED = "closed"
REOPENED = "reopened"


@dataclass(frozen=True)
class ProblemRules:
    """A region's parameters of the problem list (rule-set data); the defaults are R2-R9's."""

    deadline_days: Mapping[str, int] = field(
        default_factory=lambda: {URGENT: 7, SERIOUS: 15, GENERAL: 30}  # R2
    )
    max_extensions: int = 1  # R3
    escalation_working_days: int = 5  # R9
    reopen_window_days: int = 30  # R8
    max_dissatisfied_reopens: int = 1  # R8


def default_deadline(
    ordered_on: date, severity: str, calendar: WorkingCalendar, rules: ProblemRules
) -> date:
    """R2: the deadline of an order by severity (Art. 201 and 203)."""
    if severity not in rules.deadline_days:
        raise InvalidInput(
            gettext_noop("Choose the problem's severity: urgent, serious or general."),
            field="severity",
        )
    last_day = ordered_on + timedelta(days=rules.deadline_days[severity])
    return calendar.roll_forward(last_day).date


def check_order(*, ordered_on: date, deadline: date, responsible_person_id: int | None) -> None:
    """R1: one responsible person and one deadline, not before the order."""
    if responsible_person_id is None:
        raise InvalidInput(
            gettext_noop("Name the one person responsible for the rectification."),
            field="responsible",
        )
    if deadline < ordered_on:
        raise InvalidInput(
            gettext_noop("The deadline %(deadline)s is before the order date %(ordered_on)s."),
            {"deadline": deadline.isoformat(), "ordered_on": ordered_on.isoformat()},
            field="deadline",
        )


def is_overdue(state: str, deadline: date | None, today: date) -> bool:
    """A problem ordered and not submitted is overdue from the day after its deadline."""
    return state == ORDERED and deadline is not None and today > deadline


def days_overdue(state: str, deadline: date | None, today: date) -> int:
    """Calendar days past the deadline (0 when not overdue)."""
    if not is_overdue(state, deadline, today):
        return 0
    assert deadline is not None
    return (today - deadline).days


def escalation_due(
    state: str, deadline: date | None, today: date, calendar: WorkingCalendar, rules: ProblemRules
) -> bool:
    """R9: overdue for more than N working days (holidays do not count) goes one level up."""
    if not is_overdue(state, deadline, today):
        return False
    assert deadline is not None
    return calendar.working_days_between(deadline, today) > rules.escalation_working_days


def check_extension(
    *,
    extensions_used: int,
    deadline: date,
    new_deadline: date,
    reason: str,
    rules: ProblemRules,
) -> None:
    """R3: at most one extension, later than the current deadline, with its reason."""
    if extensions_used >= rules.max_extensions:
        raise WrongState(
            gettext_noop("This deadline was already extended; it can be extended only once."),
            code="extension_used",
        )
    if new_deadline <= deadline:
        raise InvalidInput(
            gettext_noop("The new deadline must be after the current one (%(deadline)s)."),
            {"deadline": deadline.isoformat()},
            field="new_deadline",
        )
    if not reason.strip():
        raise InvalidInput(gettext_noop("Give the reason for the extension."), field="reason")


def check_submission(evidence_count: int) -> None:
    """R4: a submission carries at least one piece of evidence."""
    if evidence_count < 1:
        raise InvalidInput(
            gettext_noop("Attach at least one piece of evidence of the rectification."),
            field="evidence",
        )


def check_checker(
    *,
    checker_person_id: int | None,
    responsible_person_id: int,
    committee_person_ids: Collection[int],
) -> None:
    """R5: the checker is a known person, not the responsible one, not on their committees.

    People are compared by registry identity (the account's linked person), never by name.
    """
    if checker_person_id is None:
        raise NotAllowed(
            gettext_noop(
                "Your account is not linked to your entry in the registry, so it cannot be "
                "checked that you are independent of this village; ask the county administrator."
            )
        )
    if checker_person_id == responsible_person_id:
        raise NotAllowed(
            gettext_noop("The person responsible cannot check their own rectification.")
        )
    if checker_person_id in committee_person_ids:
        raise NotAllowed(
            gettext_noop(
                "A member of the village's two committees cannot check its rectification; the "
                "supervision committee or the town checks it."
            )
        )


def dissatisfaction_reopens(
    *,
    closed_on: date,
    answered_on: date,
    dissatisfied: bool,
    reopens_so_far: int,
    rules: ProblemRules,
) -> bool:
    """R8: a villager dissatisfied within 30 days of closure reopens the problem, once."""
    within = answered_on <= closed_on + timedelta(days=rules.reopen_window_days)
    return dissatisfied and within and reopens_so_far < rules.max_dissatisfied_reopens
