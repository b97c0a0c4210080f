"""Dashboards of the county, a town and a village, from the pre-aggregated counts."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from openvillage.analytics import charts, exports, scoring, selectors
from openvillage.core.clock import local_today
from openvillage.org.models import Level, Unit
from openvillage.org.selectors import unit_for_staff

WINDOW_DAYS = 30
PAGE_SIZE = 50


@login_required(login_url="staff-login")
def dashboard_home(request):
    """The user's own unit, or the one ``?unit=`` narrows to (within the user's scope)."""
    code = request.GET.get("unit", "")[:12]
    if code:
        return dashboard(request, code)
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
        "lights": [
            {"light": light, "svg": mark_safe(charts.light(light.colour, light.colour_label))}  # noqa: S308 (fixed markup)
            for light in scoring.lights(unit, end - timedelta(days=WINDOW_DAYS - 1), end)
        ],
        "levels": [(level, Level(level).label) for level in scoring.level_below(unit)],
    }
    return render(request, "analytics/dashboard.html", context)


@login_required(login_url="staff-login")
def export(request, code: str, fmt: str):
    """Exactly the dashboard's view: the unit and the units below it over the same window."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    unit = unit_for_staff(request.user, code)
    end = selectors.last_filled_day() or local_today() - timedelta(days=1)
    start = end - timedelta(days=WINDOW_DAYS - 1)
    units = [unit, *Unit.objects.filter(parent=unit).order_by("code")]
    if fmt == "xlsx":
        body = exports.as_xlsx(units, start, end)
        kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body = exports.as_csv(units, start, end)
        kind = "text/csv; charset=utf-8"
    answer = HttpResponse(body, content_type=kind)
    name = f"{unit.code}-{start:%Y%m%d}-{end:%Y%m%d}.{fmt}"
    answer["Content-Disposition"] = f'attachment; filename="{name}"'
    return answer


def _month(text: str, default: date) -> date:
    try:
        year, month = (int(part) for part in text.split("-"))
        return date(year, month, 1)
    except ValueError:
        return default.replace(day=1)


@login_required(login_url="staff-login")
def ranking(request, code: str):
    """The units of a level under ``code`` ranked for a month, with the formula and weights."""
    unit = unit_for_staff(request.user, code)
    levels = scoring.level_below(unit)
    if not levels:
        raise Http404
    level = request.GET.get("level", "")
    level = level if level in levels else levels[0]
    last = selectors.last_filled_day() or local_today() - timedelta(days=1)
    month = _month(request.GET.get("month", "")[:7], last)
    rows, (start, end), scores = scoring.ranked_units(unit, level, month, last)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    indicators = {i.code: i for i in scores.indicators}
    weights = [
        (str(_(indicators[w.indicator].label)), w.weight, indicators[w.indicator].lower_is_better)
        for w in scores.ranking.weights
    ]
    context = {
        "unit": unit,
        "level": level,
        "level_label": Level(level).label,
        "levels": [(lv, Level(lv).label) for lv in levels],
        "page": page,
        "start": start,
        "end": end,
        "month": month,
        "previous": scoring.previous_month(month),
        "following": (month.replace(day=28) + timedelta(days=4)).replace(day=1),
        "weights": weights,
        "min_count": scores.ranking.min_count,
        "version": scores.version,
        "filled_at": selectors.last_fill_time(),
    }
    return render(request, "analytics/ranking.html", context)


def stale_attention(user, today) -> list:
    """On the county home: a warning when the daily fill is more than 26 hours old."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from openvillage.core.extensions import Attention

    if not selectors.is_stale():
        return []
    label = _("The dashboard's figures are more than 26 hours old: check the background worker")
    return [Attention(count=1, url=reverse("analytics-home"), label=label, tone="warn")]
