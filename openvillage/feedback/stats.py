"""Villagers' messages in the county's view (registered in apps.py, filled by analytics)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.db.models import Count, Q
from django.urls import reverse

from openvillage.core.clock import local_day_bounds
from openvillage.feedback.models import Message


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
