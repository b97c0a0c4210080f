"""Disclosure's figures for the county's view (registered in apps.py, filled by analytics)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.db.models import Count
from django.urls import reverse

from openvillage.core.clock import local_day_bounds
from openvillage.disclosure.models import Item


def published(day: date) -> Mapping[int, int]:
    """Disclosures first published on ``day``, per village (a flow)."""
    start, end = local_day_bounds(day)
    rows = (
        Item.objects.filter(first_published_at__gte=start, first_published_at__lt=end)
        .values("village_id")
        .annotate(n=Count("id"))
    )
    return {row["village_id"]: row["n"] for row in rows}


def published_link(unit) -> str:
    return reverse("staff-disclosure") + "?state=published"
