"""Working days from the official holiday calendar (K6 of disclosure.md, Q5 working-day variants).

Civil Code Art. 203: when the last day of a period is a statutory holiday, the period ends on the
day after the holiday. Working days therefore come from the State Council's yearly schedule of
holidays (放假) and adjusted working days (调休), never from ``weekday() < 5`` alone. For a year
without official data the calendar falls back to Monday to Friday and says so (``fell_back``), so
that the caller can warn.

Pure on purpose (no Django import): the product builds a :class:`WorkingCalendar` from database
rows (:func:`from_rows`); the rows are seeded from the ``chinese_calendar`` package
(:func:`calendar_from_chinese_calendar` and :func:`serialize`).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import IO, NamedTuple, NoReturn

from openvillage.core.errors import InvalidInput
from openvillage.core.text import gettext_noop

HOLIDAY = "holiday"
WORKDAY = "workday"
ROW_KINDS = (HOLIDAY, WORKDAY)

_ONE_DAY = timedelta(days=1)


class WorkingDaysOutOfRange(InvalidInput, ValueError):
    """A count of working days below 1 (also a ``ValueError`` for callers of the pure API)."""


@dataclass(frozen=True)
class DueDate:
    """A date computed from working days; ``fell_back`` when a year crossed had no official data."""

    date: date
    fell_back: bool = False
    fallback_years: tuple[int, ...] = ()


class CalendarRow(NamedTuple):
    """One row of the calendar table: an official day off or an adjusted working day."""

    date: date
    kind: str  # HOLIDAY or WORKDAY
    name: str = ""


@dataclass(frozen=True)
class WorkingCalendar:
    """Official days off and adjusted working days, for the years in ``known_years``.

    ``holidays`` are official days off (they may fall on weekends, which changes nothing);
    ``workdays`` are weekend days made working days (调休). A day of a year outside
    ``known_years`` is a working day when it is Monday to Friday (the fallback).
    """

    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()
    known_years: frozenset[int] = frozenset()
    names: dict[date, str] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        both = self.holidays & self.workdays
        if both:
            raise InvalidInput(
                gettext_noop(
                    "%(date)s is listed both as a holiday and as an adjusted working day."
                ),
                {"date": min(both).isoformat()},
                field="date",
            )
        for day in self.holidays | self.workdays:
            if day.year not in self.known_years:
                raise InvalidInput(
                    gettext_noop("%(date)s lies in a year without official calendar data."),
                    {"date": day.isoformat()},
                    field="date",
                )

    def has_data_for(self, year: int) -> bool:
        """Return whether the official schedule of ``year`` is known."""
        return year in self.known_years

    def is_working_day(self, day: date) -> bool:
        """Return whether ``day`` is a working day (Mon–Fri for a year without data)."""
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    def add_working_days(self, start: date, n: int) -> DueDate:
        """Return the ``n``-th working day after ``start``; ``start`` itself never counts.

        ``n`` must be at least 1 (``n=0`` would be ambiguous: ``start`` may be a day off);
        otherwise :class:`WorkingDaysOutOfRange` (a ``ValueError``) is raised. To move a
        deadline that falls on a day off to the next working day (K6), use
        :meth:`roll_forward`.
        """
        if n < 1:
            raise WorkingDaysOutOfRange(
                gettext_noop("The number of working days must be at least 1, not %(n)s."),
                {"n": n},
                field="working_days",
            )
        day = start
        missing: set[int] = set()
        remaining = n
        while remaining:
            day += _ONE_DAY
            if day.year not in self.known_years:
                missing.add(day.year)
            if self.is_working_day(day):
                remaining -= 1
        return DueDate(day, bool(missing), tuple(sorted(missing)))

    def roll_forward(self, day: date) -> DueDate:
        """Return ``day`` if it is a working day, else the next working day (K6, Art. 203)."""
        return self.add_working_days(day - _ONE_DAY, 1)

    def working_days_between(self, a: date, b: date) -> int:
        """Count the working days ``d`` with ``a < d <= b`` (0 when ``b <= a``)."""
        count = 0
        day = a + _ONE_DAY
        while day <= b:
            count += self.is_working_day(day)
            day += _ONE_DAY
        return count


def serialize(calendar: WorkingCalendar) -> list[CalendarRow]:
    """Return the calendar as rows (date order) for seeding the calendar table."""
    rows = [CalendarRow(d, HOLIDAY, calendar.names.get(d, "")) for d in calendar.holidays]
    rows += [CalendarRow(d, WORKDAY, calendar.names.get(d, "")) for d in calendar.workdays]
    return sorted(rows)


def from_rows(
    rows: Iterable[CalendarRow | tuple[date, str] | tuple[date, str, str]],
    known_years: Iterable[int] | None = None,
) -> WorkingCalendar:
    """Build a calendar from rows ``(date, kind[, name])``.

    ``known_years`` defaults to the years that have at least one row (every real year has
    official holidays, so a year without rows is a year without data).
    """
    holidays: set[date] = set()
    workdays: set[date] = set()
    names: dict[date, str] = {}
    for index, row in enumerate(rows):
        day, kind = row[0], row[1]
        if not isinstance(day, date):
            raise InvalidInput(
                gettext_noop("Row %(row)s: the date is missing or not a date."),
                {"row": index + 1},
                field="date",
            )
        if kind not in ROW_KINDS:
            raise InvalidInput(
                gettext_noop("Row %(row)s: the kind must be holiday or workday, not %(kind)s."),
                {"row": index + 1, "kind": kind},
                field="kind",
            )
        (holidays if kind == HOLIDAY else workdays).add(day)
        if len(row) > 2 and row[2]:
            names[day] = str(row[2])
    years = {d.year for d in holidays | workdays} if known_years is None else set(known_years)
    return WorkingCalendar(frozenset(holidays), frozenset(workdays), frozenset(years), names)


def chinese_calendar_years() -> range:
    """Return the years the installed ``chinese_calendar`` package has official data for."""
    import chinese_calendar

    years = [d.year for d in chinese_calendar.holidays]
    return range(min(years), max(years) + 1)


def calendar_from_chinese_calendar(years: Iterable[int] | None = None) -> WorkingCalendar:
    """Build a calendar from the ``chinese_calendar`` package for ``years`` (default: all).

    Requested years the package has no data for are left out of ``known_years``, so they fall
    back to Monday–Friday rather than being taken as years without holidays.
    """
    import chinese_calendar

    covered = set(chinese_calendar_years())
    wanted = covered if years is None else covered & set(years)
    holidays = {d: str(n) for d, n in chinese_calendar.holidays.items() if d.year in wanted}
    workdays = {d: str(n) for d, n in chinese_calendar.workdays.items() if d.year in wanted}
    return WorkingCalendar(
        frozenset(holidays), frozenset(workdays), frozenset(wanted), {**holidays, **workdays}
    )


@lru_cache(maxsize=1)
def default_calendar() -> WorkingCalendar:
    """Return the calendar of every year ``chinese_calendar`` covers (built once)."""
    return calendar_from_chinese_calendar()


# --- `openvillage calendar due` -----------------------------------------------------------------


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    """An argument parser that reports errors to the caller instead of exiting."""

    def error(self, message: str) -> NoReturn:
        raise _UsageError(message)


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in the form YYYY-MM-DD: {value!r}") from None


def _positive_int(value: str) -> int:
    if not value.isascii() or not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"not a whole number of at least 1: {value!r}")
    return int(value)


def due_main(
    argv: list[str],
    stdout: IO[str],
    stderr: IO[str],
    calendar: WorkingCalendar | None = None,
    translate: Callable[[str], str] = lambda message: message,
) -> int:
    """Run ``openvillage calendar due --start YYYY-MM-DD --working-days N``; return the exit code.

    ``argv`` holds the arguments after ``calendar due``. Prints the ISO due date on ``stdout``
    (exit 0), with a warning on ``stderr`` when a year had no official data; a bad argument
    prints usage and the problem on ``stderr`` and returns 2. ``calendar`` defaults to the one
    built from ``chinese_calendar``; ``translate`` is the caller's ``gettext``.
    """
    parser = _Parser(prog="openvillage calendar due", add_help=False)
    parser.add_argument("--start", required=True, type=_iso_date)
    parser.add_argument("--working-days", required=True, type=_positive_int)
    try:
        args = parser.parse_args(argv)
    except _UsageError as exc:
        stderr.write(parser.format_usage())
        stderr.write(f"{parser.prog}: error: {exc}\n")
        return 2
    due = (calendar or default_calendar()).add_working_days(args.start, args.working_days)
    stdout.write(f"{due.date.isoformat()}\n")
    if due.fell_back:
        message = translate(
            gettext_noop(
                "Warning: no official holiday data for %(years)s; Monday to Friday were "
                "counted as working days."
            )
        )
        stderr.write(message % {"years": ", ".join(map(str, due.fallback_years))} + "\n")
    return 0
