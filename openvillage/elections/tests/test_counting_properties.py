"""Property tests of the counting rules: order, agreement, conservation, boundaries, seats."""

from __future__ import annotations

from collections import Counter
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from openvillage.elections.rules.count_cli import run_count
from openvillage.elections.rules.counting import tally_ballots
from openvillage.elections.rules.profiles import Share, get_profile

VC = get_profile("national").villagers_committee
SEATS = {"director": 1, "member": 3}
CANDIDATES = {"director": ["D1", "D2", "C1"], "member": ["C1", "C2", "C3", "C4", "C5"]}
NAMES = ["D1", "D2", "C1", "C2", "C3", "C4", "C5", "W1", "W2"]

fast = settings(max_examples=80, deadline=None)

ballot = st.dictionaries(
    st.sampled_from(sorted(SEATS)),
    st.lists(st.sampled_from(NAMES), max_size=5),
    max_size=2,
)


@st.composite
def ballots_documents(draw: Any, law: str = "villagers_committee") -> dict[str, Any]:
    ballots = draw(st.lists(ballot, max_size=40))
    collected = len(ballots)
    present = collected + draw(st.integers(0, 3))
    eligible = draw(st.integers(present, 2 * present + 1))
    return {
        "law": law,
        "eligible": eligible,
        "present": present,
        "ballots_issued": present,
        "ballots_collected": collected,
        "seats": SEATS,
        "candidates": CANDIDATES,
        "ballots": ballots,
    }


def reference_tally(ballots: list[dict[str, list[str]]]) -> tuple[dict[str, dict[str, int]], int]:
    """Count ballot by ballot, the slow obvious way (V29, V31 invalid_ballot, V30)."""
    votes: dict[str, Counter[str]] = {post: Counter() for post in SEATS}
    invalid = 0
    for one in ballots:
        marks = {post: set(names) for post, names in one.items()}
        over = any(len(names) > SEATS[post] for post, names in marks.items())
        everyone = [name for names in marks.values() for name in names]
        if over or len(everyone) != len(set(everyone)):
            invalid += 1
            continue
        for post, names in marks.items():
            votes[post].update(names)
    return {post: dict(counter) for post, counter in votes.items()}, invalid


@fast
@given(ballots_documents(), st.randoms(use_true_random=False))
def test_the_order_of_ballots_does_not_change_the_outcome(document, random):
    shuffled = list(document["ballots"])
    random.shuffle(shuffled)
    assert run_count(document) == run_count({**document, "ballots": shuffled})


@fast
@given(ballots_documents())
def test_tally_mode_and_ballots_mode_agree_on_the_same_ballots(document):
    votes, invalid = reference_tally(document["ballots"])
    tally_document = {k: v for k, v in document.items() if k != "ballots"}
    tally_document.update(tally=votes, invalid_ballots=invalid)
    assert run_count(document) == run_count(tally_document)


@fast
@given(ballots_documents())
def test_votes_of_a_post_never_exceed_valid_ballots_times_seats(document):
    tally = tally_ballots(document["ballots"], SEATS, VC)
    valid = len(document["ballots"]) - tally.invalid_ballots
    assert 0 <= tally.invalid_ballots <= len(document["ballots"])
    for post, votes in tally.votes.items():
        assert sum(votes.values()) <= SEATS[post] * valid
        assert all(0 < count <= valid for count in votes.values())


@fast
@given(ballots_documents(), st.sampled_from(["regular", "additional"]))
def test_elected_never_exceed_seats_and_vacant_plus_elected_equals_seats(document, round_):
    code, output = run_count({**document, "round": round_})
    assert code == 0
    for post, result in output["posts"].items():
        elected, tied = result["elected"], result["tied"]
        assert len(elected) <= SEATS[post]
        assert result["vacant"] + len(elected) == SEATS[post]
        assert not set(elected) & set(tied)
        assert not set(result["additional_candidates"]) & (set(elected) | set(tied))
        assert not tied or len(tied) > result["vacant"]
        if round_ == "additional":
            assert result["additional_candidates"] == []
    directors = set(output["posts"].get("director", {}).get("elected", []))
    members = set(output["posts"].get("member", {}).get("elected", []))
    assert not directors & members


def single_seat(law: str, round_: str, collected: int, votes: int) -> dict[str, Any]:
    return {
        "law": law,
        "round": round_,
        "eligible": collected,
        "present": collected,
        "ballots_issued": collected,
        "ballots_collected": collected,
        "seats": {"member": 1},
        "candidates": {"member": ["A", "B"]},
        "tally": {"member": {"A": votes}},
        "invalid_ballots": 0,
    }


@fast
@given(
    st.sampled_from(["villagers_committee", "party_branch"]),
    st.sampled_from(["regular", "additional"]),
    st.integers(1, 10_000),
)
def test_threshold_minus_one_fails_and_threshold_elects(law, round_, collected):
    code, output = run_count(single_seat(law, round_, collected, 0))
    assert code == 0
    threshold = output["posts"]["member"]["threshold"]
    assert 1 <= threshold <= collected
    below = run_count(single_seat(law, round_, collected, threshold - 1))[1]
    at = run_count(single_seat(law, round_, collected, threshold))[1]
    assert below["posts"]["member"]["elected"] == []
    assert at["posts"]["member"]["elected"] == ["A"]
    if round_ == "regular":
        assert 2 * threshold > collected >= 2 * (threshold - 1)  # V34, P12
    elif law == "villagers_committee":
        assert 3 * threshold >= collected > 3 * (threshold - 1) or threshold == 1  # V42


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 50), st.integers(1, 50), st.booleans(), st.integers(0, 10**9))
def test_a_share_least_part_is_the_exact_boundary(num, den, inclusive, whole):
    share = Share(num, den, inclusive)
    least = share.least(whole)
    assert share.met(least, whole)
    assert least == 0 or not share.met(least - 1, whole)
