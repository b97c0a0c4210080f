"""Election of each candidate (C5, third decision): V34-V36, V40-V42, V44; P12-P14."""

from __future__ import annotations

from dataclasses import replace

import pytest

from openvillage.elections.rules.counting import (
    RoundInput,
    Tally,
    additional_list,
    allocate_seats,
    count_round,
    rank,
    threshold_for,
)
from openvillage.elections.rules.profiles import get_profile

VC = get_profile("national").villagers_committee
PARTY = get_profile("national").party_branch


def vc_round(round="regular", collected=620, present=620, **changes) -> RoundInput:
    base = RoundInput(
        law="villagers_committee",
        round=round,
        eligible=1000,
        present=present,
        ballots_issued=collected,
        ballots_collected=collected,
        seats={"member": 3},
        candidates={"member": ("C1", "C2", "C3", "C4", "C5")},
    )
    return replace(base, **changes)


@pytest.mark.parametrize(
    ("collected", "present", "rules", "threshold", "base"),
    [
        (5, 5, VC, 3, "ballots_collected"),  # five votes need three to win
        (620, 620, VC, 311, "ballots_collected"),  # V34 VC-01
        (700, 700, VC, 351, "ballots_collected"),  # V34 VC-07
        (600, 650, VC, 301, "ballots_collected"),
        (
            600,
            650,
            replace(VC, threshold_base="voters_voted"),
            326,
            "voters_voted",
        ),  # V34 alternative
    ],
)
def test_v34_threshold_is_the_least_vote_count_above_half_of_its_base(
    collected, present, rules, threshold, base
):
    least, base_name, value = threshold_for(vc_round(collected=collected, present=present), rules)
    assert (least, base_name) == (threshold, base)
    assert value == (collected if base == "ballots_collected" else present)


@pytest.mark.parametrize(("collected", "threshold"), [(600, 200), (601, 201), (3, 1), (0, 1)])
def test_v42_additional_election_threshold_is_one_third_of_its_ballots_and_at_least_one_vote(
    collected, threshold
):
    assert threshold_for(vc_round("additional", collected, collected), VC)[0] == threshold


@pytest.mark.parametrize(
    ("should_attend", "present", "base", "threshold"),
    [(30, 28, "should_attend", 16), (30, 28, "present", 15), (7, 7, "should_attend", 4)],
)
def test_p12_party_threshold_is_more_than_half_of_should_attend_or_present(
    should_attend, present, base, threshold
):
    inp = RoundInput("party_branch", "regular", should_attend, present, present, present, {}, {})
    rules = replace(PARTY, threshold_base=base)
    assert threshold_for(inp, rules)[0] == threshold


def test_p14_the_party_additional_election_keeps_the_majority_of_should_attend():
    inp = RoundInput("party_branch", "additional", 30, 28, 28, 28, {}, {})
    assert threshold_for(inp, PARTY) == (16, "should_attend", 30)


@pytest.mark.parametrize(
    ("votes", "seats", "threshold", "elected", "tied"),
    [
        # V35: more qualifiers than seats -> seats in vote order.
        ({"A": 9, "B": 8, "C": 7, "D": 6}, 2, 6, ("A", "B"), ()),
        # V36: a tie at the last seat -> re-vote among the tied.
        ({"A": 9, "B": 8, "C": 8, "D": 6}, 2, 6, ("A",), ("B", "C")),
        ({"A": 8, "B": 8, "C": 8}, 2, 6, (), ("A", "B", "C")),
        # Equal votes that all fit the seats are no tie.
        ({"A": 9, "B": 8, "C": 8, "D": 6}, 3, 6, ("A", "B", "C"), ()),
        ({"B": 8, "A": 8}, 2, 6, ("A", "B"), ()),
        # A tie below the threshold is not a tie for a seat.
        ({"A": 9, "B": 5, "C": 5}, 2, 6, ("A",), ()),
        # P14: below-threshold people never fill seats.
        ({"A": 5, "B": 4}, 2, 6, (), ()),
    ],
)
def test_v35_v36_p13_seats_go_in_vote_order_and_a_last_seat_tie_goes_to_a_revote(
    votes, seats, threshold, elected, tied
):
    assert allocate_seats(rank(votes, votes), seats, threshold) == (elected, tied)


@pytest.mark.parametrize(
    ("votes", "vacant", "rules", "post", "expected"),
    [
        ({"C3": 350, "C4": 300, "C5": 280}, 1, VC, "member", ("C3", "C4")),  # V41: vacant + 1
        ({"C3": 350, "C4": 300, "C5": 300}, 1, VC, "member", ("C3", "C4", "C5")),  # ties listed
        ({"C3": 350, "C4": 300}, 3, VC, "member", ("C3", "C4")),  # fewer than needed: all
        ({"A": 5, "B": 4, "C": 3}, 0, VC, "member", ()),
        ({"A": 9, "B": 8, "C": 7, "D": 6, "E": 5}, 1, PARTY, "member", ("A", "B")),  # P9 + P14
        ({"A": 9, "B": 8, "C": 7, "D": 6, "E": 5}, 2, PARTY, "member", ("A", "B", "C")),
        ({"A": 9, "B": 8}, 1, PARTY, "secretary", ("A",)),  # uncontested post
    ],
)
def test_v41_additional_candidates_are_the_top_vacant_plus_surplus_unelected(
    votes, vacant, rules, post, expected
):
    assert additional_list(rank(votes, votes), vacant, rules, post) == expected


def test_v41_write_ins_stand_in_the_villagers_committee_additional_election():
    inp = vc_round(collected=700, present=700)
    tally = Tally({"member": {"C1": 520, "C2": 410, "W": 340, "C3": 330}}, 0)
    (post,) = count_round(inp, tally, VC).posts
    assert post.elected == ("C1", "C2")
    assert post.additional_candidates == ("W", "C3")


def test_p14_party_additional_candidates_are_formal_candidates_only():
    inp = RoundInput(
        "party_branch",
        "regular",
        30,
        28,
        28,
        28,
        {"member": 3},
        {"member": ("M1", "M2", "M3", "M4")},
    )
    tally = Tally({"member": {"M1": 20, "M2": 18, "X": 12, "M3": 10, "M4": 2}}, 0)
    (post,) = count_round(inp, tally, PARTY).posts
    assert post.elected == ("M1", "M2")
    assert post.additional_candidates == ("M3", "M4")


def test_p12_a_party_write_in_with_a_majority_is_elected():
    inp = RoundInput(
        "party_branch",
        "regular",
        30,
        28,
        28,
        28,
        {"member": 3},
        {"member": ("M1", "M2", "M3", "M4")},
    )
    tally = Tally({"member": {"M1": 20, "X": 18, "M3": 17, "M4": 2}}, 0)
    (post,) = count_round(inp, tally, PARTY).posts
    assert post.elected == ("M1", "X", "M3")


def test_v42_v44_additional_election_tie_at_the_floor_goes_to_a_revote():
    inp = vc_round("additional", 600, 600, seats={"member": 1}, candidates={"member": ("C3", "C4")})
    (post,) = count_round(inp, Tally({"member": {"C3": 250, "C4": 250}}, 100), VC).posts
    assert (post.elected, post.tied, post.vacant, post.additional_candidates) == (
        (),
        ("C3", "C4"),
        1,
        (),
    )


def test_v42_additional_election_below_one_third_leaves_the_seat_vacant_with_no_new_list():
    inp = vc_round("additional", 600, 600, seats={"member": 1}, candidates={"member": ("C3", "C4")})
    (post,) = count_round(inp, Tally({"member": {"C3": 199, "C4": 150}}, 251), VC).posts
    assert (post.elected, post.vacant, post.additional_candidates) == ((), 1, ())


def test_one_person_elected_to_two_posts_keeps_the_higher_and_the_next_qualifier_takes_the_seat():
    inp = vc_round(
        collected=100,
        present=100,
        eligible=150,
        seats={"director": 1, "member": 2},
        candidates={"director": ("A", "B"), "member": ("A", "C", "D")},
    )
    tally = Tally({"director": {"A": 70, "B": 30}, "member": {"A": 80, "C": 60, "D": 55}}, 0)
    result = count_round(inp, tally, VC)
    assert [(p.post, p.elected) for p in result.posts] == [
        ("director", ("A",)),
        ("member", ("C", "D")),
    ]


def test_threshold_base_is_stored_by_name_and_value():
    (post,) = count_round(vc_round(), Tally({"member": {"C1": 400}}, 20), VC).posts
    assert (post.threshold_base, post.threshold_base_value, post.threshold) == (
        "ballots_collected",
        620,
        311,
    )
