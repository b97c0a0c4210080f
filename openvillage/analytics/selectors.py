"""Reads of the pre-aggregated counts: never a count over the domain tables per request."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.db import connection
from django.db.models import Sum
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from openvillage.analytics.models import FillState, UnitCount
from openvillage.analytics.rules import scores as rules
from openvillage.core import extensions
from openvillage.core.models import RuleSet
from openvillage.org.models import Unit

STALE_AFTER = timedelta(hours=26)


@dataclass(frozen=True)
class StatRow:
    spec: extensions.StatSpec
    total: int  # over the window for a flow, the last day's level for a snapshot
    series: list[int]  # one value per day of the window, oldest first
    children: list[tuple[Unit, int]]  # the same figure per child unit


@dataclass(frozen=True)
class FillInfo:
    """What the fill states say, read in one query: enough to key a cache of the figures."""

    last_day: date | None  # the last day every registered stat is filled through
    filled_at: datetime | None  # when a fill last wrote its state
    version: str  # changes whenever any fill state changes (a day started or done)


def fill_info() -> FillInfo:
    """The fill states in one query. ``version`` is a digest of every state row (stat, day,
    state, time) and of the current scoring rule sets (the lights and the ranking follow them),
    so a fill that starts or ends a day, or a new rule set, gives a new version: a figure
    cached under the old one is never read again. Plain SQL: the ORM took longer to build
    this query than the database to answer it (it runs on every dashboard view)."""
    with connection.cursor() as cursor:
        cursor.execute(_FILL_INFO_SQL, [rules.SCORES.code])
        rows = sorted((str(a), str(b), str(c), str(d)) for a, b, c, d in cursor.fetchall())
    names = {spec.name for spec in extensions.analytics_stats}
    states = [row for row in rows if row[0] in names]
    last_day = None
    if names and len(states) == len(names):
        last_day = min(
            date.fromisoformat(day[:10]) - (timedelta(0) if state == "done" else ONE_DAY)
            for _, day, state, _ in states
        )
    times = [row[3] for row in rows if not row[0].startswith(" ")]
    filled_at = _aware(max(times)) if times else None
    digest = hashlib.sha256(repr(rows).encode()).hexdigest()[:16]
    return FillInfo(last_day=last_day, filled_at=filled_at, version=digest)


ONE_DAY = timedelta(days=1)
_FILL_INFO_SQL = (
    f"SELECT stat, day, state, updated_at FROM {FillState._meta.db_table}"  # noqa: S608
    f" UNION ALL SELECT ' rule set ' || region, NULL, sha256, NULL FROM {RuleSet._meta.db_table}"
    " WHERE kind = %s AND is_current"
)


def _aware(text: str) -> datetime | None:
    """A time the database gave as text (SQLite) or as a datetime (PostgreSQL, via str())."""
    value = parse_datetime(text)
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)  # the database keeps UTC (USE_TZ)
    return value


def last_filled_day() -> date | None:
    """The last day every registered stat is filled through (None before the first fill)."""
    return fill_info().last_day


def last_fill_time() -> datetime | None:
    latest = FillState.objects.order_by("-updated_at").values_list("updated_at", flat=True).first()
    return latest


def is_stale(now: datetime | None = None, filled_at: datetime | None | object = ...) -> bool:
    """Whether the daily fill has not run for more than 26 hours (or never ran).

    ``filled_at`` (from :func:`fill_info`) saves the query when the caller has it already."""
    if not list(extensions.analytics_stats):
        return False
    latest = last_fill_time() if filled_at is ... else filled_at
    return latest is None or (now or timezone.now()) - latest > STALE_AFTER  # type: ignore[operator]


def stat_rows(unit: Unit, end: date, days: int = 30) -> list[StatRow]:
    """Every stat for ``unit`` and its children over the ``days`` ending on ``end``: 4 queries.

    The unit's own series is read day by day (for the sparkline); the children's figures are
    summed by the database (:func:`period_figures`), so the rows read do not grow with the days.
    """
    start = end - timedelta(days=days - 1)
    names = [spec.name for spec in extensions.analytics_stats]
    children = list(Unit.objects.filter(parent=unit).order_by("code"))
    own: dict[tuple[str, date], int] = {}
    for stat, day, value in UnitCount.objects.filter(
        stat__in=names, unit=unit, day__range=(start, end)
    ).values_list("stat", "day", "value"):
        own[(stat, day)] = value
    per_child = period_figures(children, start, end)
    rows = []
    for spec in extensions.analytics_stats:
        series = [own.get((spec.name, start + timedelta(days=i)), 0) for i in range(days)]
        rows.append(
            StatRow(
                spec=spec,
                total=_figure(spec, series),
                series=series,
                children=[(child, per_child[child.pk].get(spec.name, 0)) for child in children],
            )
        )
    return rows


def _figure(spec: extensions.StatSpec, series: list[int]) -> int:
    return series[-1] if spec.kind == "snapshot" else sum(series)


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
