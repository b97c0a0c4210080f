"""Reads of the pre-aggregated counts: never a count over the domain tables per request."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Sum
from django.utils import timezone

from openvillage.analytics.models import FillState, UnitCount
from openvillage.core import extensions
from openvillage.org.models import Unit

STALE_AFTER = timedelta(hours=26)


@dataclass(frozen=True)
class StatRow:
    spec: extensions.StatSpec
    total: int  # over the window for a flow, the last day's level for a snapshot
    series: list[int]  # one value per day of the window, oldest first
    children: list[tuple[Unit, int]]  # the same figure per child unit


def last_filled_day() -> date | None:
    """The last day every registered stat is filled through (None before the first fill)."""
    names = [spec.name for spec in extensions.analytics_stats]
    states = list(FillState.objects.filter(stat__in=names))
    if not names or len(states) < len(names):
        return None
    return min(
        s.day if s.state == FillState.State.DONE else s.day - timedelta(days=1) for s in states
    )


def last_fill_time() -> datetime | None:
    latest = FillState.objects.order_by("-updated_at").values_list("updated_at", flat=True).first()
    return latest


def is_stale(now: datetime | None = None) -> bool:
    """Whether the daily fill has not run for more than 26 hours (or never ran)."""
    latest = last_fill_time()
    if not list(extensions.analytics_stats):
        return False
    return latest is None or (now or timezone.now()) - latest > STALE_AFTER


def stat_rows(unit: Unit, end: date, days: int = 30) -> list[StatRow]:
    """Every stat for ``unit`` and its children over the ``days`` ending on ``end``: 3 queries."""
    start = end - timedelta(days=days - 1)
    names = [spec.name for spec in extensions.analytics_stats]
    children = list(Unit.objects.filter(parent=unit).order_by("code"))
    own: dict[tuple[str, date], int] = {}
    for stat, day, value in UnitCount.objects.filter(
        stat__in=names, unit=unit, day__range=(start, end)
    ).values_list("stat", "day", "value"):
        own[(stat, day)] = value
    per_child: dict[tuple[str, int], list[tuple[date, int]]] = {}
    for stat, unit_id, day, value in UnitCount.objects.filter(
        stat__in=names, unit__in=children, day__range=(start, end)
    ).values_list("stat", "unit_id", "day", "value"):
        per_child.setdefault((stat, unit_id), []).append((day, value))
    rows = []
    for spec in extensions.analytics_stats:
        series = [own.get((spec.name, start + timedelta(days=i)), 0) for i in range(days)]
        rows.append(
            StatRow(
                spec=spec,
                total=_figure(spec, series),
                series=series,
                children=[
                    (child, _child_figure(spec, per_child.get((spec.name, child.pk), []), end))
                    for child in children
                ],
            )
        )
    return rows


def _figure(spec: extensions.StatSpec, series: list[int]) -> int:
    return series[-1] if spec.kind == "snapshot" else sum(series)


def _child_figure(spec: extensions.StatSpec, values: list[tuple[date, int]], end: date) -> int:
    if spec.kind == "snapshot":
        return next((v for d, v in values if d == end), 0)
    return sum(v for _, v in values)


def period_figures(
    units: Sequence[Unit], start: date, end: date, stats: Sequence[str] | None = None
) -> dict[int, dict[str, int]]:
    """Each unit's figures over ``[start, end]``: a flow summed, a snapshot on ``end``.

    Two grouped queries whatever the number of units (the flows' sums and the snapshots' day).
    """
    specs = [s for s in extensions.analytics_stats if stats is None or s.name in stats]
    flows = [s.name for s in specs if s.kind == "flow"]
    snapshots = [s.name for s in specs if s.kind == "snapshot"]
    ids = [u.pk for u in units]
    out: dict[int, dict[str, int]] = {pk: {} for pk in ids}
    if flows:
        for row in (
            UnitCount.objects.filter(stat__in=flows, unit_id__in=ids, day__range=(start, end))
            .values("unit_id", "stat")
            .annotate(total=Sum("value"))
        ):
            out[row["unit_id"]][row["stat"]] = int(row["total"])
    if snapshots:
        for unit_id, stat, value in UnitCount.objects.filter(
            stat__in=snapshots, unit_id__in=ids, day=end
        ).values_list("unit_id", "stat", "value"):
            out[unit_id][stat] = value
    return out
