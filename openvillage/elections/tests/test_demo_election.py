"""`openvillage demo` gives the trial a general election under way."""

from __future__ import annotations

import pytest

from openvillage.elections.demo import build_demo_election
from openvillage.elections.models import GeneralElection
from openvillage.org.demo import build_demo


@pytest.mark.django_db
def test_the_demo_county_has_a_general_election_under_way_with_a_published_roll():
    build_demo(seed=2026, villages=3, households_per_village=10)
    counts = build_demo_election()
    assert counts["villages"] == 3 and counts["rolls_published"] == 1
    assert 1 <= counts["rolls_built"] <= 3  # in the villages of the clerk's town
    assert GeneralElection.objects.filter(state=GeneralElection.State.OPEN).count() == 1
