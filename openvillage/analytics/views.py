"""Dashboards of the county, a town and a village, from the pre-aggregated counts."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from openvillage.analytics import charts, exports, scoring, selectors
from openvillage.core import extensions
from openvillage.core.clock import local_today
from openvillage.core.errors import NotFound
from openvillage.core.permissions import require_read
from openvillage.core.text import gettext_noop
from openvillage.org.models import Level, Unit
from openvillage.org.selectors import unit_for_staff

WINDOW_DAYS = 30
PAGE_SIZE = 50
# The figures only change when a fill ends (the key names the fill); a day bounds the memory.
FIGURES_CACHE_SECONDS = 24 * 3600


@login_required(login_url="staff-login")
def dashboard_home(request):
    """The user's own unit, or the one ``?unit=`` narrows to (within the user's scope)."""
    code = request.GET.get("unit", "")[:12]
    if code:
        return dashboard(request, code)
    if request.user.unit is None:
        return redirect("staff-units")
    return redirect("analytics-dashboard", code=request.user.unit.code)


def _figures_key(kind: str, unit: ScopedUnit, info: selectors.FillInfo, *parts: object) -> str:
    """The cache key of a unit's rendered figures: the unit, the reader's language and the fill
    states' version, which names the scoring rule sets too (a new fill or rule set gives a new
    key, so nothing is ever invalidated by hand)."""
    raw = "|".join(str(p) for p in (kind, unit.pk, get_language(), info.version, *parts))
    return "analytics:" + hashlib.sha256(raw.encode()).hexdigest()


def _cached_body(key: str, build) -> str:
    """The rendered figures under ``key``, built (and stored) on the first view only."""
    body = cache.get(key)
    if body is None:
        body = build()
        cache.set(key, body, FIGURES_CACHE_SECONDS)
    return mark_safe(body)  # noqa: S308 (our own template's output)


@dataclass(frozen=True)
class ScopedUnit:
    """What a cached page needs of its unit: the key, the scope check and the title."""

    pk: int
    code: str
    name: str
    level: str
    path: str

    def load(self) -> Unit:
        """The unit itself, with its parent: only when the figures are computed."""
        return Unit.objects.select_related("parent").get(pk=self.pk)


_UNIT_SQL = f"SELECT id, code, name, level, path FROM {Unit._meta.db_table} WHERE code = %s"  # noqa: S608


def unit_in_scope(user, code: str) -> ScopedUnit:
    """:func:`openvillage.org.selectors.unit_for_staff`'s check (404 if unknown, 403 outside
    the user's scope) in one plain query: it runs on every view of a cached page, where the
    ORM took longer to build the query than the database to answer it."""
    with connection.cursor() as cursor:
        cursor.execute(_UNIT_SQL, [code[:12]])
        row = cursor.fetchone()
    if row is None:
        raise NotFound(gettext_noop("No unit has the code %(code)s."), {"code": code})
    unit = ScopedUnit(*row)
    require_read(user, unit.path)
    return unit


@login_required(login_url="staff-login")
def dashboard(request, code: str):
    # The scope is checked on every request; only the figures (the same for everyone who may
    # see this unit) come from the cache.
    scoped = unit_in_scope(request.user, code)
    info = selectors.fill_info()
    end = info.last_day or local_today() - timedelta(days=1)

    def build() -> str:
        unit = scoped.load()
        context = {
            **_figures(unit, end),
            "start": end - timedelta(days=WINDOW_DAYS - 1),
            "end": end,
            "filled_at": info.filled_at,
        }
        return render_to_string("analytics/_dashboard_figures.html", context)

    context = {
        "unit": scoped,
        "body": _cached_body(_figures_key("dashboard", scoped, info, end), build),
        "stale": selectors.is_stale(filled_at=info.filled_at),
    }
    return render(request, "analytics/dashboard.html", context)


def _figures(unit: Unit, end: date) -> dict:
    """What the dashboard shows of ``unit`` over the window ending on ``end``; every number
    links to the list behind it (the stat's list for that unit), or, where a stat has no list,
    to the dashboard of the unit it counts."""
    stats = selectors.stat_rows(unit, end, WINDOW_DAYS)
    specs = {spec.name: spec for spec in extensions.analytics_stats}
    start = end - timedelta(days=WINDOW_DAYS - 1)

    def link(stat: str, of: Unit) -> str:
        """The list filtered to ``of`` and the figure's days: the window for a flow, the
        last day for a snapshot (a level), so that the list counts what the figure counts."""
        spec = specs.get(stat)
        if spec is not None and spec.link is not None:
            return spec.link(of, start if spec.kind == "flow" else end, end)
        return reverse("analytics-dashboard", args=[of.code])

    summary = [
        {
            "label": str(row.spec.label),
            "kind": row.spec.kind,
            "total": row.total,
            "link": link(row.spec.name, unit),
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
                    "link": link(row.spec.name, child),
                    "bar": mark_safe(charts.bar(value, top, width=80, label=str(value))),  # noqa: S308
                }
                for (child, value), top, row in zip(cells, tops, stats, strict=True)
            ],
        }
        for cells in zip(*columns, strict=True)
    ]
    return {
        "unit": unit,
        "summary": summary,
        "children": children,
        "lights": [
            {
                "light": light,
                "svg": mark_safe(charts.light(light.colour, light.colour_label)),  # noqa: S308 (fixed markup)
                "part_link": link(light.part_stat, unit),
                "whole_link": link(light.whole_stat, unit),
            }
            for light in scoring.lights(unit, end - timedelta(days=WINDOW_DAYS - 1), end)
        ],
        "levels": [(level, Level(level).label) for level in scoring.level_below(unit)],
    }


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
    scoped = unit_in_scope(request.user, code)  # the scope, on every request
    levels = scoring.level_below(scoped)
    if not levels:
        raise Http404
    level = request.GET.get("level", "")
    level = level if level in levels else levels[0]
    info = selectors.fill_info()
    last = info.last_day or local_today() - timedelta(days=1)
    month = _month(request.GET.get("month", "")[:7], last)
    try:
        number = max(1, int(request.GET.get("page", "1")[:6]))
    except ValueError:
        number = 1
    body = _cached_body(
        _figures_key("ranking", scoped, info, level, month, last, number),
        lambda: render_to_string(
            "analytics/_ranking_body.html",
            _ranking(scoped.load(), levels, level, month, last, number),
        ),
    )
    context = {"unit": scoped, "body": body}
    return render(request, "analytics/ranking.html", context)


def _ranking(unit: Unit, levels: list[str], level: str, month: date, last: date, number: int):
    rows, (start, end), scores = scoring.ranked_units(unit, level, month, last)
    page = Paginator(rows, PAGE_SIZE).get_page(number)
    indicators = {i.code: i for i in scores.indicators}
    weights = [
        (str(_(indicators[w.indicator].label)), w.weight, indicators[w.indicator].lower_is_better)
        for w in scores.ranking.weights
    ]
    return {
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
    }


def stale_attention(user, today) -> list:
    """On the county home: a warning when the daily fill is more than 26 hours old."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from openvillage.core.extensions import Attention

    if not selectors.is_stale():
        return []
    label = _("The dashboard's figures are more than 26 hours old: check the background worker")
    return [Attention(count=1, url=reverse("analytics-home"), label=label, tone="warn")]
