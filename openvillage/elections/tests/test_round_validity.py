"""Validity of the round (C5, first decision): V15, V27, V28, V41, V43; P7, P9, P10."""

from __future__ import annotations

from dataclasses import replace

import pytest

from openvillage.elections.rules.counting import (
    RoundInput,
    ballots_reconcile,
    candidates_suffice,
    quorum_met,
    round_status,
    turnout_met,
)
from openvillage.elections.rules.profiles import Share, get_profile

VC = get_profile("national").villagers_committee
PARTY = get_profile("national").party_branch
MAJORITY = Share.parse("more_than 1/2")


@pytest.mark.parametrize(
    ("voted", "registered", "met"),
    [(500, 1000, False), (501, 1000, True), (501, 1001, True), (500, 1001, False), (0, 0, False)],
)
def test_v28_turnout_needs_more_than_half_of_registered_voters(voted, registered, met):
    assert turnout_met(MAJORITY, voted, registered) is met


def test_v43_no_turnout_rule_applies_to_an_additional_election():
    assert turnout_met(None, 1, 1000) is True


@pytest.mark.parametrize(
    ("present", "should_attend", "met"),
    [(24, 30, False), (25, 30, True), (4, 5, False), (5, 5, True)],
)
def test_p7_quorum_needs_more_than_four_fifths_present(present, should_attend, met):
    assert quorum_met(PARTY.quorum, present, should_attend) is met


@pytest.mark.parametrize(
    ("law", "collected", "issued", "present", "ok"),
    [
        ("villagers_committee", 503, 503, 500, False),  # V27: R > P
        ("villagers_committee", 500, 503, 500, True),
        ("villagers_committee", 499, 500, 500, True),
        ("villagers_committee", 501, 500, 505, False),  # V27 with V37: a ballot never issued
        ("party_branch", 29, 28, 28, False),  # P10
        ("party_branch", 28, 28, 28, True),
        ("party_branch", 27, 28, 28, True),
        ("party_branch", 28, 28, 27, True),  # P10 compares with ballots issued only
    ],
)
def test_v27_and_p10_ballots_collected_may_not_exceed_voters_or_ballots_issued(
    law, collected, issued, present, ok
):
    assert ballots_reconcile(law, collected, issued, present) is ok


@pytest.mark.parametrize(
    ("rules", "post", "seats", "candidates", "ok"),
    [
        (VC, "member", 3, 3, False),  # V15: contested
        (VC, "member", 3, 4, True),
        (VC, "director", 1, 2, True),
        (PARTY, "member", 5, 5, False),  # P9: 5*(c - s) >= s
        (PARTY, "member", 5, 6, True),
        (PARTY, "member", 3, 4, True),
        (PARTY, "member", 7, 8, False),
        (PARTY, "member", 7, 9, True),
        (PARTY, "secretary", 1, 1, True),  # P9 binds committee members only
        (PARTY, "secretary", 1, 0, False),
    ],
)
def test_v15_and_p9_candidate_lists_must_be_contested_enough(rules, post, seats, candidates, ok):
    assert candidates_suffice(rules, post, seats, candidates) is ok


def round_input(**changes) -> RoundInput:
    base = RoundInput(
        law="villagers_committee",
        round="regular",
        eligible=1000,
        present=620,
        ballots_issued=620,
        ballots_collected=620,
        seats={"director": 1},
        candidates={"director": ("A", "B")},
    )
    return replace(base, **changes)


@pytest.mark.parametrize(
    ("changes", "status", "rule"),
    [
        ({}, "valid", "V27, V28"),
        ({"present": 500, "ballots_collected": 500}, "turnout_not_met", "V28"),
        ({"ballots_collected": 621, "ballots_issued": 621}, "too_many_ballots", "V27"),
        ({"candidates": {"director": ("A",)}}, "too_few_candidates", "V15"),
        # The list is fixed before voting: it is reported first.
        ({"candidates": {"director": ("A",)}, "present": 10}, "too_few_candidates", "V15"),
        # Turnout is met or not before the boxes are opened.
        ({"present": 400, "ballots_collected": 401}, "turnout_not_met", "V28"),
        ({"round": "additional", "present": 10, "ballots_collected": 10}, "valid", "V27, V43"),
        ({"round": "additional", "candidates": {"director": ("A",)}}, "too_few_candidates", "V41"),
    ],
)
def test_villagers_committee_round_status_names_its_rule(changes, status, rule):
    assert round_status(round_input(**changes), VC) == (status, rule)


def test_a_profile_may_require_majority_turnout_in_the_additional_election():
    rules = replace(VC, additional_turnout=MAJORITY)
    inp = round_input(round="additional", present=500, ballots_collected=500)
    assert round_status(inp, rules) == ("turnout_not_met", "V43")


@pytest.mark.parametrize(
    ("changes", "status", "rule"),
    [
        ({}, "valid", "P7, P10"),
        ({"present": 24}, "no_quorum", "P7"),
        ({"ballots_collected": 29}, "too_many_ballots", "P10"),
        ({"candidates": {"member": ("M1", "M2", "M3")}}, "too_few_candidates", "P9"),
        ({"round": "additional", "present": 24}, "no_quorum", "P7"),
    ],
)
def test_party_branch_round_status_names_its_rule(changes, status, rule):
    base = RoundInput(
        law="party_branch",
        round="regular",
        eligible=30,
        present=28,
        ballots_issued=28,
        ballots_collected=28,
        seats={"member": 3},
        candidates={"member": ("M1", "M2", "M3", "M4")},
    )
    assert round_status(replace(base, **changes), PARTY) == (status, rule)
