"""The problem list in the county's view (registered in apps.py, filled by analytics)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from openvillage.core.clock import local_day_bounds
from openvillage.org import listfilter
from openvillage.supervision.models import Problem, State


def open_q(start: date, end: date) -> Q:
    """Problems recorded by the end of ``end`` and not closed then (a level).

    Approximation: a problem closed later than ``end`` counts as open on ``end``; a problem
    closed and reopened since counts by its current closure date.
    """
    return Q(created_at__lt=local_day_bounds(end)[1]) & (
        ~Q(state=State.CLOSED) | Q(closed_on__gt=end)
    )


def overdue_q(start: date, end: date) -> Q:
    """Problems ordered, not submitted and past their deadline on ``end`` (a level; derived)."""
    return Q(state=State.ORDERED, deadline__lt=end)


#: The figures of the problem list (the fill and the list read the same filter).
FIGURES: listfilter.Figures = {
    "open": (_("Problems not yet closed"), open_q),
    "overdue": (_("Problems past their rectification deadline"), overdue_q),
}


def _per_village(q: Q) -> dict[int, int]:
    rows = Problem.objects.filter(q).values("village_id").annotate(n=Count("id"))
    return {row["village_id"]: row["n"] for row in rows}


def open_at_end(day: date) -> Mapping[int, int]:
    return _per_village(open_q(day, day))


def overdue_at_end(day: date) -> Mapping[int, int]:
    return _per_village(overdue_q(day, day))


def board_link(unit, start: date | None = None, end: date | None = None) -> str:
    return listfilter.link(reverse("supervision-problems"), unit, start, end, figure="open")


def overdue_link(unit, start: date | None = None, end: date | None = None) -> str:
    return listfilter.link(reverse("supervision-problems"), unit, start, end, figure="overdue")
