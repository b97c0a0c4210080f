"""Exports give exactly the dashboard's figures, one tidy row per unit and stat, scoped."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from openvillage.analytics import fill, selectors
from openvillage.core import extensions
from openvillage.org.models import Unit


def test_the_csv_has_one_row_per_unit_and_stat_with_the_dashboards_figures(client, cast):
    fill.fill_all()
    client.force_login(cast["tom"])
    answer = client.get("/staff/dashboard/990100001000/figures.csv", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert answer.status_code == 200
    text = answer.content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0][0] == "单位代码"
    stats = list(extensions.analytics_stats)
    assert len(lines) == 1 + 3 * len(stats)  # the town and its two villages
    town = Unit.objects.get(code="990100001000")
    end = selectors.last_filled_day()
    rows = selectors.stat_rows(town, end, 30)
    own = {r.spec.name: r.total for r in rows}
    for line in lines[1:]:
        if line[0] == town.code:
            assert int(line[8]) == own[line[3]], line
    assert client.get("/staff/dashboard/990100002000/figures.csv").status_code == 403
    assert client.get("/staff/dashboard/990100001000/figures.exe").status_code == 404


def test_the_xlsx_has_the_same_rows(client, cast):
    fill.fill_all()
    client.force_login(cast["alice"])
    answer = client.get("/staff/dashboard/990100000000/figures.xlsx")
    assert answer.status_code == 200
    sheet = load_workbook(io.BytesIO(answer.content)).active
    assert sheet.max_row == 1 + 3 * len(list(extensions.analytics_stats))  # county + 2 towns
