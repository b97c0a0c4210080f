"""Reply deadlines in working days (disclosure.md Q5, K6) from the official calendar."""

from datetime import date

import pytest
import time_machine
from hypothesis import given
from hypothesis import strategies as st

from openvillage.core.calendar import add_working_days
from openvillage.feedback.rules import deadlines
from openvillage.feedback.tests.conftest import post


def _wd(start, n):
    return add_working_days(start, n).date


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("received", "n", "due"),
    [
        (date(2026, 9, 30), 5, date(2026, 10, 13)),  # National Day, adjusted Saturday 10-10
        (date(2026, 2, 13), 1, date(2026, 2, 14)),  # adjusted working Saturday
    ],
)
def test_the_reply_is_due_on_the_nth_official_working_day_after_arrival(received, n, due):
    assert deadlines.deadlines(received, n, _wd).due_on == due


@pytest.mark.django_db
def test_a_message_arriving_2026_09_30_with_five_working_days_is_due_2026_10_13(settings, zhang):
    settings.FEEDBACK_REPLY_WORKING_DAYS = {**settings.FEEDBACK_REPLY_WORKING_DAYS, "question": 5}
    with time_machine.travel("2026-09-30 10:00 +08:00", tick=False):
        message = post(zhang)
    assert message.received_on == date(2026, 9, 30)
    assert message.due_on == date(2026, 10, 13)


def test_lateness_is_late_after_the_due_date_and_very_late_after_the_second_date():
    due, very = date(2026, 3, 2), date(2026, 3, 30)
    assert deadlines.lateness(due, due, very) == "on_time"
    assert deadlines.lateness(date(2026, 3, 3), due, very) == "late"
    assert deadlines.lateness(date(2026, 3, 31), due, very) == "very_late"


def test_a_reminder_is_due_from_three_days_before_the_due_date():
    due = date(2026, 3, 10)
    assert not deadlines.reminder_due(date(2026, 3, 6), due)
    assert deadlines.reminder_due(date(2026, 3, 7), due)
    assert not deadlines.reminder_due(date(2026, 3, 11), due)


def _weekdays(start, n):
    from openvillage.core.workdays import from_rows

    return from_rows([], known_years=set()).add_working_days(start, n).date


@given(st.dates(date(2020, 1, 1), date(2030, 12, 31)), st.integers(1, 60))
def test_the_very_late_date_is_never_before_the_due_date(start, n):
    result = deadlines.deadlines(start, n, _weekdays)
    assert start < result.due_on <= result.very_late_on
