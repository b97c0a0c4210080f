"""Villagers' messages in the county's view (registered in apps.py, filled by analytics)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.db.models import Count, F, Q
from django.urls import reverse

from openvillage.core.clock import local_day_bounds
from openvillage.feedback.models import Message

#: On the 1-5 scale of a rating, 4 (satisfied) and 5 (very satisfied) count as satisfied.
SATISFIED_FROM = 4


def received(day: date) -> Mapping[int, int]:
    """Messages received on ``day``, per village (a flow)."""
    start, end = local_day_bounds(day)
    rows = (
        Message.objects.filter(created_at__gte=start, created_at__lt=end)
        .values("village_id")
        .annotate(n=Count("id"))
    )
    return {row["village_id"]: row["n"] for row in rows}


def open_at_end(day: date) -> Mapping[int, int]:
    """Messages received by the end of ``day`` and not closed by then, per village (a level)."""
    _, end = local_day_bounds(day)
    rows = (
        Message.objects.filter(created_at__lt=end)
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gte=end))
        .values("village_id")
        .annotate(n=Count("id"))
    )
    return {row["village_id"]: row["n"] for row in rows}


def inbox_link(unit) -> str:
    return reverse("feedback-inbox")


def replied(day: date) -> Mapping[int, int]:
    """Messages first replied to on ``day``, per village (a flow)."""
    rows = Message.objects.filter(replied_on=day).values("village_id").annotate(n=Count("id"))
    return {row["village_id"]: row["n"] for row in rows}


def replied_on_time(day: date) -> Mapping[int, int]:
    """Of those, the ones replied to by their due day (the due day itself is on time)."""
    rows = (
        Message.objects.filter(replied_on=day, replied_on__lte=F("due_on"))
        .values("village_id")
        .annotate(n=Count("id"))
    )
    return {row["village_id"]: row["n"] for row in rows}


def rated(day: date) -> Mapping[int, int]:
    """Messages whose villager rated the answer on ``day`` (a flow)."""
    start, end = local_day_bounds(day)
    rows = (
        Message.objects.filter(rated_at__gte=start, rated_at__lt=end, satisfaction__isnull=False)
        .values("village_id")
        .annotate(n=Count("id"))
    )
    return {row["village_id"]: row["n"] for row in rows}


def satisfied(day: date) -> Mapping[int, int]:
    """Of those, the ratings of satisfied or better (``SATISFIED_FROM`` and up)."""
    start, end = local_day_bounds(day)
    rows = (
        Message.objects.filter(
            rated_at__gte=start, rated_at__lt=end, satisfaction__gte=SATISFIED_FROM
        )
        .values("village_id")
        .annotate(n=Count("id"))
    )
    return {row["village_id"]: row["n"] for row in rows}
