"""The problem list in the county's view (registered in apps.py, filled by analytics)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.db.models import Count, Q
from django.urls import reverse

from openvillage.core.clock import local_day_bounds
from openvillage.supervision.models import Problem, State


def open_at_end(day: date) -> Mapping[int, int]:
    """Problems recorded by the end of ``day`` and not closed then, per village (a level).

    Approximation: a problem closed later than ``day`` counts as open on ``day``; a problem
    closed and reopened since counts by its current closure date.
    """
    _, end = local_day_bounds(day)
    rows = (
        Problem.objects.filter(created_at__lt=end)
        .filter(~Q(state=State.CLOSED) | Q(closed_on__gt=day))
        .values("village_id")
        .annotate(n=Count("id"))
    )
    return {row["village_id"]: row["n"] for row in rows}


def overdue_at_end(day: date) -> Mapping[int, int]:
    """Problems ordered, not submitted and past their deadline on ``day`` (a level; derived)."""
    rows = (
        Problem.objects.filter(state=State.ORDERED, deadline__lt=day)
        .values("village_id")
        .annotate(n=Count("id"))
    )
    return {row["village_id"]: row["n"] for row in rows}


def board_link(unit) -> str:
    return reverse("supervision-problems") + f"?unit={unit.code}"


def overdue_link(unit) -> str:
    return reverse("supervision-problems") + f"?unit={unit.code}&overdue=1"
