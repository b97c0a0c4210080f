"""Decision procedures in the county's view (registered in apps.py, filled by analytics).

Each function answers one local day with one grouped query: the value per village id. The
figures that have a list (cases, violations) are one filter each (``q(start, end)``), used both
by the fill and by the list the dashboard links to, so that they always count the same rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from openvillage.decisions.models import Case, StepFlag, Violation
from openvillage.org import listfilter


def _per_village(rows) -> dict[int, int]:
    return {row["v"]: row["n"] for row in rows}


def opened_q(start: date, end: date) -> Q:
    """Cases opened on the days (a flow)."""
    return Q(opened_on__gte=start, opened_on__lte=end)


def open_q(start: date, end: date) -> Q:
    """Cases opened by ``end`` and not closed by its end (a level)."""
    return Q(opened_on__lte=end) & (Q(closed_on__isnull=True) | Q(closed_on__gt=end))


def violations_q(start: date, end: date) -> Q:
    """Misconduct records dated on the days (a flow)."""
    return Q(recorded_on__gte=start, recorded_on__lte=end)


CASE_FIGURES: listfilter.Figures = {
    "opened": (_("Decision cases opened"), opened_q),
    "open": (_("Decision cases in progress"), open_q),
}
VIOLATION_FIGURES: listfilter.Figures = {"recorded": (_("Violations recorded"), violations_q)}


def opened(day: date) -> Mapping[int, int]:
    """Cases opened on ``day`` (a flow)."""
    return _per_village(
        Case.objects.filter(opened_q(day, day)).values(v=F("village_id")).annotate(n=Count("id"))
    )


def open_at_end(day: date) -> Mapping[int, int]:
    """Cases opened by ``day`` and not closed by its end (a level)."""
    rows = Case.objects.filter(open_q(day, day)).values(v=F("village_id")).annotate(n=Count("id"))
    return _per_village(rows)


def flags_raised(day: date) -> Mapping[int, int]:
    """Flags raised on a step record on ``day`` (a flow)."""
    rows = (
        StepFlag.objects.filter(raised_on=day)
        .values(v=F("case__village_id"))
        .annotate(n=Count("id"))
    )
    return _per_village(rows)


def violations_recorded(day: date) -> Mapping[int, int]:
    """Misconduct records dated ``day`` (a flow)."""
    rows = (
        Violation.objects.filter(violations_q(day, day))
        .values(v=F("village_id"))
        .annotate(n=Count("id"))
    )
    return _per_village(rows)


def cases_link(unit, start: date | None = None, end: date | None = None) -> str:
    """The unit's cases (flags have no list of their own: a case may carry several)."""
    return listfilter.link(reverse("decisions-cases"), unit)


def opened_cases_link(unit, start: date | None = None, end: date | None = None) -> str:
    return listfilter.link(reverse("decisions-cases"), unit, start, end, figure="opened")


def open_cases_link(unit, start: date | None = None, end: date | None = None) -> str:
    return listfilter.link(reverse("decisions-cases"), unit, start, end, figure="open")


def violations_link(unit, start: date | None = None, end: date | None = None) -> str:
    return listfilter.link(reverse("decisions-violations"), unit, start, end, figure="recorded")
