"""Overdue is derived from the deadline; more than 5 working days overdue escalates to the
issuer's superior (R9), counted on the official calendar so that a holiday freezes the clock."""

from datetime import date

import pytest

from openvillage.core import calendar
from openvillage.core.audit import AuditEntry
from openvillage.supervision import services
from openvillage.supervision.models import Problem
from openvillage.supervision.selectors import overdue_q


@pytest.fixture
def official(db):
    calendar.calendar_seed_from_package()
    calendar.invalidate()
    yield
    calendar.invalidate()


@pytest.fixture
def due_before_national_day(cast, problem, responsible, official):
    return services.problem_order(
        actor=cast["tom"],
        problem=problem,
        responsible=responsible,
        deadline=date(2026, 9, 29),
        today=date(2026, 9, 1),
    )


def test_a_problem_is_overdue_from_the_day_after_its_deadline(due_before_national_day):
    on_deadline = Problem.objects.filter(overdue_q(date(2026, 9, 29)))
    day_after = Problem.objects.filter(overdue_q(date(2026, 9, 30)))
    assert (on_deadline.count(), day_after.count()) == (0, 1)


def test_the_national_day_holiday_does_not_count_toward_escalation(due_before_national_day):
    # Mon-Fri alone would count 30 Sep, 1, 2, 5, 6, 7 Oct = 6 > 5 on 7 October.
    assert services.problems_escalate(date(2026, 10, 7)) == 0
    assert services.problems_escalate(date(2026, 10, 9)) == 0


def test_more_than_five_working_days_escalates_once(due_before_national_day):
    cal = calendar.working_calendar()
    day = date(2026, 9, 30)
    while cal.working_days_between(date(2026, 9, 29), day) <= 5:
        day = date.fromordinal(day.toordinal() + 1)
    before = date.fromordinal(day.toordinal() - 1)
    assert services.problems_escalate(before) == 0
    assert services.problems_escalate(day) == 1
    assert services.problems_escalate(day) == 0
    assert Problem.objects.get().escalated_on == day
    assert AuditEntry.objects.filter(action="supervision.problem.escalate").count() == 1


def test_a_submitted_problem_does_not_escalate(cast, due_before_national_day):
    services.problem_submit(
        actor=cast["vic"], problem=due_before_national_day, rectification="x", note="y"
    )
    assert services.problems_escalate(date(2026, 11, 30)) == 0


def test_the_escalated_problem_shows_on_the_superiors_home(cast, due_before_national_day):
    from openvillage.supervision.hooks import attention

    Problem.objects.update(escalated_on=date(2026, 10, 20))
    lines = attention(cast["alice"], date(2026, 10, 20))
    assert [line.count for line in lines] == [1, 1]  # the town's superior is the county
    lines = attention(cast["tom"], date(2026, 10, 20))
    assert [line.count for line in lines] == [0, 1]
