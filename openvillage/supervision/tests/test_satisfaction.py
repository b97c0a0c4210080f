"""Satisfaction rates compared in integers (§4): 85 of 100 is not below 85 %, 84 is; W6 at 60 %."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openvillage.core.errors import InvalidInput, NotAllowed
from openvillage.supervision import services
from openvillage.supervision.rules.satisfaction import (
    LOW,
    VERY_LOW,
    Tally,
    below,
    rate_per_mille,
)


@pytest.mark.parametrize(
    ("satisfied", "basically", "dissatisfied", "below_85", "below_60"),
    [
        (85, 0, 15, False, False),  # exactly 85 %: not below
        (84, 0, 16, True, False),
        (50, 10, 40, True, False),  # exactly 60 %
        (50, 9, 41, True, True),
        (17, 0, 3, False, False),  # 17/20 = 85 %
        (5, 6, 2, True, False),  # 11/13 = 84.6 %
        (0, 0, 0, False, False),  # nobody answered: no verdict
    ],
)
def test_the_thresholds_are_exact(satisfied, basically, dissatisfied, below_85, below_60):
    tally = Tally(satisfied, basically, dissatisfied)
    assert below(tally, LOW) is below_85
    assert below(tally, VERY_LOW) is below_60


def test_the_rate_is_shown_in_per_mille_rounded_half_up():
    assert rate_per_mille(Tally(2, 0, 1)) == 667
    assert rate_per_mille(Tally(1, 0, 7)) == 125
    assert rate_per_mille(Tally(0, 0, 0)) is None


@given(st.integers(0, 500), st.integers(0, 500), st.integers(0, 500), st.integers(1, 100))
def test_below_agrees_with_exact_fractions(a, b, c, percent):
    from fractions import Fraction

    tally = Tally(a, b, c)
    expected = tally.respondents > 0 and Fraction(a + b, a + b + c) < Fraction(percent, 100)
    assert below(tally, percent) is expected


def test_the_town_records_a_survey_and_the_page_flags_it(client, cast, village_a1):
    services.survey_record(
        actor=cast["tom"], village=village_a1, subject="village", period="2026",
        respondents="villagers", satisfied=50, basically=9, dissatisfied=41,
    )  # fmt: skip
    client.force_login(cast["tom"])
    page = client.get("/staff/supervision/surveys/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "满意率低于 60%" in page.content.decode()


def test_a_survey_needs_respondents_and_a_role_in_scope(cast, village_a1):
    args = dict(village=village_a1, subject="village", period="2026", respondents="villagers")
    with pytest.raises(InvalidInput):
        services.survey_record(actor=cast["tom"], satisfied=0, basically=0, dissatisfied=0, **args)
    for name in ("vic", "tina", "sue"):
        with pytest.raises(NotAllowed):
            services.survey_record(
                actor=cast[name], satisfied=1, basically=0, dissatisfied=0, **args
            )
