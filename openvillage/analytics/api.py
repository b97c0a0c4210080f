"""The county's view over HTTP: a unit's figures, day by day, from the pre-aggregated counts."""

from __future__ import annotations

from datetime import date, timedelta

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.security import django_auth
from pydantic import Field

from openvillage.analytics import selectors
from openvillage.core.clock import local_today
from openvillage.org.selectors import unit_for_staff

router = Router(tags=["analytics (staff)"], auth=django_auth)


class ChildOut(Schema):
    code: str
    name: str
    value: int


class StatOut(Schema):
    stat: str
    label: str
    kind: str = Field(description="snapshot (a level on the last day) or flow (summed)")
    total: int
    series: list[int] = Field(description="one value per day, oldest first")
    children: list[ChildOut]


class DashboardOut(Schema):
    unit: str
    start: date
    end: date
    stats: list[StatOut]


class Window(Schema):
    days: int = Field(30, ge=1, le=366, description="how many days, ending on the last filled")


@router.get("/units/{code}", response=DashboardOut, summary="A unit's figures and its children's")
def unit_figures(request: HttpRequest, code: str, window: Query[Window]):
    unit = unit_for_staff(request.user, code)
    end = selectors.last_filled_day() or local_today() - timedelta(days=1)
    rows = selectors.stat_rows(unit, end, window.days)
    return {
        "unit": unit.code,
        "start": end - timedelta(days=window.days - 1),
        "end": end,
        "stats": [
            {
                "stat": row.spec.name,
                "label": str(row.spec.label),
                "kind": row.spec.kind,
                "total": row.total,
                "series": row.series,
                "children": [
                    {"code": child.code, "name": child.name, "value": value}
                    for child, value in row.children
                ],
            }
            for row in rows
        ],
    }
