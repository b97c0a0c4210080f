"""When disclosures are due, and whether they were on time (disclosure.md §3, K1–K7).

- K1/K2/K5 (periodic): the deadline of a period is day ``D`` of the ``M``-th month after the
  month in which the period ends, D clipped to that month's length (``day: 31`` = last day).
  Q4 2025 with {day: 20, months_after_period: 1} is due 2026-01-20.
- K3/K4/K5 (event-driven): the event date plus N calendar days or N working days, or N days
  before the event.
- K6 (Civil Code Art. 203): a deadline after a period or an event that falls on a day off moves
  to the next working day, from the official calendar injected as ``add_working_days``
  (normally ``WorkingCalendar.add_working_days``). Deadlines before an event do not move.
- K7: an item not published by its deadline is overdue; more than 30 days overdue escalates.

Pure: no Django import; integer arithmetic only.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from openvillage.core.errors import InvalidInput
from openvillage.core.text import gettext_noop
from openvillage.core.workdays import DueDate
from openvillage.disclosure.rules.catalogue import (
    Cadence,
    Catalogue,
    DeadlineKind,
    DeadlineRule,
    Matter,
    Obligation,
)

AddWorkingDays = Callable[[date, int], DueDate]
Status = Literal["ok", "due_soon", "overdue", "late"]

DUE_SOON_DAYS = 3  # platform default: "due soon" from 3 days before the deadline
ESCALATION_DAYS = 30  # K7


@dataclass(frozen=True)
class Due:
    """One disclosure owed: for a period (periodic) or an event (period_start == period_end)."""

    matter: str
    cadence: Cadence
    period_start: date
    period_end: date
    deadline: date
    label: str  # "2026-01", "2025-Q4", "2025", or "<event> <date>"
    event: str | None = None
    fell_back: bool = False  # the working calendar had no official data for a year crossed


@dataclass(frozen=True)
class Timeliness:
    """On-time count over due count; no floats (see :meth:`percent_floor`)."""

    on_time: int
    due: int

    def percent_floor(self) -> int | None:
        """Return the rate in whole percent, rounded down; None when nothing was due."""
        return None if self.due == 0 else self.on_time * 100 // self.due


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


_PERIOD_MONTHS = {Cadence.MONTHLY: 1, Cadence.QUARTERLY: 3, Cadence.YEARLY: 12}


def period_containing(cadence: Cadence, day: date) -> tuple[date, date]:
    """Return the first and last day of the month, quarter or year containing ``day``."""
    length = _PERIOD_MONTHS[cadence]
    first_month = (day.month - 1) // length * length + 1
    last_year, last_month = _add_months(day.year, first_month, length - 1)
    return date(day.year, first_month, 1), _month_end(last_year, last_month)


def period_label(cadence: Cadence, period_start: date) -> str:
    """Return ``2026-01`` (month), ``2025-Q4`` (quarter) or ``2025`` (year)."""
    if cadence is Cadence.MONTHLY:
        return f"{period_start.year}-{period_start.month:02d}"
    if cadence is Cadence.QUARTERLY:
        return f"{period_start.year}-Q{(period_start.month - 1) // 3 + 1}"
    return str(period_start.year)


def calendar_deadline(rule: DeadlineRule, period_end: date) -> date:
    """Return the K1/K2/K5 deadline of a period ending on ``period_end``, before K6."""
    year, month = _add_months(period_end.year, period_end.month, rule.months_after_period)
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(rule.day, last))


def _roll(deadline: date, add_working_days: AddWorkingDays) -> DueDate:
    """K6: the deadline itself if a working day, else the next working day."""
    return add_working_days(deadline - timedelta(days=1), 1)


def _check_range(start: date, end: date) -> None:
    if end < start:
        raise InvalidInput(
            gettext_noop("The end of the range (%(end)s) is before its start (%(start)s)."),
            {"start": start.isoformat(), "end": end.isoformat()},
            field="end",
        )


def _periodic_dues(
    matter: Matter, obligation: Obligation, start: date, end: date, awd: AddWorkingDays
) -> list[Due]:
    months_back = obligation.deadline.months_after_period + _PERIOD_MONTHS[obligation.cadence] + 1
    year, month = _add_months(start.year, start.month, -months_back)
    period_start, period_end = period_containing(obligation.cadence, date(year, month, 1))
    dues = []
    while period_start <= end:
        rolled = _roll(calendar_deadline(obligation.deadline, period_end), awd)
        if start <= rolled.date <= end:
            dues.append(
                Due(
                    matter.code,
                    obligation.cadence,
                    period_start,
                    period_end,
                    rolled.date,
                    period_label(obligation.cadence, period_start),
                    fell_back=rolled.fell_back,
                )
            )
        period_start, period_end = period_containing(
            obligation.cadence, period_end + timedelta(days=1)
        )
    return dues


def due_periods(
    matter: Matter, start: date, end: date, *, add_working_days: AddWorkingDays
) -> list[Due]:
    """Return the periods of ``matter`` whose deadline falls in ``[start, end]``, by deadline.

    Only periodic obligations (monthly, quarterly, yearly) produce periods; event-driven ones
    get their deadline from :func:`event_due`. Deadlines are after K6.
    """
    _check_range(start, end)
    dues = [
        due
        for obligation in matter.periodic
        for due in _periodic_dues(matter, obligation, start, end, add_working_days)
    ]
    return sorted(dues, key=lambda d: (d.deadline, d.period_start, d.cadence.value))


def catalogue_due(
    catalogue: Catalogue, start: date, end: date, *, add_working_days: AddWorkingDays
) -> list[Due]:
    """Return :func:`due_periods` for every matter of the catalogue, by deadline then matter."""
    dues = [
        due
        for matter in catalogue.matters
        for due in due_periods(matter, start, end, add_working_days=add_working_days)
    ]
    return sorted(dues, key=lambda d: (d.deadline, d.matter, d.period_start))


def event_obligation(matter: Matter, event: str | None = None) -> Obligation:
    """Return the event-driven obligation of ``matter`` for ``event`` (or its only one)."""
    candidates = [o for o in matter.event_driven if event is None or o.event == event]
    if len(candidates) != 1:
        raise InvalidInput(
            gettext_noop("Matter %(matter)s has no single obligation for the event %(event)s."),
            {"matter": matter.code, "event": event or "-"},
            field="event",
        )
    return candidates[0]


def event_deadline(
    rule: DeadlineRule, event_date: date, *, add_working_days: AddWorkingDays
) -> DueDate:
    """Return the K3/K4/K5 deadline counted from ``event_date`` (after K6 where it applies)."""
    if rule.kind is DeadlineKind.WORKING_DAYS:
        return add_working_days(event_date, rule.days)
    if rule.kind is DeadlineKind.CALENDAR_DAYS:
        return _roll(event_date + timedelta(days=rule.days), add_working_days)
    if rule.kind is DeadlineKind.DAYS_BEFORE_EVENT:
        return DueDate(event_date - timedelta(days=rule.days))
    raise ValueError(f"not an event deadline rule: {rule.kind}")


def event_due(
    matter: Matter,
    event_date: date,
    *,
    add_working_days: AddWorkingDays,
    event: str | None = None,
) -> Due:
    """Return what ``matter`` owes for an event on ``event_date`` (``event`` picks the rule)."""
    obligation = event_obligation(matter, event)
    deadline = event_deadline(obligation.deadline, event_date, add_working_days=add_working_days)
    return Due(
        matter=matter.code,
        cadence=obligation.cadence,
        period_start=event_date,
        period_end=event_date,
        deadline=deadline.date,
        label=f"{obligation.event} {event_date.isoformat()}",
        event=obligation.event,
        fell_back=deadline.fell_back,
    )


def status(
    due: Due, published_on: date | None, today: date, *, due_soon_days: int = DUE_SOON_DAYS
) -> Status:
    """Return ``ok``, ``due_soon``, ``overdue`` or ``late`` (K7).

    Published on or before the deadline: ``ok`` (the deadline day itself is on time); after it:
    ``late``. Not published: ``overdue`` after the deadline, ``due_soon`` from ``due_soon_days``
    days before it up to the deadline day, else ``ok``.
    """
    if due_soon_days < 0:
        raise ValueError("due_soon_days must not be negative")
    if published_on is not None:
        return "ok" if published_on <= due.deadline else "late"
    if today > due.deadline:
        return "overdue"
    if (due.deadline - today).days <= due_soon_days:
        return "due_soon"
    return "ok"


def escalates(
    due: Due, published_on: date | None, today: date, *, after_days: int = ESCALATION_DAYS
) -> bool:
    """Return whether an unpublished item is more than ``after_days`` days overdue (K7)."""
    return published_on is None and (today - due.deadline).days > after_days


def timeliness(records: Iterable[tuple[Due, date | None]], today: date) -> Timeliness:
    """Count, among dues whose deadline is before ``today``, those published by the deadline.

    Dues whose deadline is today or later are not counted yet (they can still be on time).
    """
    on_time = due_count = 0
    for due, published_on in records:
        if due.deadline < today:
            due_count += 1
            on_time += published_on is not None and published_on <= due.deadline
    return Timeliness(on_time, due_count)
