"""The official working-day calendar in the database (disclosure.md K6; issue 5 item 4).

Rows of :class:`~openvillage.core.models.CalendarDay` (days off and adjusted working days) count
only for the years listed in :class:`~openvillage.core.models.CalendarYear`; any other year falls
back to Monday to Friday, and the :class:`~openvillage.core.workdays.DueDate` says so
(``fell_back``) so that callers can warn. The years the ``chinese_calendar`` package knows are
seeded by a migration; a county administrator loads later years from the State Council notice
with :func:`calendar_load_year` (staff page ``/staff/calendar/``).

:func:`working_calendar` is cached per process and rebuilt when the set of loaded years changes
(one cheap aggregate query per call checks ``count`` and ``max(loaded_at)``; loading a year in
this process also drops the cache at once).
"""

from __future__ import annotations

import re
import threading
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

from openvillage.core.audit import audit_log
from openvillage.core.errors import InvalidInput, NotAllowed
from openvillage.core.models import CalendarDay, CalendarSource, CalendarYear
from openvillage.core.roles import Role
from openvillage.core.text import gettext_noop
from openvillage.core.workdays import (
    HOLIDAY,
    ROW_KINDS,
    WORKDAY,
    CalendarRow,
    DueDate,
    WorkingCalendar,
    from_rows,
)

MIN_YEAR = 2000
MAX_YEAR = 2100
NAME_LENGTH = 60

_lock = threading.Lock()
_cache: tuple[tuple[int, Any], WorkingCalendar] | None = None


def _stamp() -> tuple[int, Any]:
    found = CalendarYear.objects.aggregate(n=Count("id"), last=Max("loaded_at"))
    return found["n"], found["last"]


def invalidate() -> None:
    """Drop this process's cached calendar (other processes notice through the stamp)."""
    global _cache
    with _lock:
        _cache = None


def _build() -> WorkingCalendar:
    years = set(CalendarYear.objects.values_list("year", flat=True))
    rows = [
        CalendarRow(d, kind, name)
        for d, kind, name in CalendarDay.objects.values_list("date", "kind", "name")
        if d.year in years
    ]
    return from_rows(rows, known_years=years)


def working_calendar() -> WorkingCalendar:
    """Return the official calendar from the database (cached while no year is loaded)."""
    global _cache
    stamp = _stamp()
    cached = _cache
    if cached is not None and cached[0] == stamp:
        return cached[1]
    calendar = _build()
    with _lock:
        _cache = (stamp, calendar)
    return calendar


def add_working_days(start: date, n: int) -> DueDate:
    """Return the ``n``-th working day after ``start`` by the official calendar (n >= 1)."""
    return working_calendar().add_working_days(start, n)


def years_without_data(today: date) -> list[int]:
    """Return this year and next year when their official schedule is not loaded yet."""
    known = working_calendar().known_years
    return [y for y in (today.year, today.year + 1) if y not in known]


# --- entering a year's schedule -------------------------------------------------------------


class ScheduleInvalid(InvalidInput):
    """Several lines of a pasted schedule are wrong; ``problems`` names each of them."""

    def __init__(self, problems: list[InvalidInput]) -> None:
        self.problems = problems
        super().__init__(
            gettext_noop("%(count)s lines of the schedule are wrong."),
            {"count": len(problems)},
            field="schedule",
        )

    def translated(self) -> str:
        return " ".join(problem.translated() for problem in self.problems)


_LINE = re.compile(r"^(\S+)\s+(\S+)(?:\s+(.*))?$")
#: The kind of a day as a clerk writes it in Chinese (the English codes are accepted too).
KIND_WORDS = {"放假": "holiday", "休息": "holiday", "上班": "workday", "调休上班": "workday"}


def _line_problem(line_no: int, message: str, **params: Any) -> InvalidInput:
    return InvalidInput(message, {"line": line_no, **params}, field="schedule")


def _parse_line(line_no: int, text: str, year: int) -> CalendarRow:
    match = _LINE.match(text)
    if match is None:
        raise _line_problem(
            line_no,
            gettext_noop(
                "Line %(line)s: write a date, then holiday or workday, then the name "
                "(e.g. 2027-10-01 holiday National Day)."
            ),
        )
    raw_date, kind, name = match.group(1), match.group(2).lower(), (match.group(3) or "").strip()
    kind = KIND_WORDS.get(kind, kind)
    try:
        day = date.fromisoformat(raw_date)
    except ValueError:
        raise _line_problem(
            line_no,
            gettext_noop("Line %(line)s: %(value)s is not a date in the form YYYY-MM-DD."),
            value=raw_date,
        )
    if kind not in ROW_KINDS:
        raise _line_problem(
            line_no,
            gettext_noop("Line %(line)s: the kind must be holiday or workday, not %(value)s."),
            value=kind,
        )
    if len(name) > NAME_LENGTH:
        raise _line_problem(
            line_no,
            gettext_noop("Line %(line)s: the name is longer than %(max)s characters."),
            max=NAME_LENGTH,
        )
    row = CalendarRow(day, kind, name)
    problem = _row_problem(row, year)
    if problem:
        raise _line_problem(line_no, "Line %(line)s: " + problem[0], **problem[1])
    return row


def _row_problem(row: CalendarRow, year: int) -> tuple[str, dict[str, Any]] | None:
    """Why this row cannot belong to the schedule of ``year``, or None."""
    if row.date.year != year:
        return gettext_noop("%(date)s is not in %(year)s."), {
            "date": row.date.isoformat(),
            "year": year,
        }
    if row.kind == WORKDAY and row.date.weekday() < 5:
        return gettext_noop(
            "%(date)s is a weekday; an adjusted working day is a Saturday or a Sunday."
        ), {"date": row.date.isoformat()}
    return None


# The prefixed forms, for makemessages (the parser joins "Line %(line)s: " and the reason).
gettext_noop("Line %(line)s: %(date)s is not in %(year)s.")
gettext_noop(
    "Line %(line)s: %(date)s is a weekday; an adjusted working day is a Saturday or a Sunday."
)
gettext_noop("Line %(line)s: %(date)s is listed twice.")


def parse_schedule(text: str, year: int) -> list[CalendarRow]:
    """Parse lines ``YYYY-MM-DD holiday|workday name`` for ``year``; name every bad line.

    Blank lines and lines starting with ``#`` are skipped. Raises :class:`ScheduleInvalid`
    listing every wrong line, or InvalidInput when no line is given.
    """
    rows: list[CalendarRow] = []
    problems: list[InvalidInput] = []
    seen: set[date] = set()
    for line_no, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip().lstrip("\ufeff")
        if not line or line.startswith("#"):
            continue
        try:
            row = _parse_line(line_no, line, year)
        except InvalidInput as problem:
            problems.append(problem)
            continue
        if row.date in seen:
            problems.append(
                _line_problem(
                    line_no,
                    gettext_noop("Line %(line)s: %(date)s is listed twice."),
                    date=row.date.isoformat(),
                )
            )
            continue
        seen.add(row.date)
        rows.append(row)
    if problems:
        raise ScheduleInvalid(problems)
    _require_holidays(rows, year)
    return rows


def _require_holidays(rows: list[CalendarRow], year: int) -> None:
    if not any(row.kind == HOLIDAY for row in rows):
        raise InvalidInput(
            gettext_noop(
                "The schedule of %(year)s has no day off; every year has official holidays."
            ),
            {"year": year},
            field="schedule",
        )


def _require_calendar_admin(actor: Any) -> None:
    allowed = getattr(actor, "is_authenticated", False) and getattr(actor, "is_active", False)
    if not (allowed and (actor.is_superuser or actor.role == Role.COUNTY_ADMIN)):
        raise NotAllowed(gettext_noop("Only the county administrator may load the calendar."))


def _check_rows(year: int, rows: list[CalendarRow]) -> list[CalendarRow]:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise InvalidInput(
            gettext_noop("The year must be between %(min)s and %(max)s."),
            {"min": MIN_YEAR, "max": MAX_YEAR},
            field="year",
        )
    clean = [CalendarRow(r[0], r[1], r[2] if len(r) > 2 else "") for r in rows]
    for row in clean:
        problem = _row_problem(row, year) if row.kind in ROW_KINDS else None
        if problem:
            raise InvalidInput(problem[0], problem[1], field="schedule")
    from_rows(clean, known_years=[year])  # kinds, and a day both off and worked
    if len({row.date for row in clean}) != len(clean):
        raise InvalidInput(gettext_noop("A date is listed twice."), field="schedule")
    _require_holidays(clean, year)
    return clean


def calendar_load_year(
    *,
    actor: Any,
    year: int,
    rows: list[CalendarRow],
    source: str = CalendarSource.OFFICIAL_NOTICE,
    note: str = "",
) -> CalendarYear:
    """Replace the official schedule of ``year`` with ``rows`` (county administrator only)."""
    _require_calendar_admin(actor)
    clean = _check_rows(year, rows)
    with transaction.atomic():
        before = CalendarYear.objects.filter(year=year).first()
        removed, _ = CalendarDay.objects.filter(date__year=year).delete()
        CalendarDay.objects.bulk_create(
            [CalendarDay(date=r.date, kind=r.kind, name=r.name) for r in clean]
        )
        entry, _ = CalendarYear.objects.update_or_create(
            year=year,
            defaults={"source": source, "loaded_at": timezone.now(), "note": note},
        )
        audit_log(
            actor=actor,
            action="core.calendar.load_year",
            obj=entry,
            changes={
                "days": [removed if before else None, len(clean)],
                "source": [before.source if before else None, source],
            },
            note=note,
        )
    invalidate()
    return entry


def calendar_seed_from_package() -> list[int]:
    """Load every year the installed ``chinese_calendar`` knows that is not loaded yet."""
    from openvillage.core.workdays import calendar_from_chinese_calendar, serialize

    package = calendar_from_chinese_calendar()
    with transaction.atomic():
        known = set(CalendarYear.objects.values_list("year", flat=True))
        new_years = sorted(package.known_years - known)
        CalendarDay.objects.bulk_create(
            [
                CalendarDay(date=r.date, kind=r.kind, name=r.name[:NAME_LENGTH])
                for r in serialize(package)
                if r.date.year in new_years
            ],
            batch_size=500,
        )
        CalendarYear.objects.bulk_create(
            [
                CalendarYear(year=y, source=CalendarSource.PACKAGE, note="chinese-calendar")
                for y in new_years
            ]
        )
        if new_years:
            audit_log(
                actor="system",
                action="core.calendar.seed",
                object_type="core.calendaryear",
                changes={"years": [None, new_years]},
            )
    invalidate()
    return new_years
