"""Validity of each ballot (C5, second decision): V29, V30, V31, P11."""

from __future__ import annotations

from dataclasses import replace

import pytest

from openvillage.core.errors import InvalidInput
from openvillage.elections.rules.counting import ballot_selections, tally_ballots
from openvillage.elections.rules.profiles import get_profile

VC = get_profile("national").villagers_committee
PARTY = get_profile("national").party_branch
SEATS = {"director": 1, "deputy_director": 1, "member": 3}


def selections(ballot, rules=VC, seats=SEATS):
    return ballot_selections(tuple(ballot), tuple(map(tuple, ballot.values())), seats, rules)


@pytest.mark.parametrize(
    ("ballot", "expected"),
    [
        # V29: "for" marks plus write-ins up to the seats are valid.
        ({"member": ["C1", "C2", "C3"]}, {"member": ("C1", "C2", "C3")}),
        ({"member": ["C1", "C2", "W"]}, {"member": ("C1", "C2", "W")}),
        # V29: four selections for three seats void the whole ballot, director included.
        ({"director": ["D1"], "member": ["C1", "C2", "C3", "W"]}, None),
        ({"director": ["D1", "D2"]}, None),
        # V30: blank, or a post left empty, is valid and carries no votes.
        ({}, {}),
        ({"member": []}, {"member": ()}),
        # One person listed twice for one post is one selection.
        ({"member": ["C1", "C1", "C2", "C3"]}, {"member": ("C1", "C2", "C3")}),
    ],
)
def test_v29_v30_a_ballot_is_invalid_only_when_a_post_has_more_selections_than_seats(
    ballot, expected
):
    assert selections(ballot) == expected


def test_v31_one_person_marked_for_two_posts_voids_the_ballot_by_default():
    assert selections({"director": ["C1"], "member": ["C1", "C2"]}) is None


def test_v31_zhejiang_voids_a_ballot_marking_one_person_for_two_posts():
    rules = get_profile("zhejiang").villagers_committee
    assert selections({"deputy_director": ["C1"], "member": ["C1"]}, rules) is None


def test_v31_add_to_lower_post_keeps_the_mark_for_the_lower_post_only():
    rules = replace(VC, cross_post_mark="add_to_lower_post")
    result = selections(
        {
            "director": ["C1"],
            "deputy_director": [
                "C1",
            ],
            "member": ["C1", "C2"],
        },
        rules,
    )
    assert result == {"director": (), "deputy_director": (), "member": ("C1", "C2")}


def test_p11_a_party_ballot_with_more_selections_than_seats_is_invalid():
    seats = {"member": 5}
    assert selections({"member": ["M1", "M2", "M3", "M4", "M5", "M6"]}, PARTY, seats) is None
    assert selections({"member": ["M1", "M2", "M3", "M4", "M5"]}, PARTY, seats) is not None


def test_p11_names_no_cross_post_rule_so_a_party_ballot_counts_in_each_post():
    seats = {"secretary": 1, "member": 3}
    result = selections({"secretary": ["M1"], "member": ["M1", "M2"]}, PARTY, seats)
    assert result == {"secretary": ("M1",), "member": ("M1", "M2")}


def test_tally_of_ballots_counts_invalid_ballots_and_votes_of_valid_ones():
    ballots = [
        {"member": ["C1", "C2", "C3"]},
        {"member": ["C1", "C2", "W"]},
        {"member": ["C1", "C2", "C3", "W"]},
        {},
        {"member": ["C1", "C2", "C3"]},
    ]
    tally = tally_ballots(ballots, {"member": 3}, VC)
    assert tally.invalid_ballots == 1
    assert tally.votes == {"member": {"C1": 3, "C2": 3, "C3": 2, "W": 1}}


@pytest.mark.parametrize(
    ("ballots", "message"),
    [
        ([["C1"]], "Ballot 0 is not an object."),
        ([{}, {"member": "C1"}], "Ballot 1 does not list names for each post."),
        ([{"treasurer": ["C1"]}], "A ballot marks post treasurer, which has no seats."),
        ([{"member": [7]}], "A ballot marks a name that is not text: 7."),
        ([{"member": [" "]}], "A ballot marks a name that is not text: ' '."),
        ([{"member": [["C1"]]}], "A ballot marks a name that is not text."),
    ],
)
def test_a_malformed_ballot_is_invalid_input_not_an_invalid_ballot(ballots, message):
    with pytest.raises(InvalidInput) as caught:
        tally_ballots(ballots, {"member": 3}, VC)
    assert str(caught.value) == message
    assert caught.value.field == "ballots"
