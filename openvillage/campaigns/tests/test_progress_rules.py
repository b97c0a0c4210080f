"""Progress rates in integer basis points, the weighted score and red-card rule (a) (§7)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openvillage.campaigns.rules.progress import Counts, rate_bp, red_card_by_ranking, score_bp

WEIGHTS = {"completion": 60, "recovery": 30, "spot_check": 10}


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [(0, 0, None), (0, 3, 0), (1, 3, 3333), (2, 3, 6666), (3, 3, 10000), (1, 10000, 1)],
)
def test_a_rate_is_floored_basis_points_and_undefined_on_nothing(part, whole, expected):
    assert rate_bp(part, whole) == expected


def test_the_score_weighs_completion_and_recovery_with_worked_numbers():
    counts = Counts(registered=4, closed=3, arrears_registered_fen=10_000, recovered_fen=2_500)
    # completion 7500 bp, recovery 2500 bp, no spot check: its 10 go to completion.
    assert score_bp(counts, WEIGHTS) == (60 * 7500 + 30 * 2500 + 10 * 7500) // 100 == 6000


def test_a_village_without_arrears_is_scored_on_completion_alone():
    assert score_bp(Counts(registered=2, closed=1), WEIGHTS) == 5000


def test_nothing_registered_has_no_score():
    assert score_bp(Counts(), WEIGHTS) is None


@given(st.integers(0, 10**6), st.integers(0, 10**6))
def test_a_rate_is_never_above_whole_and_exact_when_multiplied_back(part, extra):
    whole = part + extra
    value = rate_bp(part, whole)
    if whole == 0:
        assert value is None
    else:
        assert 0 <= value <= 10000
        assert value * whole <= 10000 * part < (value + 1) * whole


@given(st.lists(st.tuples(st.integers(0, 50), st.integers(0, 50)), max_size=20))
def test_counts_add_up_in_any_order(pairs):
    rows = [Counts(registered=a + b, closed=a) for a, b in pairs]
    total = sum(rows, Counts())
    assert total == sum(reversed(rows), Counts())
    assert total.closed == sum(a for a, _ in pairs)


def test_red_card_goes_to_the_bottom_of_two_consecutive_rankings():
    last = {f"v{i}": i for i in range(1, 21)}  # 20 ranked: bottom 5 % is one place (20)
    before = dict(last)
    assert red_card_by_ranking(last, before) == ["v20"]
    before["v20"] = 1
    assert red_card_by_ranking(last, before) == []


def test_an_unranked_village_gets_no_red_card_by_ranking():
    ranks = {"a": 1, "b": 2, "c": None}
    assert "c" not in red_card_by_ranking(ranks, ranks)


# --- escalation along the chain (campaigns.md §2; "超过" excludes, Civil Code Art. 1259) ------

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from openvillage.campaigns.rules import escalation  # noqa: E402


def test_escalation_boundaries_are_exact():
    table = [(0, "village"), (30, "village"), (31, "community"), (60, "community"),
             (61, "town"), (90, "town"), (91, "district"), (10_000, "district")]  # fmt: skip
    assert [(d, escalation.responsible_level(d, 30)) for d, _ in table] == table
    three = ("village", "town", "district")  # a chain without communities
    assert escalation.responsible_level(31, 30, three) == "town"
    assert escalation.responsible_level(61, 30, three) == "district"


@given(st.integers(min_value=0, max_value=5000), st.integers(min_value=1, max_value=400))
def test_escalation_climbs_one_level_per_full_overdue_period(idle, period):
    up = escalation.steps_up(idle, period)
    assert up == 0 if idle <= period else up >= 1
    assert escalation.steps_up(idle + 1, period) - up in (0, 1)  # never skips a level
    if up:  # the item has passed exactly ``up`` thresholds
        assert idle > escalation.idle_threshold(up, period)
        assert idle <= escalation.idle_threshold(up + 1, period)
