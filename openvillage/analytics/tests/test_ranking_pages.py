"""The ranking page and the lights on the dashboard: scoped, in Chinese, formula printed."""

from __future__ import annotations

from openvillage.analytics import fill


def test_the_county_ranks_its_towns_and_villages_with_the_formula(client, cast):
    fill.fill_all()
    client.force_login(cast["alice"])
    page = client.get("/staff/dashboard/990100000000/ranking/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Town A" in body and "Town B" in body
    assert "权重" in body and "计分" in body
    villages = client.get(
        "/staff/dashboard/990100000000/ranking/?level=village&month=2026-01",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    ).content.decode()
    assert "990100001001" in villages and "990100002001" in villages
    assert "不参与排名" in villages  # no figures that month: nobody is ranked


def test_a_town_ranks_only_its_villages_and_not_the_county(client, cast):
    client.force_login(cast["tom"])
    assert client.get("/staff/dashboard/990100001000/ranking/").status_code == 200
    assert client.get("/staff/dashboard/990100000000/ranking/").status_code == 403
    assert client.get("/staff/dashboard/990100001001/ranking/").status_code == 404  # a village


def test_the_dashboard_shows_lights_with_their_rule_and_narrows_by_unit(client, cast):
    fill.fill_all()
    client.force_login(cast["alice"])
    page = client.get("/staff/dashboard/?unit=990100001000", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Town A" in body and 'class="light"' in body and "绿灯" in body
    client.force_login(cast["tom"])
    assert client.get("/staff/dashboard/?unit=990100002000").status_code == 403
