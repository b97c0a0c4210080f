"""The worked scenarios of elections.md §E, run through ``run_count`` with exact outputs."""

from __future__ import annotations

from typing import Any

import pytest

from openvillage.elections.rules.count_cli import run_count


def villagers(**fields: Any) -> dict[str, Any]:
    """A villagers' committee document; ``present``/``ballots`` default to R."""
    collected = fields["ballots_collected"]
    return {
        "law": "villagers_committee",
        "present": collected,
        "ballots_issued": collected,
        **fields,
    }


def party(**fields: Any) -> dict[str, Any]:
    members = [f"M{i}" for i in range(1, 7)]
    return {
        "law": "party_branch",
        "eligible": 30,
        "present": 28,
        "ballots_issued": 28,
        "ballots_collected": 28,
        "seats": {"member": 5},
        "candidates": {"member": members},
        "tally": {"member": {"M1": 27, "M2": 26, "M3": 25, "M4": 20, "M5": 16, "M6": 10}},
        "invalid_ballots": 0,
        **fields,
    }


def post(elected=(), threshold=0, tied=(), vacant=0, additional=()):
    return {
        "elected": list(elected),
        "threshold": threshold,
        "tied": list(tied),
        "vacant": vacant,
        "additional_candidates": list(additional),
    }


def test_vc01_a_with_400_of_620_is_elected_director_with_threshold_311():
    document = villagers(
        eligible=1000,
        ballots_collected=620,
        seats={"director": 1},
        candidates={"director": ["A", "B"]},
        tally={"director": {"A": 400, "B": 200}},
        invalid_ballots=20,
    )
    assert run_count(document) == (
        0,
        {"status": "valid", "posts": {"director": post(["A"], 311)}},
    )


DIRECTOR_RACE = {
    "seats": {"director": 1},
    "candidates": {"director": ["A", "B"]},
    "tally": {"director": {"A": 300, "B": 100}},
    "invalid_ballots": 0,
}


def test_vc02_exactly_half_of_1000_voting_does_not_make_the_election_valid():
    document = villagers(eligible=1000, ballots_collected=500, **DIRECTOR_RACE)
    assert run_count(document) == (0, {"status": "turnout_not_met", "posts": {}})


def test_vc02_variant_501_of_1001_voting_makes_the_election_valid():
    document = villagers(eligible=1001, ballots_collected=501, **DIRECTOR_RACE)
    assert run_count(document) == (0, {"status": "valid", "posts": {"director": post(["A"], 251)}})


def test_vc03_503_ballots_from_500_voters_void_the_round():
    document = villagers(eligible=800, present=500, ballots_collected=503, **DIRECTOR_RACE)
    document["ballots_issued"] = 503
    assert run_count(document) == (0, {"status": "too_many_ballots", "posts": {}})


def test_vc03_variant_500_ballots_from_500_voters_proceed():
    document = villagers(eligible=800, present=500, ballots_collected=500, **DIRECTOR_RACE)
    assert run_count(document) == (0, {"status": "valid", "posts": {"director": post(["A"], 251)}})


def test_vc05_four_ballots_one_over_marked_count_three_valid_with_write_in_and_blank():
    members = ["C1", "C2", "C3", "C4", "C5"]
    ballots = [
        {"member": ["C1", "C2", "C3"]},  # (a) the "against C4" mark is not a selection
        {"member": ["C1", "C2", "W"]},  # (b) write-in within the seats
        {"member": ["C1", "C2", "C3", "W"]},  # (c) 4 > 3: invalid
        {},  # (d) blank: valid, no votes, counts in R
    ]
    document = villagers(
        eligible=7,
        ballots_collected=4,
        seats={"member": 3},
        candidates={"member": members},
        ballots=ballots,
    )
    # C1 and C2 have 2 votes each, C3 and W 1: none reaches 2*v > 4, the blank ballot counts in R.
    expected = post([], 3, vacant=3, additional=["C1", "C2", "C3", "W"])
    assert run_count(document) == (0, {"status": "valid", "posts": {"member": expected}})


def test_vc05_same_ballots_in_tally_form_agree():
    document = villagers(
        eligible=7,
        ballots_collected=4,
        seats={"member": 3},
        candidates={"member": ["C1", "C2", "C3", "C4", "C5"]},
        tally={"member": {"C1": 2, "C2": 2, "C3": 1, "W": 1}},
        invalid_ballots=1,
    )
    expected = post([], 3, vacant=3, additional=["C1", "C2", "C3", "W"])
    assert run_count(document) == (0, {"status": "valid", "posts": {"member": expected}})


def test_vc07_350_of_700_is_exactly_half_so_one_member_seat_goes_to_an_additional_election():
    document = villagers(
        eligible=1200,
        ballots_collected=700,
        seats={"member": 3},
        candidates={"member": ["C1", "C2", "C3", "C4", "C5"]},
        tally={"member": {"C1": 520, "C2": 410, "C3": 350, "C4": 300, "C5": 280}},
        invalid_ballots=0,
    )
    expected = post(["C1", "C2"], 351, vacant=1, additional=["C3", "C4"])
    assert run_count(document) == (0, {"status": "valid", "posts": {"member": expected}})


def test_vc08_additional_election_elects_c3_with_290_of_600_by_the_one_third_floor():
    document = villagers(
        round="additional",
        eligible=1200,
        ballots_collected=600,
        seats={"member": 1},
        candidates={"member": ["C3", "C4"]},
        tally={"member": {"C3": 290, "C4": 250}},
        invalid_ballots=60,
    )
    assert run_count(document) == (0, {"status": "valid", "posts": {"member": post(["C3"], 200)}})


@pytest.mark.parametrize(
    ("present", "status"),
    [(24, "no_quorum"), (25, "valid")],
)
def test_pb01_24_of_30_is_no_quorum_and_25_of_30_is(present, status):
    document = party(present=present, ballots_issued=present, ballots_collected=present)
    document["tally"] = {"member": {"M1": 20, "M2": 19, "M3": 18, "M4": 17, "M5": 16, "M6": 1}}
    code, output = run_count(document)
    assert code == 0
    assert output["status"] == status
    if status == "valid":
        assert output["posts"] == {"member": post(["M1", "M2", "M3", "M4", "M5"], 16)}


@pytest.mark.parametrize(
    ("seats", "candidates", "status"),
    [
        (5, 5, "too_few_candidates"),
        (5, 6, "valid"),
        (3, 4, "valid"),
        (7, 8, "too_few_candidates"),
        (7, 9, "valid"),
    ],
)
def test_pb02_committee_candidates_must_exceed_seats_by_a_fifth_rounded_up(
    seats, candidates, status
):
    names = [f"M{i}" for i in range(1, candidates + 1)]
    document = party(
        seats={"member": seats},
        candidates={"member": names},
        tally={"member": dict.fromkeys(names, 20)},
    )
    code, output = run_count(document)
    assert code == 0
    assert output["status"] == status


@pytest.mark.parametrize(
    ("collected", "status"),
    [(29, "too_many_ballots"), (28, "valid"), (27, "valid")],
)
def test_pb03_29_ballots_collected_of_28_issued_void_the_vote(collected, status):
    document = party(eligible=30, present=28, ballots_issued=28, ballots_collected=collected)
    document["tally"] = {"member": {"M1": 27, "M2": 26, "M3": 25, "M4": 20, "M5": 16, "M6": 10}}
    code, output = run_count(document)
    assert code == 0
    assert output["status"] == status
    if status == "valid":
        # P12: 2*votes > should_attend (30) needs 16.
        assert output["posts"] == {"member": post(["M1", "M2", "M3", "M4", "M5"], 16)}
