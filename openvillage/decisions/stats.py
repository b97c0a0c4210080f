"""Decision procedures in the county's view (registered in apps.py, filled by analytics).

Each function answers one local day with one grouped query: the value per village id.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.db.models import Count, F, Q
from django.urls import reverse

from openvillage.decisions.models import Case, CaseStatus, StepFlag, Violation


def _per_village(rows) -> dict[int, int]:
    return {row["v"]: row["n"] for row in rows}


def opened(day: date) -> Mapping[int, int]:
    """Cases opened on ``day`` (a flow)."""
    return _per_village(
        Case.objects.filter(opened_on=day).values(v=F("village_id")).annotate(n=Count("id"))
    )


def open_at_end(day: date) -> Mapping[int, int]:
    """Cases opened by ``day`` and not closed by its end (a level)."""
    rows = (
        Case.objects.filter(opened_on__lte=day)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=day))
        .values(v=F("village_id"))
        .annotate(n=Count("id"))
    )
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
        Violation.objects.filter(recorded_on=day).values(v=F("village_id")).annotate(n=Count("id"))
    )
    return _per_village(rows)


def cases_link(unit) -> str:
    return reverse("decisions-cases")


def open_cases_link(unit) -> str:
    return reverse("decisions-cases") + "?status=" + CaseStatus.OPEN


def violations_link(unit) -> str:
    return reverse("decisions-violations")
