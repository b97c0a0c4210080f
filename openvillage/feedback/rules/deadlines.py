"""Reply deadlines in working days (disclosure.md Q2, Q5, K6; issue 5 item 4).

- Q5: a reply is due on the N-th working day after the day the message arrives (N per kind,
  platform default 20); after the due date the message is ``late``; at ``VERY_LATE`` working
  days (default 40) it is ``very_late``.
- K6: working days come from the official calendar, passed in as ``add_working_days``.
- Reminders go out from ``reminder_days`` calendar days before the due date.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from openvillage.core.errors import InvalidInput
from openvillage.core.text import gettext_noop

QUESTION, SUGGESTION, COMPLAINT, REPORT = "question", "suggestion", "complaint", "report"
KINDS = (QUESTION, SUGGESTION, COMPLAINT, REPORT)
# Q2 (a query on a published item: 20 days) and Q5 (messages: 20 days), counted in working days.
DEFAULT_REPLY_WORKING_DAYS = {QUESTION: 20, SUGGESTION: 20, COMPLAINT: 20, REPORT: 20}
DEFAULT_VERY_LATE_WORKING_DAYS = 40  # Q5
DEFAULT_REMINDER_DAYS = 3

ON_TIME, LATE, VERY_LATE = "on_time", "late", "very_late"

AddWorkingDays = Callable[[date, int], date]


@dataclass(frozen=True)
class Deadlines:
    due_on: date
    very_late_on: date


def deadlines(
    received_on: date,
    reply_days: int,
    add_working_days: AddWorkingDays,
    very_late_days: int = DEFAULT_VERY_LATE_WORKING_DAYS,
) -> Deadlines:
    """Return the due date (N-th working day after arrival, Q5) and the very-late date.

    The very-late date is never before the due date: it is at ``max(very_late_days,
    2 * reply_days)`` working days.
    """
    if reply_days < 1:
        raise InvalidInput(
            gettext_noop("A reply deadline is at least one working day."), field="reply_days"
        )
    due = add_working_days(received_on, reply_days)
    very = add_working_days(received_on, max(very_late_days, 2 * reply_days))
    return Deadlines(due_on=due, very_late_on=very)


def lateness(today: date, due_on: date, very_late_on: date) -> str:
    """``on_time`` up to the due date, ``late`` after it, ``very_late`` after ``very_late_on``."""
    if today > very_late_on:
        return VERY_LATE
    if today > due_on:
        return LATE
    return ON_TIME


def reminder_due(today: date, due_on: date, reminder_days: int = DEFAULT_REMINDER_DAYS) -> bool:
    """Whether a reminder is due: from ``reminder_days`` calendar days before the due date on."""
    return due_on - timedelta(days=reminder_days) <= today <= due_on
