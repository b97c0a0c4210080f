"""Pure rules of an election's outcome and seats (rules/outcome.py, rules/seats.py), table-driven
with the worked numbers of elections.md §E: who is elected over the rounds (V34-V40, V37, V39),
what the next round is (V27, V36, V40-V41, V44, P13-P14), and which seats are lawful (V1, V2,
P4). No database: plain values in, plain values out."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openvillage.core.errors import InvalidInput
from openvillage.elections.rules.count_cli import run_count
from openvillage.elections.rules.outcome import (
    CountedRound,
    RoundPlan,
    elected_people,
    further_round_plan,
)
from openvillage.elections.rules.profiles import get_profile
from openvillage.elections.rules.seats import posts_allowed, seats_check

VC_POSTS = ("director", "deputy_director", "women_member", "member")
PB_POSTS = ("secretary", "deputy_secretary", "member")


def counted(document: dict, **extra) -> CountedRound:
    """Count a round with ``openvillage count`` and keep it as a stored round would be."""
    code, output = run_count(document)
    assert code == 0, output
    return CountedRound(
        kind=document.get("round", "regular"),
        status=output["status"],
        seats=document["seats"],
        candidates={
            p: [c["id"] if isinstance(c, dict) else c for c in cs]
            for p, cs in document["candidates"].items()
        },
        output=output,
        **extra,
    )


# VC-07: V=1200, P=R=700; members S=3: C1=520, C2=410, C3=350, C4=300, C5=280 -> v >= 351.
VC07 = {
    "law": "villagers_committee",
    "eligible": 1200,
    "present": 700,
    "ballots_issued": 700,
    "ballots_collected": 700,
    "seats": {"member": 3},
    "candidates": {"member": ["1", "2", "3", "4", "5"]},
    "tally": {"member": {"1": 520, "2": 410, "3": 350, "4": 300, "5": 280}},
    "invalid_ballots": 0,
}
# VC-08: the additional election for VC-07: R2=600, C3=290, C4=250, 60 blank or invalid.
VC08 = {
    **VC07,
    "round": "additional",
    "present": 600,
    "ballots_issued": 600,
    "ballots_collected": 600,
    "seats": {"member": 1},
    "candidates": {"member": ["3", "4"]},
    "tally": {"member": {"3": 290, "4": 250}},
    "invalid_ballots": 60,
}
# VC-03: V=800, P=500, R=503: the round is void (V27) and held again as it was.
VC03 = {
    **VC07,
    "eligible": 800,
    "present": 500,
    "ballots_issued": 510,
    "ballots_collected": 503,
    "tally": {"member": {"1": 300}},
}
# Three tie at 4 of 6 for two member seats (V36); the director is elected outright.
TIE = {
    "law": "villagers_committee",
    "eligible": 8,
    "present": 6,
    "ballots_issued": 6,
    "ballots_collected": 6,
    "seats": {"director": 1, "member": 2},
    "candidates": {"director": ["1", "2"], "member": ["3", "4", "5"]},
    "tally": {"director": {"1": 4, "2": 2}, "member": {"3": 4, "4": 4, "5": 4}},
    "invalid_ballots": 0,
}
REVOTE = {
    **TIE,
    "round": "revote",
    "seats": {"member": 2},
    "candidates": {"member": ["3", "4", "5"]},
    "tally": {"member": {"3": 1, "4": 3, "5": 2}},
}


@pytest.mark.parametrize(
    ("rounds", "elected"),
    [
        ([VC07], [("member", "1"), ("member", "2")]),
        ([VC07, VC08], [("member", "1"), ("member", "2"), ("member", "3")]),
        ([VC03], []),
        ([TIE], [("director", "1")]),
        ([TIE, REVOTE], [("director", "1"), ("member", "4"), ("member", "5")]),
    ],
    ids=["VC-07", "VC-07+VC-08", "VC-03 void", "tie", "tie+revote"],
)
def test_elected_people_over_the_rounds_of_the_worked_scenarios(rounds, elected):
    assert elected_people([counted(d) for d in rounds]) == elected


def test_a_voided_winner_and_a_seat_given_up_to_a_near_relative_are_left_out():
    voided = [{"post": "member", "name": "1", "report": 7}]  # V37
    avoided = [  # V39: 2 gives up the seat to 4, the next majority-getter
        {"post": "member", "name": "2", "relative": "1", "kind": "spouse", "replaced_by": "4"}
    ]
    rounds = [counted(VC07, voided=voided, avoided=avoided)]
    assert elected_people(rounds) == [("member", "4")]


def test_a_seat_given_up_with_no_one_to_take_it_stays_empty():
    avoided = [{"post": "member", "name": "2", "relative": "1", "kind": "spouse"}]
    assert elected_people([counted(VC07, avoided=avoided)]) == [("member", "1")]


@pytest.mark.parametrize(
    ("rounds", "plan"),
    [
        # VC-07 -> 1 seat left: additional election among the next vacant + 1 (V40, V41).
        ([VC07], RoundPlan("additional", {"member": 1}, {"member": ["3", "4"]})),
        # VC-03: ballots > voters: the same round again (V27).
        ([VC03], RoundPlan("regular", {"member": 3}, {"member": ["1", "2", "3", "4", "5"]})),
        # A tie at the last seats: re-vote among the tied only (V36, V44).
        ([TIE], RoundPlan("revote", {"member": 2}, {"member": ["3", "4", "5"]})),
        # Everything filled: nothing left to plan.
        ([VC07, VC08], RoundPlan("additional", {}, {})),
        ([TIE, REVOTE], RoundPlan("additional", {}, {})),
    ],
    ids=["VC-07", "VC-03", "tie", "VC-08 fills", "revote fills"],
)
def test_the_next_round_of_the_worked_scenarios(rounds, plan):
    assert further_round_plan([counted(d) for d in rounds]) == plan


def test_a_tie_is_settled_before_an_additional_election_for_another_post():
    # Director: 3 and 3 of 6, and 2*3 > 6 fails, so nobody is elected (an empty seat, not a
    # tie); members tie at 4. The re-vote comes first; the director's additional election waits.
    document = {
        **TIE,
        "candidates": {"director": ["1", "2"], "member": ["3", "4", "5"]},
        "tally": {"director": {"1": 3, "2": 3}, "member": {"3": 4, "4": 4, "5": 4}},
    }
    plan = further_round_plan([counted(document)])
    assert plan == RoundPlan("revote", {"member": 2}, {"member": ["3", "4", "5"]})


def test_after_the_revote_the_waiting_additional_election_is_planned():
    document = {
        **TIE,
        "tally": {"director": {"1": 3, "2": 3}, "member": {"3": 4, "4": 4, "5": 4}},
    }
    plan = further_round_plan([counted(document), counted(REVOTE)])
    assert plan == RoundPlan("additional", {"director": 1}, {"director": ["1", "2"]})


@given(st.permutations(["1", "2", "3", "4", "5"]))
def test_the_outcome_does_not_depend_on_the_order_of_the_candidate_list(order):
    document = {**VC07, "candidates": {"member": list(order)}}
    rounds = [counted(document)]
    assert elected_people(rounds) == [("member", "1"), ("member", "2")]
    assert further_round_plan(rounds).candidates == {"member": ["3", "4"]}


# --- seats --------------------------------------------------------------------------------------

NATIONAL_VC = get_profile("national").rules("villagers_committee")
ZHEJIANG_VC = get_profile("zhejiang").rules("villagers_committee")
NATIONAL_PB = get_profile("national").rules("party_branch")


@pytest.mark.parametrize(
    ("law", "posts", "rules", "seats"),
    [
        ("villagers_committee", VC_POSTS, NATIONAL_VC, {"director": 1, "member": 2}),  # 3 (V1)
        ("villagers_committee", VC_POSTS, NATIONAL_VC, {"director": 1, "member": 6}),  # 7 (V1)
        (
            "villagers_committee",
            VC_POSTS,
            ZHEJIANG_VC,
            {"director": 1, "women_member": 1, "member": 1},
        ),  # V2 zhejiang
        ("party_branch", PB_POSTS, NATIONAL_PB, {"secretary": 1}),  # fewer than 7 members (P4)
        ("party_branch", PB_POSTS, NATIONAL_PB, {"secretary": 1, "member": 6}),  # 7 (P4)
    ],
)
def test_lawful_seats_are_returned_as_given(law, posts, rules, seats):
    assert seats_check(law, posts, rules, seats) == seats


@pytest.mark.parametrize(
    ("law", "posts", "rules", "seats", "message"),
    [
        (
            "villagers_committee",
            VC_POSTS,
            NATIONAL_VC,
            {"director": 1, "member": 1},
            "3 to 7 members (V1); these seats make 2.",
        ),
        (
            "villagers_committee",
            VC_POSTS,
            NATIONAL_VC,
            {"director": 1, "member": 7},
            "3 to 7 members (V1); these seats make 8.",
        ),
        (
            "villagers_committee",
            VC_POSTS,
            NATIONAL_VC,
            {"director": 1, "women_member": 1, "member": 1},
            "Post women_member does not exist in this election.",
        ),
        (
            "villagers_committee",
            VC_POSTS,
            NATIONAL_VC,
            {"secretary": 1, "member": 2},
            "Post secretary does not exist in this election.",
        ),
        (
            "villagers_committee",
            VC_POSTS,
            NATIONAL_VC,
            {"director": True, "member": 2},
            "Post director needs a whole number of seats, at least one.",
        ),
        (
            "villagers_committee",
            VC_POSTS,
            NATIONAL_VC,
            {"director": 0, "member": 3},
            "Post director needs a whole number of seats, at least one.",
        ),
        (
            "villagers_committee",
            VC_POSTS,
            NATIONAL_VC,
            {"director": 1.0, "member": 3},
            "Post director needs a whole number of seats, at least one.",
        ),
        (
            "party_branch",
            PB_POSTS,
            NATIONAL_PB,
            {"secretary": 1, "member": 7},
            "at most 7 members (P4); these seats make 8.",
        ),
        ("party_branch", PB_POSTS, NATIONAL_PB, {}, "at most 7 members (P4); these seats make 0."),
    ],
)
def test_unlawful_seats_are_refused_naming_the_seats_field(law, posts, rules, seats, message):
    with pytest.raises(InvalidInput) as refused:
        seats_check(law, posts, rules, seats)
    assert refused.value.field == "seats"
    assert message in str(refused.value)


def test_the_women_member_post_exists_only_where_the_profile_lists_it_separately():
    assert "women_member" not in posts_allowed(VC_POSTS, NATIONAL_VC)
    assert "women_member" in posts_allowed(VC_POSTS, ZHEJIANG_VC)
