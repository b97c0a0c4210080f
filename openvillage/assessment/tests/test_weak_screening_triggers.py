"""Weak-and-scattered triggers W1-W6 at every boundary (supervision.md §6)."""

import json
import subprocess
import sys
from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openvillage.assessment.rules.assessment_cli import weak_answer
from openvillage.assessment.rules.weak import Organization, OrgLife, triggers
from openvillage.core.jsonio import Malformed


@pytest.mark.parametrize(
    ("since", "today", "fires"),
    [
        (date(2026, 9, 3), date(2026, 12, 3), False),  # exactly three months: not "more than"
        (date(2026, 9, 3), date(2026, 12, 4), True),
        (date(2026, 11, 30), date(2027, 2, 28), False),  # Art. 202: February has no 30th
        (date(2026, 11, 30), date(2027, 3, 1), True),
        (date(2027, 5, 31), date(2027, 8, 31), False),
        (date(2027, 5, 31), date(2027, 9, 1), True),
    ],
)
def test_w1_a_vacancy_of_more_than_three_months_with_work_stalled(since, today, fires):
    org = Organization(id=1, secretary_vacant_since=since, work_stalled=True)
    assert ("W1" in triggers(org, today)) is fires
    stalled_unknown = Organization(id=1, secretary_vacant_since=since)
    assert triggers(stalled_unknown, today) == []
    working = Organization(id=1, secretary_vacant_since=since, work_stalled=False)
    assert triggers(working, today) == []


def test_w2_any_kind_of_organizational_life_short_of_what_is_required():
    held = {"members_meeting": OrgLife(4, 4), "party_lesson": OrgLife(4, 4)}
    assert triggers(Organization(id=1, org_life=held), date(2026, 12, 4)) == []
    short = {**held, "theme_party_day": OrgLife(11, 12)}
    assert triggers(Organization(id=1, org_life=short), date(2026, 12, 4)) == ["W2"]


@pytest.mark.parametrize(("years", "fires"), [(0, False), (1, False), (2, True), (5, True)])
def test_w3_no_development_candidate_for_two_years_or_more(years, fires):
    org = Organization(id=1, years_without_development_candidate=years)
    assert ("W3" in triggers(org, date(2026, 12, 4))) is fires


@pytest.mark.parametrize(("rank", "last", "fires"), [(30, 30, True), (29, 30, False)])
def test_w5_last_place_in_the_annual_review_shared_ranks_included(rank, last, fires):
    org = Organization(id=1, annual_rank=rank, annual_last_rank=last)
    assert ("W5" in triggers(org, date(2026, 12, 4))) is fires


@pytest.mark.parametrize(
    ("satisfied", "respondents", "fires"),
    [(60, 100, False), (59, 100, True), (3, 5, False), (2, 5, True), (0, 0, False), (0, 1, True)],
)
def test_w6_satisfaction_below_sixty_percent_in_integers(satisfied, respondents, fires):
    org = Organization(id=1, satisfied=satisfied, respondents=respondents)
    assert ("W6" in triggers(org, date(2026, 12, 4))) is fires


def test_triggers_come_in_rule_order():
    org = Organization(
        id=1,
        secretary_vacant_since=date(2020, 1, 1),
        work_stalled=True,
        org_life={"members_meeting": OrgLife(3, 4)},
        years_without_development_candidate=3,
        annual_rank=12,
        annual_last_rank=12,
        satisfied=1,
        respondents=10,
    )
    assert triggers(org, date(2026, 12, 4)) == ["W1", "W2", "W3", "W5", "W6"]


@pytest.mark.parametrize(
    ("org", "word"),
    [
        ({"id": 1, "secretary_vacant_since": "2026-02-30"}, "secretary_vacant_since"),
        ({"id": 1, "satisfied": 11, "respondents": 10}, "satisfied"),
        ({"id": 1, "respondents": -1}, "respondents"),
        ({"id": 1, "years_without_development_candidate": 2.0}, "years_without"),
        ({"id": 1, "org_life": {"members_meeting": {"held": -1, "required": 4}}}, "held"),
        ({"id": 1, "work_stalled": "yes"}, "work_stalled"),
        ({"id": 1, "mood": "low"}, "mood"),
    ],
)
def test_malformed_organizations_are_refused_naming_the_field(org, word):
    with pytest.raises(Malformed, match=word):
        weak_answer({"today": "2026-12-04", "organizations": [org]})


def test_a_duplicate_id_is_refused():
    with pytest.raises(Malformed, match="duplicate"):
        weak_answer({"today": "2026-12-04", "organizations": [{"id": "a"}, {"id": "a"}]})


def test_the_command_lists_every_organization_in_input_order():
    doc = {
        "today": "2026-12-04",
        "organizations": [{"id": "b", "satisfied": 1, "respondents": 2}, {"id": "a"}],
    }
    done = subprocess.run(
        [sys.executable, "-m", "openvillage.cli", "screen", "weak"],
        input=json.dumps(doc),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "organizations": [{"id": "b", "triggers": ["W6"]}, {"id": "a", "triggers": []}]
    }


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=0, max_value=10_000))
def test_w6_agrees_with_the_exact_rational_comparison(satisfied, extra):
    respondents = satisfied + extra
    org = Organization(id=1, satisfied=satisfied, respondents=respondents)
    expected = respondents > 0 and Fraction(satisfied, respondents) < Fraction(3, 5)
    assert ("W6" in triggers(org, date(2026, 12, 4))) is expected
