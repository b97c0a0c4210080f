"""Lights and rankings as pure rules: integer thresholds, shared ranks, minimum count, movement."""

from __future__ import annotations

import pytest

from openvillage.analytics.rules import scores as rules
from openvillage.core.schemas import ConfigInvalid

YAML = """
region: default
version: t
indicators:
  - {code: on_time, label: On time, part: a, whole: b, green: 90, amber: 75}
  - {code: late, label: Late, part: c, whole: b, green: 5, amber: 20, lower_is_better: true}
ranking:
  min_count: 10
  weights:
    - {indicator: on_time, weight: 3}
    - {indicator: late, weight: 1}
"""


@pytest.fixture
def scores():
    return rules.scores_from_text(YAML, "t.yaml")


def test_a_light_is_decided_on_integers_with_the_threshold_included(scores):
    on_time, late = scores.indicators
    assert rules.light(on_time, 9, 10) == rules.GREEN  # exactly 90 %: reached
    assert rules.light(on_time, 899, 1000) == rules.AMBER  # 89.9 %
    assert rules.light(on_time, 3, 4) == rules.AMBER  # exactly 75 %
    assert rules.light(on_time, 74, 100) == rules.RED
    assert rules.light(on_time, 0, 0) is None  # nothing to judge
    assert rules.light(late, 1, 20) == rules.GREEN  # 5 %: at the threshold, lower is better
    assert rules.light(late, 2, 10) == rules.AMBER
    assert rules.light(late, 21, 100) == rules.RED


def test_scores_are_weighted_per_mille_floored(scores):
    # on time 2/3 -> 666, late 1/3 -> 1000-333 = 667: (3*666 + 667) // 4 = 666
    assert rules.score(scores, {"a": 2, "b": 3, "c": 1}) == (None, 3)  # below the minimum count
    assert rules.score(scores, {"a": 20, "b": 30, "c": 10}) == ((3 * 666 + 667) // 4, 30)


def test_equal_scores_share_a_rank_and_the_next_skips_and_movement_is_since_last_month(scores):
    now = {
        "v1": {"a": 10, "b": 10, "c": 0},
        "v2": {"a": 10, "b": 10, "c": 0},
        "v3": {"a": 5, "b": 10, "c": 0},
        "v4": {"a": 1, "b": 2, "c": 0},  # too few to rank
    }
    before = {
        "v1": {"a": 5, "b": 10, "c": 0},
        "v2": {"a": 10, "b": 10, "c": 0},
        "v3": {"a": 10, "b": 10, "c": 0},
        "v4": {"a": 10, "b": 10, "c": 0},
    }
    rows = rules.rank_units(scores, now, before).rows
    assert [(r.unit, r.rank) for r in rows] == [("v1", 1), ("v2", 1), ("v3", 3), ("v4", None)]
    assert [r.movement for r in rows] == [3, 0, -2, None]


def test_a_bad_rule_set_names_every_fault():
    bad = YAML.replace("indicator: late", "indicator: missing").replace("amber: 75", "amber: 95")
    with pytest.raises(ConfigInvalid) as err:
        rules.scores_from_text(bad, "t.yaml")
    paths = {f.path for f in err.value.faults}
    assert {"ranking.weights[1].indicator", "indicators[0].amber"} <= paths


def test_the_shipped_rule_set_reads_and_weighs_registered_stats():
    from openvillage.core import extensions

    shipped = rules.SCORES.parse(rules.SCORES.default_text(), "scores.yaml")
    names = {s.name for s in extensions.analytics_stats}
    assert set(rules.stats_needed(shipped)) <= names
