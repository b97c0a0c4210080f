"""Competition ranking with shared ranks, a minimum count and movement: worked tables first,
then properties that hold for any scores."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openvillage.core.ranking import Score, rank, rate

FORMULA = "按时答复率 = 按时答复的留言数 ÷ 应答复的留言数"


def ranks(values, **kw):
    scores = {name: Score(value, 10) for name, value in values.items()}
    return rank(scores, formula=FORMULA, **kw).ranks()


def test_ties_share_a_rank_and_the_next_rank_skips_the_places_they_took():
    assert ranks({"甲": 10, "乙": 8, "丙": 8, "丁": 5}) == {"甲": 1, "乙": 2, "丙": 2, "丁": 4}


def test_three_way_tie_at_the_top_leaves_second_and_third_empty():
    assert ranks({"a": 7, "b": 7, "c": 7, "d": 1}) == {"a": 1, "b": 1, "c": 1, "d": 4}


def test_lower_is_better_for_counts_of_problems():
    got = ranks({"a": 0, "b": 3, "c": 0, "d": 9}, higher_is_better=False)
    assert got == {"a": 1, "c": 1, "b": 3, "d": 4}


def test_two_thirds_and_four_sixths_tie_exactly():
    scores = {"a": Score(rate(2, 3), 3), "b": Score(rate(4, 6), 6), "c": Score(rate(1, 2), 2)}
    assert rank(scores, formula=FORMULA).ranks() == {"a": 1, "b": 1, "c": 3}


def test_a_unit_under_the_minimum_count_is_not_ranked_and_listed_last():
    scores = {
        "one message, on time": Score(rate(1, 1), 1),
        "big village": Score(rate(45, 50), 50),
        "middling": Score(rate(30, 40), 40),
    }
    table = rank(scores, formula=FORMULA, minimum_count=5)
    assert [(r.unit, r.rank) for r in table.rows] == [
        ("big village", 1),
        ("middling", 2),
        ("one message, on time", None),
    ]
    assert table.formula == FORMULA and table.minimum_count == 5


def test_a_unit_with_nothing_to_divide_is_not_ranked():
    assert rate(0, 0) is None
    table = rank({"a": Score(rate(0, 0), 0), "b": Score(rate(1, 4), 4)}, formula=FORMULA)
    assert table.ranks() == {"b": 1, "a": None}


def test_movement_is_places_gained_since_last_period():
    previous = {"a": 3, "b": 1, "c": 2, "gone": 4}
    table = rank(
        {"a": Score(9, 5), "b": Score(5, 5), "c": Score(7, 5), "new": Score(1, 5)},
        formula=FORMULA,
        previous=previous,
    )
    moves = {r.unit: (r.rank, r.previous_rank, r.movement) for r in table.rows}
    assert moves == {"a": (1, 3, 2), "c": (2, 2, 0), "b": (3, 1, -2), "new": (4, None, None)}


def test_a_unit_that_drops_below_the_minimum_has_no_movement():
    table = rank({"a": Score(5, 1)}, formula=FORMULA, minimum_count=2, previous={"a": 1})
    [row] = table.rows
    assert (row.rank, row.previous_rank, row.movement) == (None, 1, None)


def test_negative_counts_are_refused():
    with pytest.raises(ValueError):
        rate(-1, 3)
    with pytest.raises(ValueError):
        rank({}, formula=FORMULA, minimum_count=-1)


# --- properties ---------------------------------------------------------------------------

units = st.text(alphabet="甲乙丙丁戊己庚辛", min_size=1, max_size=3)
values = st.one_of(
    st.integers(min_value=0, max_value=20),
    st.builds(rate, st.integers(0, 12), st.integers(1, 12)),
)
score_maps = st.dictionaries(
    units, st.builds(Score, values, st.integers(min_value=0, max_value=12)), max_size=25
)


@given(score_maps, st.integers(0, 12), st.booleans())
def test_a_rank_is_one_plus_the_units_strictly_better(scores, minimum, higher):
    table = rank(scores, formula=FORMULA, minimum_count=minimum, higher_is_better=higher)
    ranked = [r for r in table.rows if r.rank is not None]
    for row in ranked:
        better = [o for o in ranked if (o.value > row.value if higher else o.value < row.value)]
        assert row.rank == 1 + len(better)


@given(score_maps, st.integers(0, 12))
def test_only_units_with_enough_cases_are_ranked_and_every_unit_is_listed(scores, minimum):
    table = rank(scores, formula=FORMULA, minimum_count=minimum)
    assert sorted(r.unit for r in table.rows) == sorted(scores)
    for row in table.rows:
        assert row.ranked == (row.count >= minimum and row.value is not None)
    flags = [row.ranked for row in table.rows]
    assert flags == sorted(flags, reverse=True)  # ranked first, then the not ranked


@given(score_maps, st.randoms())
def test_the_order_of_the_input_does_not_matter(scores, random):
    items = list(scores.items())
    random.shuffle(items)
    assert rank(dict(items), formula=FORMULA).rows == rank(scores, formula=FORMULA).rows


@given(score_maps)
def test_ranks_are_integers_and_values_stay_exact(scores):
    for row in rank(scores, formula=FORMULA).rows:
        assert row.rank is None or type(row.rank) is int
        assert row.value is None or isinstance(row.value, int | Fraction)
