"""Disclosure's figures for the county's view (registered in apps.py, filled by analytics).

Each figure is one filter (``q(start, end)``), used both by the fill and by the list the
dashboard links to, so that a figure and its list always count the same rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from openvillage.core.clock import local_day_bounds
from openvillage.disclosure.models import Item
from openvillage.org import listfilter


def published_q(start: date, end: date) -> Q:
    """Disclosures first published on the local days ``[start, end]``."""
    return Q(
        first_published_at__gte=local_day_bounds(start)[0],
        first_published_at__lt=local_day_bounds(end)[1],
    )


FIGURES: listfilter.Figures = {"published": (_("Disclosures published"), published_q)}


def published(day: date) -> Mapping[int, int]:
    """Disclosures first published on ``day``, per village (a flow)."""
    rows = Item.objects.filter(published_q(day, day)).values("village_id").annotate(n=Count("id"))
    return {row["village_id"]: row["n"] for row in rows}


def published_link(unit, start: date | None = None, end: date | None = None) -> str:
    return listfilter.link(reverse("staff-disclosure"), unit, start, end, figure="published")
