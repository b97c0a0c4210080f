"""Rates: integer arithmetic, half up at the tenth of a percent, a dash when nothing was due."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openvillage.core.rates import percent_tenths, percent_text


@pytest.mark.parametrize(
    ("part", "whole", "shown"),
    [
        (2, 3, "66.7"),  # 66.666…: floor division showed 66
        (1, 3, "33.3"),
        (1, 8, "12.5"),  # exactly 12.5
        (1, 16, "6.3"),  # 6.25: half up
        (1, 1000, "0.1"),
        (1, 2001, "0.0"),  # 0.04997…
        (1, 2000, "0.1"),  # 0.05: half up
        (0, 7, "0.0"),
        (7, 7, "100.0"),
        (1999, 2000, "100.0"),  # 99.95 rounds up to 100.0
    ],
)
def test_rates_are_rounded_half_up_at_one_decimal(part, whole, shown):
    assert percent_text(part, whole) == shown


def test_a_rate_over_nothing_is_no_rate():
    assert percent_text(0, 0) is None and percent_tenths(3, 0) is None


def test_a_negative_count_is_a_bug():
    with pytest.raises(ValueError):
        percent_tenths(-1, 3)


@given(st.integers(min_value=1, max_value=10**9), st.data())
def test_the_rounding_error_is_at_most_half_a_tenth(whole, data):
    part = data.draw(st.integers(min_value=0, max_value=whole))
    tenths = percent_tenths(part, whole)
    # |tenths/1000 - part/whole| <= 1/2000, in integers: |tenths*whole - 1000*part| * 2 <= whole
    assert abs(tenths * whole - 1000 * part) * 2 <= whole
    assert 0 <= tenths <= 1000
