"""Dashboards of the county, a town and a village, from the pre-aggregated counts."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe

from openvillage.analytics import charts, selectors
from openvillage.core.clock import local_today
from openvillage.org.selectors import unit_for_staff

WINDOW_DAYS = 30


@login_required(login_url="staff-login")
def dashboard_home(request):
    if request.user.unit is None:
        return redirect("staff-units")
    return redirect("analytics-dashboard", code=request.user.unit.code)


@login_required(login_url="staff-login")
def dashboard(request, code: str):
    unit = unit_for_staff(request.user, code)
    end = selectors.last_filled_day() or local_today() - timedelta(days=1)
    stats = selectors.stat_rows(unit, end, WINDOW_DAYS)
    summary = [
        {
            "label": str(row.spec.label),
            "kind": row.spec.kind,
            "total": row.total,
            "link": row.spec.link(unit) if row.spec.link else "",
            "spark": mark_safe(charts.sparkline(row.series, label=str(row.spec.label))),  # noqa: S308 (numbers only)
        }
        for row in stats
    ]
    # One table row per child unit: every stat lists the children in the same order.
    columns = [row.children for row in stats]
    tops = [max((value for _, value in column), default=0) for column in columns]
    children = [
        {
            "unit": cells[0][0],
            "cells": [
                {
                    "value": value,
                    "bar": mark_safe(charts.bar(value, top, width=80, label=str(value))),  # noqa: S308
                }
                for (_, value), top in zip(cells, tops, strict=True)
            ],
        }
        for cells in zip(*columns, strict=True)
    ]
    context = {
        "unit": unit,
        "summary": summary,
        "children": children,
        "start": end - timedelta(days=WINDOW_DAYS - 1),
        "end": end,
        "filled_at": selectors.last_fill_time(),
        "stale": selectors.is_stale(),
    }
    return render(request, "analytics/dashboard.html", context)


def stale_attention(user, today) -> list:
    """On the county home: a warning when the daily fill is more than 26 hours old."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from openvillage.core.extensions import Attention

    if not selectors.is_stale():
        return []
    label = _("The dashboard's figures are more than 26 hours old: check the background worker")
    return [Attention(count=1, url=reverse("analytics-home"), label=label, tone="warn")]
