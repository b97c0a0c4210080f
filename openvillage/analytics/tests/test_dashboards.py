"""Dashboards: scoped, from the aggregates in a bounded number of queries, staleness shown."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from openvillage.analytics import charts, fill
from openvillage.analytics.models import FillState


def test_the_county_sees_its_dashboard_with_the_last_fill_time(client, cast):
    fill.fill_all()
    client.force_login(cast["alice"])
    page = client.get("/staff/dashboard/990100000000/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Town A" in body and "Town B" in body
    assert "<svg" in body
    assert "notice warn" not in body


def test_a_town_officer_sees_the_town_but_not_the_county_nor_another_town(client, cast):
    client.force_login(cast["tom"])
    assert client.get("/staff/dashboard/990100001000/").status_code == 200
    assert client.get("/staff/dashboard/990100000000/").status_code == 403
    assert client.get("/staff/dashboard/990100002000/").status_code == 403
    home = client.get("/staff/dashboard/")
    assert home.status_code == 302 and home["Location"].endswith("/staff/dashboard/990100001000/")


def test_the_dashboard_reads_a_bounded_number_of_queries(
    client, cast, django_assert_max_num_queries
):
    fill.fill_all()
    client.force_login(cast["alice"])
    with django_assert_max_num_queries(20):
        assert client.get("/staff/dashboard/990100000000/").status_code == 200


def test_a_fill_older_than_26_hours_warns_the_county_home(client, cast):
    fill.fill_all()
    client.force_login(cast["alice"])
    assert "notice warn" not in client.get("/staff/dashboard/990100000000/").content.decode()
    fresh_home = client.get("/staff/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "数据看板的数据已超过 26 小时未更新" not in fresh_home
    FillState.objects.update(updated_at=timezone.now() - timedelta(hours=27))
    page = client.get("/staff/dashboard/990100000000/").content.decode()
    assert "notice warn" in page
    home = client.get("/staff/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "数据看板的数据已超过 26 小时未更新" in home


def test_charts_are_plain_svg_scaled_to_the_largest_value():
    assert 'width="80"' in charts.bar(5, 10, width=160)
    assert 'width="0"' in charts.bar(0, 0)
    line = charts.sparkline([0, 5, 10], width=100, height=24)
    assert line.startswith("<svg") and "polyline" in line
    assert charts.sparkline([]) == ""
    assert 'points="0.0,22.0 50.0,12.0 100.0,2.0"' in line  # scaled to the largest, 2 px margin
