"""The timeliness page: totals first, towns and villages sortable, rates rounded half up."""

import re
from datetime import date

import pytest

from openvillage.disclosure.models import Timeliness


@pytest.fixture
def rates(cast, county, town_a, town_b, village_a1, village_a2, village_b1):
    """A1: 2 of 3 on time (66.7%); A2: 1 of 1; B1: nothing due yet."""
    for village, town, due, on_time in [
        (village_a1, town_a, 3, 2),
        (village_a2, town_a, 1, 1),
        (village_b1, town_b, 0, 0),
    ]:
        Timeliness.objects.create(
            village=village, town=town, due_count=due, on_time_count=on_time,
            overdue_count=due - on_time, as_of=date(2026, 1, 19),
        )  # fmt: skip


def page(client, user, query=""):
    client.force_login(user)
    return client.get(
        f"/staff/disclosure/timeliness/{query}", HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()


def test_the_county_total_comes_first_with_the_rate_rounded_half_up(client, cast, rates):
    body = page(client, cast["alice"])
    total = body.index('id="timeliness-total"')
    assert total < body.index('id="timeliness-towns"') < body.index('id="timeliness-villages"')
    assert "75.0%" in body[total:]  # 3 of 4 on time, county-wide
    assert "66.7%" in body and "66%" not in body  # village A1: 2 of 3, no longer floored


def test_a_village_with_nothing_due_shows_a_dash_and_sorts_last(client, cast, rates):
    for sort in ("rate", "-rate"):
        body = page(client, cast["alice"], f"?sort={sort}")
        villages = body[body.index('id="timeliness-villages"') :]
        names = re.findall(r"Village [AB]\d", villages)
        assert names[-1] == "Village B1"
    body = page(client, cast["alice"], "?sort=rate")
    villages = body[body.index('id="timeliness-villages"') :]
    assert re.findall(r"Village [AB]\d", villages)[:2] == ["Village A1", "Village A2"]


def test_the_villages_of_one_town(client, cast, rates, town_b):
    body = page(client, cast["alice"], f"?town={town_b.code}")
    villages = body[body.index('id="timeliness-villages"') :]
    assert "Village B1" in villages and "Village A1" not in villages


def test_a_town_officer_sees_only_their_town(client, cast, rates):
    body = page(client, cast["tom"])
    assert "Village A1" in body and "Village B1" not in body


def test_the_villages_are_paginated(client, cast, rates):
    from openvillage.disclosure import staff_views

    old = staff_views.PAGE_SIZE
    staff_views.PAGE_SIZE = 2
    try:
        body = page(client, cast["alice"])
    finally:
        staff_views.PAGE_SIZE = old
    assert "page=2" in body


def test_the_page_takes_two_queries_or_so(client, cast, rates, django_assert_max_num_queries):
    client.force_login(cast["alice"])
    with django_assert_max_num_queries(8):
        client.get("/staff/disclosure/timeliness/?sort=-overdue")
