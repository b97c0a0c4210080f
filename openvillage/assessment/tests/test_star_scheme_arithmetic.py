"""Star schemes: worked tables at every boundary, and properties of scores and ranks."""

import json
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openvillage.assessment.rules.assessment_cli import stars_answer
from openvillage.assessment.rules.stars import (
    Band,
    Item,
    Scheme,
    competition_ranks,
    rate,
)
from openvillage.core.jsonio import Malformed

# The city "five-star" scheme of supervision.md §5, with two items.
SCHEME = Scheme(
    base=100,
    min=0,
    max=110,
    items=(
        Item("disclosure_missed", -1, cap=-4),
        Item("innovation_project", 5),
        Item("training", 2, cap=6),
    ),
    bands=(
        Band(5, 90, requires=("innovation_project",)),
        Band(4, 80),
        Band(3, 70),
        Band(2, 60),
        Band(1, 0),
    ),
)


@pytest.mark.parametrize(
    ("count", "points"),
    [(0, 0), (1, -1), (4, -4), (5, -4), (40, -4)],  # a negative cap bounds the deduction
)
def test_a_deduction_stops_at_its_cap(count, points):
    assert Item("disclosure_missed", -1, cap=-4).value(count) == points


@pytest.mark.parametrize(("count", "points"), [(0, 0), (2, 4), (3, 6), (4, 6)])
def test_a_bonus_stops_at_its_cap(count, points):
    assert Item("training", 2, cap=6).value(count) == points


@pytest.mark.parametrize(
    ("base", "facts", "score", "stars"),
    [
        (89, {"innovation_project": 0}, 89, 4),  # 89 with no project: 4 stars
        (85, {"innovation_project": 1}, 90, 5),  # 90 reached with the required project
        (84, {"innovation_project": 1}, 89, 4),  # one short
        (95, {}, 95, 4),  # 95 without the project: the first band's requirement fails
        (80, {}, 80, 4),
        (79, {}, 79, 3),
        (60, {}, 60, 2),
        (59, {}, 59, 1),
        (3, {"disclosure_missed": 9}, 0, 1),  # clamped at min
        (110, {"innovation_project": 3, "training": 9}, 110, 5),  # clamped at max
    ],
)
def test_bands_are_first_match_on_integer_scores(base, facts, score, stars):
    scheme = Scheme(base=base, min=0, max=110, items=SCHEME.items, bands=SCHEME.bands)
    (rated,) = rate(scheme, [("x", facts)])
    assert (rated.score, rated.stars) == (score, stars)
    assert set(rated.items) == {"disclosure_missed", "innovation_project", "training"}


@pytest.mark.parametrize(
    ("scores", "ranks"),
    [
        ([90, 80, 80, 70], [1, 2, 2, 4]),
        ([80, 90, 80], [2, 1, 2]),
        ([5, 5, 5], [1, 1, 1]),
        ([], []),
    ],
)
def test_equal_scores_share_a_rank_and_the_next_rank_skips(scores, ranks):
    assert competition_ranks(scores) == ranks


def document(**scheme_changes):
    scheme = {
        "base": 100,
        "min": 0,
        "max": 110,
        "items": [{"code": "missed", "points": -1, "cap": -4}, {"code": "project", "points": 5}],
        "bands": [{"stars": 5, "min": 90, "requires": ["project"]}, {"stars": 1, "min": 0}],
    }
    scheme.update(scheme_changes)
    return {"scheme": scheme, "subjects": [{"id": "a", "facts": {"missed": 2}}]}


@pytest.mark.parametrize(
    ("doc", "words"),
    [
        ({**document(), "subjects": [{"id": "a", "facts": {"late": 1}}]}, ["'a'", "late"]),
        ({**document(), "subjects": [{"id": "a", "facts": {"missed": -1}}]}, ["missed"]),
        ({**document(), "subjects": [{"id": "a", "facts": {"missed": 1.0}}]}, ["missed"]),
        ({**document(), "subjects": [{"id": "a", "facts": {"missed": True}}]}, ["missed"]),
        (
            {**document(), "subjects": [{"id": "a", "facts": {}}, {"id": "a", "facts": {}}]},
            ["duplicate"],
        ),
        (document(items=[{"code": "x", "points": 1}, {"code": "x", "points": 2}]), ["'x'"]),
        (document(items=[{"code": "x", "points": -1, "cap": 0}]), ["cap"]),
        (document(items=[{"code": "x", "points": -1, "cap": 3}]), ["cap"]),
        (document(items=[{"code": "x", "points": 2, "cap": -3}]), ["cap"]),
        (document(min=50, max=40, base=45), ["min"]),
        (document(base=120), ["base"]),
        (document(bands=[{"stars": 5, "min": 90, "requires": ["nope"]}]), ["nope"]),
        (document(bands=[{"stars": 5, "min": 90}, {"stars": 1, "min": 1}]), ["band"]),
        (document(bands=[{"stars": 1, "min": 0, "requires": ["project"]}]), ["band"]),
    ],
)
def test_a_malformed_scheme_or_fact_is_refused(doc, words):
    with pytest.raises(Malformed) as caught:
        stars_answer(doc)
    for word in words:
        assert word in str(caught.value)


def test_the_command_answers_in_input_order_and_exits_2_on_bad_input():
    ok = subprocess.run(
        [sys.executable, "-m", "openvillage.cli", "stars", "score"],
        input=json.dumps(document()),
        capture_output=True,
        text=True,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout) == {
        "subjects": [
            {"id": "a", "score": 98, "stars": 1, "rank": 1, "items": {"missed": -2, "project": 0}}
        ]
    }
    bad = subprocess.run(
        [sys.executable, "-m", "openvillage.cli", "stars", "score"],
        input=json.dumps(document(base=-1)),
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2 and "base" in json.loads(bad.stdout)["error"]


facts = st.dictionaries(
    st.sampled_from(["disclosure_missed", "innovation_project", "training"]),
    st.integers(min_value=0, max_value=1000),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(facts, max_size=12), st.integers(min_value=0, max_value=110))
def test_scores_stay_within_bounds_and_ranks_agree_with_scores(subjects, base):
    scheme = Scheme(base=base, min=0, max=110, items=SCHEME.items, bands=SCHEME.bands)
    rated = rate(scheme, [(i, f) for i, f in enumerate(subjects)])
    for a in rated:
        assert 0 <= a.score <= 110
        assert a.rank == 1 + sum(1 for b in rated if b.score > a.score)
        for b in rated:
            assert (a.score > b.score) == (a.rank < b.rank)
            same_requirements = (subjects[a.id].get("innovation_project", 0) >= 1) == (
                subjects[b.id].get("innovation_project", 0) >= 1
            )
            if same_requirements and a.score >= b.score:
                assert a.stars >= b.stars  # with the same requirements met, more never earns less
