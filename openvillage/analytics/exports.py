"""Exports of exactly what a dashboard shows: one tidy row per unit and stat (CSV or xlsx).

The columns are fixed (a code column and a label column for everything coded), so that the
file reads the same in both languages' spreadsheets and re-reads by machine. Texts that look
like a formula are written as text (core.spreadsheet, OWASP CSV injection).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from datetime import date

from django.utils.translation import gettext as _

from openvillage.analytics import selectors
from openvillage.core import extensions
from openvillage.core.spreadsheet import looks_like_formula
from openvillage.core.spreadsheet import row as safe_row
from openvillage.org.models import Level, Unit


def header() -> list[str]:
    return [
        _("Unit code"), _("Unit"), _("Unit level"), _("Figure code"), _("Figure"),
        _("Kind of figure"), _("Period start"), _("Period end"), _("Value"),
    ]  # fmt: skip


def rows(units: Sequence[Unit], start: date, end: date) -> Iterator[list[object]]:
    """One row per unit and registered stat over ``[start, end]`` (2 queries)."""
    figures = selectors.period_figures(units, start, end)
    kinds = {"flow": _("in the period"), "snapshot": _("on the last day")}
    for unit in units:
        for spec in extensions.analytics_stats:
            yield [
                unit.code, unit.name, str(Level(unit.level).label), spec.name, str(spec.label),
                str(kinds[spec.kind]), start.isoformat(), end.isoformat(),
                figures[unit.pk].get(spec.name, 0),
            ]  # fmt: skip


def _safe(value: object) -> object:
    return "'" + value if looks_like_formula(value) else value  # type: ignore[operator]


def as_csv(units: Sequence[Unit], start: date, end: date) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel and WPS open the Chinese right."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header())
    for line in rows(units, start, end):
        writer.writerow([_safe(v) for v in line])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def as_xlsx(units: Sequence[Unit], start: date, end: date) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Figures"))
    sheet.append(safe_row(sheet, header()))
    for line in rows(units, start, end):
        sheet.append(safe_row(sheet, line))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
