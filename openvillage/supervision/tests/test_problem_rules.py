"""The problem list's rules R1-R9 at their boundaries, across a holiday (supervision.md §3)."""

from datetime import date, timedelta

import pytest

from openvillage.core.errors import InvalidInput, NotAllowed, WrongState
from openvillage.core.workdays import WorkingCalendar
from openvillage.supervision.rules import problems as p

# National Day week 2026 as a county would load it: 1-7 October off, Saturday 10 October worked.
HOLIDAYS = frozenset(date(2026, 10, d) for d in range(1, 8))
CALENDAR = WorkingCalendar(
    holidays=HOLIDAYS, workdays=frozenset({date(2026, 10, 10)}), known_years=frozenset({2026})
)
RULES = p.ProblemRules()


@pytest.mark.parametrize(
    ("ordered_on", "severity", "deadline"),
    [
        (date(2026, 11, 2), p.URGENT, date(2026, 11, 9)),  # 7 days, the order day not counted
        (date(2026, 11, 2), p.SERIOUS, date(2026, 11, 17)),
        (date(2026, 11, 2), p.GENERAL, date(2026, 12, 2)),
        (date(2026, 9, 24), p.URGENT, date(2026, 10, 8)),  # lands on 1 October: next working day
        (date(2026, 9, 20), p.SERIOUS, date(2026, 10, 8)),
        (date(2026, 11, 7), p.URGENT, date(2026, 11, 16)),  # lands on a Saturday: Monday
    ],
)
def test_default_deadlines_by_severity_end_on_a_working_day(ordered_on, severity, deadline):
    assert p.default_deadline(ordered_on, severity, CALENDAR, RULES) == deadline


def test_an_unknown_severity_is_refused_naming_the_field():
    with pytest.raises(InvalidInput) as refused:
        p.default_deadline(date(2026, 11, 2), "minor", CALENDAR, RULES)
    assert refused.value.field == "severity"


def test_an_order_needs_one_responsible_person_and_a_deadline_not_before_it():
    p.check_order(ordered_on=date(2026, 11, 2), deadline=date(2026, 11, 2), responsible_person_id=1)
    with pytest.raises(InvalidInput, match="before"):
        p.check_order(
            ordered_on=date(2026, 11, 2), deadline=date(2026, 11, 1), responsible_person_id=1
        )
    with pytest.raises(InvalidInput) as refused:
        p.check_order(
            ordered_on=date(2026, 11, 2), deadline=date(2026, 11, 9), responsible_person_id=None
        )
    assert refused.value.field == "responsible"


@pytest.mark.parametrize(
    ("state", "today", "overdue", "days"),
    [
        (p.ORDERED, date(2026, 11, 9), False, 0),  # the deadline day itself is in time
        (p.ORDERED, date(2026, 11, 10), True, 1),
        (p.SUBMITTED, date(2026, 12, 30), False, 0),  # submitted in time stops the clock
        (p.CLOSED, date(2026, 12, 30), False, 0),
    ],
)
def test_overdue_is_derived_from_the_deadline(state, today, overdue, days):
    assert p.is_overdue(state, date(2026, 11, 9), today) is overdue
    assert p.days_overdue(state, date(2026, 11, 9), today) == days


@pytest.mark.parametrize(
    ("today", "escalates"),
    [
        (date(2026, 10, 8), False),  # 2 working days after the deadline (holiday week frozen)
        (date(2026, 10, 12), False),  # the 5th working day: not yet "more than 5"
        (date(2026, 10, 13), True),  # the 6th
    ],
)
def test_escalation_after_more_than_five_working_days_freezes_across_the_holiday(today, escalates):
    deadline = date(2026, 9, 29)
    assert p.escalation_due(p.ORDERED, deadline, today, CALENDAR, RULES) is escalates
    assert p.escalation_due(p.SUBMITTED, deadline, today, CALENDAR, RULES) is False


def test_one_extension_at_most_later_than_the_deadline_with_a_reason():
    args = {"deadline": date(2026, 11, 9), "new_deadline": date(2026, 11, 20), "reason": "雨季施工"}
    p.check_extension(extensions_used=0, rules=RULES, **args)
    with pytest.raises(WrongState):
        p.check_extension(extensions_used=1, rules=RULES, **args)
    with pytest.raises(InvalidInput) as refused:
        p.check_extension(
            extensions_used=0, rules=RULES, **{**args, "new_deadline": args["deadline"]}
        )
    assert refused.value.field == "new_deadline"
    with pytest.raises(InvalidInput) as refused:
        p.check_extension(extensions_used=0, rules=RULES, **{**args, "reason": "  "})
    assert refused.value.field == "reason"


def test_a_submission_needs_evidence():
    p.check_submission(1)
    with pytest.raises(InvalidInput):
        p.check_submission(0)


@pytest.mark.parametrize(
    ("checker", "refused"),
    [
        (30, False),  # a supervision committee member or a town officer
        (10, True),  # the responsible person
        (21, True),  # on the village's two committees
        (None, True),  # an account not linked to a person cannot be shown independent
    ],
)
def test_r5_the_checker_is_neither_responsible_nor_on_the_committees(checker, refused):
    def run():
        p.check_checker(
            checker_person_id=checker, responsible_person_id=10, committee_person_ids={20, 21, 10}
        )

    if refused:
        with pytest.raises(NotAllowed):
            run()
    else:
        run()


@pytest.mark.parametrize(
    ("after", "dissatisfied", "reopens_so_far", "reopens"),
    [
        (30, True, 0, True),  # within 30 days includes the 30th
        (31, True, 0, False),
        (3, False, 0, False),
        (3, True, 1, False),  # once only
    ],
)
def test_r8_a_dissatisfied_villager_reopens_once_within_thirty_days(
    after, dissatisfied, reopens_so_far, reopens
):
    closed = date(2026, 11, 2)
    assert (
        p.dissatisfaction_reopens(
            closed_on=closed,
            answered_on=closed + timedelta(days=after),
            dissatisfied=dissatisfied,
            reopens_so_far=reopens_so_far,
            rules=RULES,
        )
        is reopens
    )
