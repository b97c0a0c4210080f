"""Issue 11 §13: counts of complaints about a cadre never reach the cadre's own village.

A villager of A1 reports the village secretary. The clerk of A1 (inside the secretary's scope)
must not learn of it through the analysis counts, on the API or the page; the town sees it.
"""

from __future__ import annotations

import pytest

from openvillage.feedback.tests.conftest import post


@pytest.fixture
def complaint(zhang, secretary_term):
    return post(zhang, kind="report", text="书记收了好处费", named_term=secretary_term)


@pytest.fixture
def question(zhang):
    return post(zhang, kind="question", text="请问上个月的账目为什么没有公开？")


def _volume(client, user, code):
    client.force_login(user)
    response = client.get(f"/api/v1/staff/feedback/analysis/{code}")
    assert response.status_code == 200
    return sum(row["volume"] for row in response.json())


def test_the_village_inside_the_cadres_scope_does_not_count_the_complaint(
    client, cast, village_a1, complaint, question
):
    assert _volume(client, cast["vic"], village_a1.code) == 1  # the question only
    assert _volume(client, cast["sam"], village_a1.code) == 1


def test_the_town_above_counts_the_complaint(client, cast, village_a1, town_a, complaint, question):
    assert _volume(client, cast["tom"], village_a1.code) == 2
    assert _volume(client, cast["tom"], town_a.code) == 2


def test_the_analysis_page_of_the_village_does_not_count_the_complaint(
    client, cast, village_a1, complaint
):
    client.force_login(cast["vic"])
    response = client.get("/staff/feedback/analysis/", {"unit": village_a1.code})
    assert response.status_code == 200
    assert [row.volume for row in response.context["rows"]] == [0]
    assert sum(sum(m.values()) for m in response.context["months"].values()) == 0
