"""Fill every registered stat incrementally, one local day at a time, crash-safe.

For each day after the stat's :class:`FillState`: mark the day ``started``, delete whatever a
previous, interrupted fill left for it, insert the villages' values from the stat's ``fill(day)``
(one grouped query in the domain app), roll them up to towns, counties and the province with one
``INSERT ... SELECT`` each, then mark the day ``done``. Each day is one transaction, so a crash
loses at most the day in hand, which the next run redoes.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from openvillage.analytics.models import FillState, UnitCount
from openvillage.core import extensions
from openvillage.core.clock import local_today
from openvillage.org.models import Level, Unit

ONE_DAY = timedelta(days=1)


def first_day(through: date) -> date:
    """Where a stat never filled starts: ``ANALYTICS_BACKFILL_DAYS`` before ``through``."""
    return through - timedelta(days=getattr(settings, "ANALYTICS_BACKFILL_DAYS", 90) - 1)


# Each level's sums go to the level above: village -> town -> county -> province (a county
# deployment has no province; its county's row has no parent and the last step adds nothing).
ROLLUP_LEVELS = (Level.VILLAGE.value, Level.TOWN.value, Level.COUNTY.value)  # plain strings

_ROLLUP_SQL = (
    f"INSERT INTO {UnitCount._meta.db_table} (stat, day, unit_id, level, value)"  # noqa: S608
    " SELECT c.stat, c.day, u.parent_id, p.level, SUM(c.value)"
    f" FROM {UnitCount._meta.db_table} c"
    f" JOIN {Unit._meta.db_table} u ON u.id = c.unit_id"
    f" JOIN {Unit._meta.db_table} p ON p.id = u.parent_id"
    " WHERE c.stat = %s AND c.day BETWEEN %s AND %s AND c.level = %s"
    " GROUP BY c.stat, c.day, u.parent_id, p.level"
)
_INSERT_SQL = (
    f"INSERT INTO {UnitCount._meta.db_table} (stat, day, unit_id, level, value)"  # noqa: S608
    " VALUES (%s, %s, %s, %s, %s)"
)


def _rollup(stat: str, day: date, through: date | None = None) -> None:
    """Sum the villages' values into their towns, the towns' into their counties and the
    counties' into their province: one ``INSERT ... SELECT ... GROUP BY`` per level, set-based
    in the database whatever the number of units (no row comes back to Python). ``through``
    rolls up a run of days at once (bulk loads: the benchmarks)."""
    with connection.cursor() as cursor:
        for child in ROLLUP_LEVELS:
            cursor.execute(_ROLLUP_SQL, [stat, day, through or day, child])


def village_ids() -> frozenset[int]:
    return frozenset(Unit.objects.filter(level=Level.VILLAGE).values_list("pk", flat=True))


def fill_day(spec: extensions.StatSpec, day: date, villages: frozenset[int] | None = None) -> int:
    """Fill one stat for one day (its own transaction); return the number of villages.

    ``villages`` (the ids of every village, :func:`village_ids`) saves reading them again when
    a caller fills many stats or days."""
    with transaction.atomic():
        FillState.objects.update_or_create(
            stat=spec.name, defaults={"day": day, "state": FillState.State.STARTED}
        )
    known = village_ids() if villages is None else villages
    with transaction.atomic():
        UnitCount.objects.filter(stat=spec.name, day=day).delete()
        # The domain's one grouped query, then one multi-row insert (no model per row).
        rows = [
            (spec.name, day, vid, Level.VILLAGE.value, int(v))
            for vid, v in spec.fill(day).items()
            if v and vid in known
        ]
        with connection.cursor() as cursor:
            cursor.executemany(_INSERT_SQL, rows)
        _rollup(spec.name, day)
        FillState.objects.filter(stat=spec.name).update(
            state=FillState.State.DONE, updated_at=timezone.now()
        )
    return len(rows)


def days_to_fill(stat: str, through: date) -> Iterable[date]:
    """The days after the last one done, through ``through`` (a started day is redone)."""
    state = FillState.objects.filter(stat=stat).first()
    if state is None:
        day = first_day(through)
    elif state.state == FillState.State.STARTED:
        day = state.day
    else:
        day = state.day + ONE_DAY
    while day <= through:
        yield day
        day += ONE_DAY


def fill_all(through: date | None = None) -> dict[str, int]:
    """Fill every registered stat through ``through`` (yesterday by default); days per stat."""
    last = through or local_today() - ONE_DAY
    filled = {}
    villages = village_ids()
    for spec in extensions.analytics_stats:
        days = list(days_to_fill(spec.name, last))
        for day in days:
            fill_day(spec, day, villages)
        filled[spec.name] = len(days)
    return filled


def demo_builder(options) -> str:
    """The step of ``openvillage demo``: fill the dashboards from what the demo wrote."""
    filled = fill_all(through=local_today())
    return f"Filled the dashboards: {len(filled)} stats, {max(filled.values(), default=0)} days."
