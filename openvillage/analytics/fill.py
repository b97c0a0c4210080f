"""Fill every registered stat incrementally, one local day at a time, crash-safe.

For each day after the stat's :class:`FillState`: mark the day ``started``, delete whatever a
previous, interrupted fill left for it, insert the villages' values from the stat's ``fill(day)``
(one grouped query in the domain app), roll them up to towns and counties with one grouped query
each, then mark the day ``done``. Each day is one transaction, so a crash loses at most the day
in hand, which the next run redoes.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from openvillage.analytics.models import FillState, UnitCount
from openvillage.core import extensions
from openvillage.core.clock import local_today
from openvillage.org.models import Level, Unit

ONE_DAY = timedelta(days=1)


def first_day(through: date) -> date:
    """Where a stat never filled starts: ``ANALYTICS_BACKFILL_DAYS`` before ``through``."""
    return through - timedelta(days=getattr(settings, "ANALYTICS_BACKFILL_DAYS", 90) - 1)


def _rollup(stat: str, day: date) -> None:
    """Sum the villages' values into their towns, then the towns' into their counties."""
    for child, parent in ((Level.VILLAGE, Level.TOWN), (Level.TOWN, Level.COUNTY)):
        sums = (
            UnitCount.objects.filter(stat=stat, day=day, level=child)
            .values("unit__parent_id")
            .annotate(total=Sum("value"))
        )
        UnitCount.objects.bulk_create(
            [
                UnitCount(
                    stat=stat,
                    day=day,
                    unit_id=row["unit__parent_id"],
                    level=parent,
                    value=row["total"],
                )
                for row in sums
                if row["unit__parent_id"] is not None
            ],
            batch_size=2000,
        )


def fill_day(spec: extensions.StatSpec, day: date) -> int:
    """Fill one stat for one day (its own transaction); return the number of villages."""
    with transaction.atomic():
        FillState.objects.update_or_create(
            stat=spec.name, defaults={"day": day, "state": FillState.State.STARTED}
        )
    with transaction.atomic():
        UnitCount.objects.filter(stat=spec.name, day=day).delete()
        values = {vid: int(v) for vid, v in spec.fill(day).items() if v}
        villages = set(
            Unit.objects.filter(pk__in=list(values), level=Level.VILLAGE).values_list(
                "pk", flat=True
            )
        )
        UnitCount.objects.bulk_create(
            [
                UnitCount(stat=spec.name, day=day, unit_id=vid, level=Level.VILLAGE, value=v)
                for vid, v in values.items()
                if vid in villages
            ],
            batch_size=2000,
        )
        _rollup(spec.name, day)
        FillState.objects.filter(stat=spec.name).update(
            state=FillState.State.DONE, updated_at=timezone.now()
        )
    return len(villages)


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
    for spec in extensions.analytics_stats:
        days = list(days_to_fill(spec.name, last))
        for day in days:
            fill_day(spec, day)
        filled[spec.name] = len(days)
    return filled


def demo_builder(options) -> str:
    """The step of ``openvillage demo``: fill the dashboards from what the demo wrote."""
    filled = fill_all(through=local_today())
    return f"Filled the dashboards: {len(filled)} stats, {max(filled.values(), default=0)} days."
