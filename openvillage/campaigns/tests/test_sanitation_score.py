"""The sanitation check's score: points earned out of those possible, out of 100, rounded down;
a check passes at 80 or more (Art. 1259: 以上 includes 80). Worked numbers, then properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openvillage.campaigns.rules.sanitation import CHECKLIST, MAX_POINTS, passed, score


def points(*values: int) -> dict[str, int]:
    return dict(zip(CHECKLIST, values, strict=True))


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ((10, 10, 10, 10, 10, 10, 10), 100),
        ((0, 0, 0, 0, 0, 0, 0), 0),
        ((10, 9, 8, 8, 7, 10, 6), 82),  # 58/70 = 82.857...: rounded down
        ((8, 8, 8, 8, 8, 8, 8), 80),  # 56/70 exactly 80: passes
        ((8, 8, 8, 8, 8, 8, 7), 78),  # 55/70 = 78.57...
    ],
)
def test_the_score_is_the_share_of_points_rounded_down(values, expected):
    assert score(points(*values)) == expected


def test_eighty_passes_and_seventy_nine_does_not():
    assert passed(80) and not passed(79)


@pytest.mark.parametrize("bad", [11, -1, True])
def test_points_outside_the_scale_are_refused(bad):
    with pytest.raises(ValueError):
        score(points(bad, 0, 0, 0, 0, 0, 0))


def test_a_missing_item_is_refused():
    with pytest.raises(ValueError):
        score({"refuse": 10})


@given(st.lists(st.integers(0, MAX_POINTS), min_size=len(CHECKLIST), max_size=len(CHECKLIST)))
def test_the_score_is_exact_integer_arithmetic_and_order_free(values):
    result = score(points(*values))
    assert 0 <= result <= 100
    assert result * MAX_POINTS * len(CHECKLIST) <= 100 * sum(values)
    assert (result + 1) * MAX_POINTS * len(CHECKLIST) > 100 * sum(values)
    assert score(points(*reversed(values))) == result
