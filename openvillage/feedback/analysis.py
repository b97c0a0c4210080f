"""Analysis of messages per village, town and county (issue 5 item 7): integers from a few
aggregate queries over indexed columns; no per-row Python work.

- volume, answered, overdue (late or very late), mean days to the first reply (integer),
  mean satisfaction in tenths (integer), per unit one level below the one asked for;
- topics per month for the last six months;
- finance flags: villages with at least FEEDBACK_FINANCE_FLAG_COUNT finance messages within
  FEEDBACK_FINANCE_FLAG_DAYS after their latest finance disclosure (shown to the town).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Max, Q, Sum
from django.db.models.functions import Substr
from django.utils import timezone

from openvillage.core.rates import percent_text
from openvillage.feedback.models import ClassifierVersion, Lateness
from openvillage.feedback.selectors import counted_for
from openvillage.org.models import Level, Unit


@dataclass(frozen=True)
class Row:
    unit: Unit
    volume: int
    answered: int
    overdue: int
    reply_days_mean: int | None
    satisfaction_tenths: int | None

    @property
    def overdue_percent(self) -> int:
        return (100 * self.overdue) // self.volume if self.volume else 0

    @property
    def overdue_rate(self) -> str | None:
        """ "33.3": the page's rate, half up at one decimal (core.rates); None without messages."""
        return percent_text(self.overdue, self.volume)


def _children(unit: Unit) -> list[Unit]:
    if unit.level == Level.VILLAGE:
        return [unit]
    return list(Unit.objects.filter(parent=unit).order_by("code"))


def rows(unit: Unit, *, viewer: Any) -> list[Row]:
    """One row per unit below ``unit`` (or the village itself), in one grouped query.

    Counts only what ``viewer`` may count: a message naming a cadre whose scope holds the
    viewer's unit is left out (issue 11 §13), as it is left out of the inbox.
    """
    children = _children(unit)
    # Every path of one level has the same length (12-digit codes), so a prefix names the child.
    prefix_len = len(children[0].path) if children else 1
    grouped = (
        counted_for(viewer)
        .filter(village_path__startswith=unit.path)
        .annotate(child=Substr("village_path", 1, prefix_len))
        .values("child")
        .annotate(
            volume=Count("id"),
            answered=Count("id", filter=Q(first_replied_at__isnull=False)),
            overdue=Count("id", filter=~Q(lateness=Lateness.ON_TIME)),
            reply_days=Sum("reply_days"),
            rated=Count("id", filter=Q(satisfaction__isnull=False)),
            satisfaction=Sum("satisfaction"),
        )
    )
    by_path = {g["child"]: g for g in grouped}
    out = []
    for child in children:
        g = by_path.get(child.path, {})
        answered, rated = g.get("answered", 0), g.get("rated", 0)
        out.append(
            Row(
                unit=child,
                volume=g.get("volume", 0),
                answered=answered,
                overdue=g.get("overdue", 0),
                reply_days_mean=(g["reply_days"] or 0) // answered if answered else None,
                satisfaction_tenths=(10 * (g["satisfaction"] or 0)) // rated if rated else None,
            )
        )
    return out


def _month_start(day: date, back: int) -> date:
    year, month = day.year, day.month - back
    while month <= 0:
        month += 12
        year -= 1
    return date(year, month, 1)


def topics_by_month(
    unit: Unit, today: date, months: int = 6, *, viewer: Any
) -> dict[str, dict[str, int]]:
    """{"2026-09": {"finance": 3, ...}, ...} for the last ``months`` months."""
    since = _month_start(today, months - 1)
    grouped = (
        counted_for(viewer)
        .filter(village_path__startswith=unit.path, received_on__gte=since)
        .values("received_on__year", "received_on__month", "topic")
        .annotate(n=Count("id"))
    )
    out: dict[str, dict[str, int]] = {}
    for back in range(months - 1, -1, -1):
        start = _month_start(today, back)
        out[f"{start:%Y-%m}"] = {}
    for g in grouped:
        key = f"{g['received_on__year']:04d}-{g['received_on__month']:02d}"
        out.setdefault(key, {})[g["topic"]] = g["n"]
    return out


@dataclass(frozen=True)
class FinanceFlag:
    village: Unit
    published_on: date
    finance_messages: int


def finance_flags(unit: Unit, *, viewer: Any) -> list[FinanceFlag]:
    """Villages in ``unit`` with many finance messages after their latest finance disclosure."""
    from openvillage.disclosure.models import Item

    latest = dict(
        Item.objects.filter(
            unit_path__startswith=unit.path, module="finance", first_published_at__isnull=False
        )
        .values("village_id")
        .annotate(last=Max("last_published_at"))
        .values_list("village_id", "last")
    )
    if not latest:
        return []
    window = timedelta(days=settings.FEEDBACK_FINANCE_FLAG_DAYS)
    q = Q()
    for village_id, last in latest.items():
        q |= Q(village_id=village_id, created_at__gte=last, created_at__lte=last + window)
    counts = dict(
        counted_for(viewer)
        .filter(q, topic="finance")
        .values("village_id")
        .annotate(n=Count("id"))
        .values_list("village_id", "n")
    )
    flagged = {v: n for v, n in counts.items() if n >= settings.FEEDBACK_FINANCE_FLAG_COUNT}
    villages = Unit.objects.in_bulk(list(flagged))
    return [
        FinanceFlag(villages[v], timezone.localtime(latest[v]).date(), n)
        for v, n in sorted(flagged.items())
    ]


def model_accuracy() -> ClassifierVersion | None:
    return ClassifierVersion.objects.order_by("-version").first()
