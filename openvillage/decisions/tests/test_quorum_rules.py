"""Quorum and pass rules: worked numbers at every boundary, meeting validation, properties."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openvillage.core.errors import InvalidInput
from openvillage.decisions.rules import (
    PASS_RULES,
    QUORUM_RULES,
    MeetingCounts,
    quorum_met,
    read_power_list,
    validate_meeting,
    vote_passed,
)

# (rule, should_attend, present, households, households_represented, expected)
QUORUM_CASES = [
    # more than half of those who should attend: 2*present > should_attend
    ("majority_of_should_attend", 30, 15, None, None, False),
    ("majority_of_should_attend", 30, 16, None, None, True),
    ("majority_of_should_attend", 31, 15, None, None, False),
    ("majority_of_should_attend", 31, 16, None, None, True),
    ("majority_of_should_attend", 5, 2, None, None, False),
    ("majority_of_should_attend", 5, 3, None, None, True),
    ("majority_of_should_attend", 2, 1, None, None, False),
    ("majority_of_should_attend", 2, 2, None, None, True),
    ("majority_of_should_attend", 1, 0, None, None, False),
    ("majority_of_should_attend", 1, 1, None, None, True),
    # two thirds or more of those who should attend: 3*present >= 2*should_attend
    ("two_thirds_of_should_attend", 30, 19, None, None, False),
    ("two_thirds_of_should_attend", 30, 20, None, None, True),
    ("two_thirds_of_should_attend", 31, 20, None, None, False),
    ("two_thirds_of_should_attend", 31, 21, None, None, True),
    ("two_thirds_of_should_attend", 3, 1, None, None, False),
    ("two_thirds_of_should_attend", 3, 2, None, None, True),
    ("two_thirds_of_should_attend", 2, 1, None, None, False),
    ("two_thirds_of_should_attend", 2, 2, None, None, True),
    ("two_thirds_of_should_attend", 1, 0, None, None, False),
    ("two_thirds_of_should_attend", 1, 1, None, None, True),
    # villagers' meeting: more than half of 1000 adults, or two thirds of 300 households
    ("villagers_meeting_quorum", 1000, 500, None, None, False),
    ("villagers_meeting_quorum", 1000, 501, None, None, True),
    ("villagers_meeting_quorum", 1001, 501, None, None, True),
    ("villagers_meeting_quorum", 1000, 120, 300, 199, False),
    ("villagers_meeting_quorum", 1000, 120, 300, 200, True),
    ("villagers_meeting_quorum", 1000, 120, 301, 200, False),
    ("villagers_meeting_quorum", 1000, 120, 301, 201, True),
    ("villagers_meeting_quorum", 1, 0, None, None, False),
    ("villagers_meeting_quorum", 1, 1, None, None, True),
    # village group meeting: two thirds of 30 group adults, or of 45 group households
    ("village_group_meeting_quorum", 30, 19, None, None, False),
    ("village_group_meeting_quorum", 30, 20, None, None, True),
    ("village_group_meeting_quorum", 30, 10, 45, 29, False),
    ("village_group_meeting_quorum", 30, 10, 45, 30, True),
    ("village_group_meeting_quorum", 1, 0, None, None, False),
    ("village_group_meeting_quorum", 1, 1, None, None, True),
]

# (rule, should_attend, present, votes_for, expected)
PASS_CASES = [
    # more than half of those present: 2*yes > present
    ("majority_of_present", 40, 30, 15, False),
    ("majority_of_present", 40, 30, 16, True),
    ("majority_of_present", 40, 31, 15, False),
    ("majority_of_present", 40, 31, 16, True),
    ("majority_of_present", 1, 1, 0, False),
    ("majority_of_present", 1, 1, 1, True),
    ("majority_of_present", 2, 2, 1, False),
    ("majority_of_present", 2, 2, 2, True),
    # more than half of those who should attend: 2*yes > should_attend
    ("majority_of_should_attend", 30, 20, 15, False),
    ("majority_of_should_attend", 30, 20, 16, True),
    ("majority_of_should_attend", 31, 25, 15, False),
    ("majority_of_should_attend", 31, 25, 16, True),
    ("majority_of_should_attend", 1, 1, 0, False),
    ("majority_of_should_attend", 1, 1, 1, True),
    # two thirds or more of those present: 3*yes >= 2*present
    ("two_thirds_of_present", 40, 30, 19, False),
    ("two_thirds_of_present", 40, 30, 20, True),
    ("two_thirds_of_present", 40, 31, 20, False),
    ("two_thirds_of_present", 40, 31, 21, True),
    ("two_thirds_of_present", 1, 1, 0, False),
    ("two_thirds_of_present", 1, 1, 1, True),
    # two thirds or more of all adults or representatives: 3*yes >= 2*should_attend
    ("two_thirds_of_should_attend", 30, 30, 19, False),
    ("two_thirds_of_should_attend", 30, 30, 20, True),
    ("two_thirds_of_should_attend", 1000, 800, 666, False),
    ("two_thirds_of_should_attend", 1000, 800, 667, True),
    ("two_thirds_of_should_attend", 31, 31, 20, False),
    ("two_thirds_of_should_attend", 31, 31, 21, True),
    ("two_thirds_of_should_attend", 1, 1, 0, False),
    ("two_thirds_of_should_attend", 1, 1, 1, True),
]


def _id(case: tuple[object, ...]) -> str:
    return "-".join(str(part) for part in case)


@pytest.mark.parametrize("case", QUORUM_CASES, ids=_id)
def test_quorum_rule_is_exact_at_its_boundary(case: tuple) -> None:
    rule, should_attend, present, households, represented, expected = case
    counts = MeetingCounts(
        should_attend, present, households=households, households_represented=represented
    )
    assert quorum_met(rule, counts) is expected


@pytest.mark.parametrize("case", PASS_CASES, ids=_id)
def test_pass_rule_is_exact_at_its_boundary(case: tuple) -> None:
    rule, should_attend, present, votes_for, expected = case
    counts = MeetingCounts(should_attend, present, votes_for, votes_against=present - votes_for)
    assert vote_passed(rule, counts) is expected


def test_two_thirds_is_met_by_20_of_30_and_not_by_19() -> None:
    assert quorum_met("two_thirds_of_should_attend", MeetingCounts(30, 20))
    assert not quorum_met("two_thirds_of_should_attend", MeetingCounts(30, 19))


def test_more_than_half_of_those_who_should_attend_fails_at_15_of_30_and_passes_at_16() -> None:
    assert not vote_passed("majority_of_should_attend", MeetingCounts(30, 30, 15, 15))
    assert vote_passed("majority_of_should_attend", MeetingCounts(30, 30, 16, 14))


def test_majority_of_should_attend_can_fail_where_majority_of_present_passes() -> None:
    counts = MeetingCounts(should_attend=30, present=20, votes_for=15, votes_against=5)
    assert vote_passed("majority_of_present", counts)
    assert not vote_passed("majority_of_should_attend", counts)


def test_abstentions_count_against_a_majority_of_those_present() -> None:
    counts = MeetingCounts(30, 21, votes_for=10, votes_against=1, votes_abstain=10)
    assert not vote_passed("majority_of_present", counts)


def test_every_rule_used_by_the_default_list_has_boundary_cases() -> None:
    power_list = read_power_list()
    used_quorum = {
        o.quorum for p in power_list.procedures for s in p.steps for o in s.options if o.quorum
    }
    used_pass = {
        o.pass_rule
        for p in power_list.procedures
        for s in p.steps
        for o in s.options
        if o.pass_rule
    }
    assert used_quorum <= {case[0] for case in QUORUM_CASES}
    assert used_pass <= {case[0] for case in PASS_CASES}
    assert used_quorum == set(QUORUM_RULES)
    assert used_pass == set(PASS_RULES)


def test_every_rule_cites_its_source_in_the_docstring() -> None:
    for rule in [*QUORUM_RULES.values(), *PASS_RULES.values()]:
        doc = rule.check.__doc__ or ""
        assert any(word in doc for word in ("Art.", "explainer", "decisions.md"))
        assert rule.source


# Meeting validation ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("counts", "field"),
    [
        (MeetingCounts(30, 31), "present"),
        (MeetingCounts(30, 20, 15, 5, 1), "votes_for"),
        (MeetingCounts(30, 20, 21), "votes_for"),
        (MeetingCounts(-1, 0), "should_attend"),
        (MeetingCounts(30, -1), "present"),
        (MeetingCounts(30, 20, -1), "votes_for"),
        (MeetingCounts(30, 20, 0, -1), "votes_against"),
        (MeetingCounts(30, 20, 0, 0, -1), "votes_abstain"),
        (MeetingCounts(0, 0), "should_attend"),
        (MeetingCounts(30, 20, households=10, households_represented=11), "households_represented"),
        (MeetingCounts(30, 20, households=10), "households_represented"),
        (MeetingCounts(30, 20, households=-1, households_represented=0), "households"),
        (MeetingCounts(30, 20.0), "present"),  # type: ignore[arg-type]
        (MeetingCounts(30, True), "present"),
    ],
    ids=repr,
)
def test_impossible_counts_are_refused_naming_the_field(counts: MeetingCounts, field: str) -> None:
    with pytest.raises(InvalidInput) as err:
        validate_meeting(counts)
    assert err.value.field == field


def test_a_meeting_of_nobody_is_refused_rather_than_declared_quorate() -> None:
    with pytest.raises(InvalidInput):
        quorum_met("two_thirds_of_should_attend", MeetingCounts(0, 0))


def test_votes_equal_to_those_present_are_accepted() -> None:
    validate_meeting(MeetingCounts(30, 20, 10, 5, 5))


def test_an_unknown_rule_is_refused() -> None:
    with pytest.raises(InvalidInput) as err:
        quorum_met("simple_majority", MeetingCounts(3, 2))
    assert err.value.field == "quorum"


# Properties ------------------------------------------------------------------------------------


@st.composite
def meetings(draw: st.DrawFn) -> MeetingCounts:
    should_attend = draw(st.integers(1, 2000))
    present = draw(st.integers(0, should_attend))
    votes_for = draw(st.integers(0, present))
    votes_against = draw(st.integers(0, present - votes_for))
    votes_abstain = draw(st.integers(0, present - votes_for - votes_against))
    return MeetingCounts(should_attend, present, votes_for, votes_against, votes_abstain)


@given(meetings(), st.sampled_from(sorted(PASS_RULES)))
def test_more_yes_votes_never_turn_a_pass_into_a_fail(counts: MeetingCounts, rule: str) -> None:
    if counts.votes_cast < counts.present:
        more = MeetingCounts(
            counts.should_attend,
            counts.present,
            counts.votes_for + 1,
            counts.votes_against,
            counts.votes_abstain,
        )
        assert vote_passed(rule, more) >= vote_passed(rule, counts)
    if counts.votes_against > 0:
        switched = MeetingCounts(
            counts.should_attend,
            counts.present,
            counts.votes_for + 1,
            counts.votes_against - 1,
            counts.votes_abstain,
        )
        assert vote_passed(rule, switched) >= vote_passed(rule, counts)


@given(meetings(), st.sampled_from(sorted(QUORUM_RULES)))
def test_more_members_present_never_lose_the_quorum(counts: MeetingCounts, rule: str) -> None:
    if counts.present < counts.should_attend:
        more = MeetingCounts(counts.should_attend, counts.present + 1)
        assert quorum_met(rule, more) >= quorum_met(rule, MeetingCounts(*_attendance(counts)))


def _attendance(counts: MeetingCounts) -> tuple[int, int]:
    return counts.should_attend, counts.present


HALF, TWO_THIRDS = Fraction(1, 2), Fraction(2, 3)
PASS_ORACLES = {
    "majority_of_present": lambda c: c.present > 0 and Fraction(c.votes_for, c.present) > HALF,
    "majority_of_should_attend": lambda c: Fraction(c.votes_for, c.should_attend) > HALF,
    "two_thirds_of_present": lambda c: (
        c.present == 0 or Fraction(c.votes_for, c.present) >= TWO_THIRDS
    ),
    "two_thirds_of_should_attend": lambda c: Fraction(c.votes_for, c.should_attend) >= TWO_THIRDS,
}


@given(meetings(), st.sampled_from(sorted(PASS_RULES)))
def test_pass_thresholds_agree_with_exact_fractions(counts: MeetingCounts, rule: str) -> None:
    assert vote_passed(rule, counts) == PASS_ORACLES[rule](counts)


@given(meetings())
def test_quorum_thresholds_agree_with_exact_fractions(counts: MeetingCounts) -> None:
    share = Fraction(counts.present, counts.should_attend)
    assert quorum_met("majority_of_should_attend", counts) == (share > HALF)
    assert quorum_met("two_thirds_of_should_attend", counts) == (share >= TWO_THIRDS)


@given(st.integers(1, 5000))
def test_the_smallest_passing_majority_and_two_thirds_are_exact(n: int) -> None:
    smallest_majority, smallest_two_thirds = n // 2 + 1, (2 * n + 2) // 3
    for rule, smallest in (
        ("majority_of_should_attend", smallest_majority),
        ("two_thirds_of_should_attend", smallest_two_thirds),
    ):
        assert vote_passed(rule, MeetingCounts(n, n, smallest))
        assert not vote_passed(rule, MeetingCounts(n, n, smallest - 1))


@given(
    st.integers(-3, 50),
    st.integers(-3, 50),
    st.integers(-3, 50),
    st.integers(-3, 50),
    st.integers(-3, 50),
)
def test_validation_accepts_exactly_the_possible_meetings(
    should: int, present: int, yes: int, no: int, abstain: int
) -> None:
    possible = (
        min(should, present, yes, no, abstain) >= 0
        and should >= 1
        and present <= should
        and yes + no + abstain <= present
    )
    try:
        validate_meeting(MeetingCounts(should, present, yes, no, abstain))
    except InvalidInput:
        assert not possible
    else:
        assert possible
