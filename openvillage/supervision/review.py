"""The work rhythm (supervision.md §8): the monthly review's figures and its ranking of towns and
villages, the weekly digest per scope. Counts are integers; rates exact fractions
(core.ranking), never floats."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, F, Q

from openvillage.core import ranking
from openvillage.core.clock import local_day_bounds
from openvillage.core.permissions import unit_scope_q
from openvillage.org.models import Level, Unit
from openvillage.supervision.models import Problem, State

FORMULA = "closed on time / (closed on time + gone overdue)"


@dataclass(frozen=True)
class Figures:
    found: int = 0
    closed: int = 0
    on_time: int = 0
    overdue: int = 0

    def __add__(self, other: Figures) -> Figures:
        return Figures(
            self.found + other.found,
            self.closed + other.closed,
            self.on_time + other.on_time,
            self.overdue + other.overdue,
        )

    @property
    def score(self) -> ranking.Score:
        due = self.on_time + self.overdue
        return ranking.Score(ranking.rate(self.on_time, due), due)


def month_bounds(month: str) -> tuple[date, date]:
    """``"2026-03"`` -> (1 March, 31 March)."""
    first = date.fromisoformat(month + "-01")
    following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return first, following - timedelta(days=1)


def village_figures(villages: list[Unit], first: date, last: date) -> dict[int, Figures]:
    """Per village: problems found, closed, closed on time, and gone overdue in the month.

    "Gone overdue": the deadline fell in the month and nothing was submitted by it; a problem
    whose deadline fell in the month and was submitted by it counts as on time when closed.
    """
    start, _ = local_day_bounds(first)
    _, end = local_day_bounds(last)
    on_time = Q(closed_on__gte=first, closed_on__lte=last, submitted_on__lte=F("deadline"))
    late = Q(deadline__gte=first, deadline__lte=last) & (
        Q(submitted_on__isnull=True) | Q(submitted_on__gt=F("deadline"))
    )
    rows = (
        Problem.objects.filter(village__in=villages)
        .values("village_id")
        .annotate(
            found=Count("id", filter=Q(created_at__gte=start, created_at__lt=end)),
            closed=Count("id", filter=Q(closed_on__gte=first, closed_on__lte=last)),
            on_time=Count("id", filter=on_time),
            overdue=Count("id", filter=late),
        )
        .order_by()
    )
    figures = {v.pk: Figures() for v in villages}
    for row in rows:
        figures[row["village_id"]] = Figures(
            row["found"], row["closed"], row["on_time"], row["overdue"]
        )
    return figures


def monthly(user: Any, unit: Unit, month: str) -> dict[str, Any]:
    """The monthly review of ``unit``: villages and (for a county) towns ranked (competition
    ranking, ties share a rank), with their figures."""
    first, last = month_bounds(month)
    villages = list(
        Unit.objects.filter(unit_scope_q(user), path__startswith=unit.path, level=Level.VILLAGE)
        .select_related("parent")
        .order_by("code")
    )
    figures = village_figures(villages, first, last)
    by_village = {v: figures[v.pk] for v in villages}
    towns: dict[Unit, Figures] = {}
    for village, fig in by_village.items():
        towns[village.parent] = towns.get(village.parent, Figures()) + fig
    village_rank = ranking.rank({v: f.score for v, f in by_village.items()}, formula=FORMULA)
    town_rank = ranking.rank({t: f.score for t, f in towns.items()}, formula=FORMULA)
    return {
        "first": first,
        "last": last,
        "villages": [(row, by_village[row.unit]) for row in village_rank.rows],
        "towns": [(row, towns[row.unit]) for row in town_rank.rows]
        if unit.level == Level.COUNTY
        else [],
        "formula": FORMULA,
    }


def weekly(user: Any, today: date) -> dict[str, Any]:
    """The weekly scheduling digest of the user's scope: open and overdue, new this week,
    and the deadlines of the coming week (one aggregate and one list query)."""
    from openvillage.supervision.selectors import overdue_q, problems

    week_ago, _ = local_day_bounds(today - timedelta(days=7))
    qs = problems(user)
    counts = qs.aggregate(
        open=Count("id", filter=~Q(state=State.CLOSED)),
        overdue=Count("id", filter=overdue_q(today)),
        new=Count("id", filter=Q(created_at__gte=week_ago)),
    )
    upcoming = (
        qs.filter(state=State.ORDERED, deadline__gte=today, deadline__lte=today + timedelta(7))
        .select_related("village", "responsible")
        .order_by("deadline", "id")[:100]
    )
    return {"counts": counts, "upcoming": list(upcoming)}
