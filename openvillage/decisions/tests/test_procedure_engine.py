"""The procedure engine: order of steps, notice, publicity, failure, merge, deadlines."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openvillage.core.errors import InvalidInput, WrongState
from openvillage.decisions.rules import (
    CaseStatus,
    MeetingCounts,
    Outcome,
    Procedure,
    StepRecord,
    check_start,
    is_overdue,
    load_power_list,
    next_step,
    read_power_list,
    replay,
    step_outcome,
)

DEFAULT = read_power_list()
FOUR = DEFAULT.procedure("four_discussions_two_disclosures")
HOMESTEAD = DEFAULT.procedure("homestead_application")

BRANCH_YES = MeetingCounts(5, 5, 5)
JOINT_YES = MeetingCounts(9, 8, 8)
MEMBERS_YES = MeetingCounts(30, 25, 20, 5)
MEMBERS_NO = MeetingCounts(30, 25, 15, 10)  # 2*15 > 30 is false: fails "of those who should attend"
VILLAGERS_YES = MeetingCounts(1000, 600, 400, 100, 100)
REPS_YES = MeetingCounts(40, 30, 20, 10)

HOLIDAYS = {date(2025, 10, d) for d in range(1, 9)}  # National Day week
ADJUSTED_WORKDAYS = {date(2025, 9, 28), date(2025, 10, 11)}  # a Sunday and a Saturday


def fake_add_working_days(start: date, n: int) -> date:
    """Count working days after ``start``: weekdays, minus the holiday, plus adjusted days."""
    day = start
    while n:
        day += timedelta(days=1)
        working = day in ADJUSTED_WORKDAYS or (day.weekday() < 5 and day not in HOLIDAYS)
        n -= working
    return day


def d(month: int, day: int) -> date:
    return date(2025, month, day)


PROPOSAL = StepRecord("proposal", d(3, 1), counts=BRANCH_YES)
CONSULTATION = StepRecord("consultation", d(3, 3), counts=JOINT_YES)
DELIBERATION = StepRecord("deliberation", d(3, 7), counts=MEMBERS_YES, notice_given_on=d(3, 4))
RESOLUTION = StepRecord("resolution", d(3, 20), counts=VILLAGERS_YES, notice_given_on=d(3, 10))
DISCLOSURE = StepRecord("resolution_disclosure", d(3, 21))
RESULT = StepRecord("result_disclosure", d(5, 10))
ALL_SIX = [PROPOSAL, CONSULTATION, DELIBERATION, RESOLUTION, DISCLOSURE, RESULT]


def refusal(procedure: Procedure, records: list[StepRecord], step: str, on: date, **kw) -> str:
    with pytest.raises(WrongState) as err:
        check_start(procedure, records, step, on, **kw)
    return err.value.code


# Order -----------------------------------------------------------------------------------------


def test_the_six_steps_in_order_complete_the_case() -> None:
    state = replay(FOUR, ALL_SIX)
    assert state.status is CaseStatus.COMPLETED
    assert state.next_step is None
    assert state.round == 1


@pytest.mark.parametrize("done", range(6))
def test_the_next_step_is_the_first_one_not_yet_passed(done: int) -> None:
    state = replay(FOUR, ALL_SIX[:done])
    assert state.next_step is FOUR.steps[done]


def test_a_step_cannot_be_skipped() -> None:
    with pytest.raises(WrongState) as err:
        check_start(FOUR, [PROPOSAL], "deliberation", d(3, 10), notice_given_on=d(3, 2))
    assert err.value.code == "previous_step_not_passed"
    assert "consultation" in str(err.value)


def test_the_resolution_cannot_be_published_while_a_discussion_is_missing() -> None:
    records = [PROPOSAL, CONSULTATION, RESOLUTION]
    with pytest.raises(WrongState) as err:
        replay(FOUR, records)
    assert err.value.code == "previous_step_not_passed"
    assert refusal(FOUR, [PROPOSAL, CONSULTATION], "resolution_disclosure", d(4, 1)) == (
        "previous_step_not_passed"
    )


def test_a_passed_step_cannot_be_recorded_again() -> None:
    assert refusal(FOUR, [PROPOSAL, CONSULTATION], "proposal", d(3, 5)) == "step_already_passed"


def test_a_step_cannot_be_dated_before_the_previous_record() -> None:
    assert refusal(FOUR, [PROPOSAL], "consultation", d(2, 28)) == "date_before_previous"


def test_two_steps_may_be_held_on_the_same_day_without_a_minimum_interval() -> None:
    check_start(FOUR, [PROPOSAL], "consultation", PROPOSAL.held_on)


def test_an_unknown_step_is_invalid_input() -> None:
    with pytest.raises(InvalidInput) as err:
        check_start(FOUR, [], "lottery", d(3, 1))
    assert err.value.field == "step"


# Notice ----------------------------------------------------------------------------------------


def test_the_party_members_meeting_needs_three_days_notice() -> None:
    records = [PROPOSAL, CONSULTATION]
    assert refusal(FOUR, records, "deliberation", d(3, 6), notice_given_on=d(3, 4)) == (
        "notice_not_elapsed"
    )
    check_start(FOUR, records, "deliberation", d(3, 7), notice_given_on=d(3, 4))


def test_a_meeting_that_needs_notice_cannot_start_without_one() -> None:
    assert refusal(FOUR, [PROPOSAL, CONSULTATION], "deliberation", d(3, 9)) == "notice_not_given"


def test_the_villagers_meeting_needs_ten_days_and_the_representatives_meeting_three() -> None:
    records = [PROPOSAL, CONSULTATION, DELIBERATION]
    notice = d(3, 8)
    assert refusal(FOUR, records, "resolution", d(3, 17), notice_given_on=notice) == (
        "notice_not_elapsed"
    )
    check_start(FOUR, records, "resolution", d(3, 18), notice_given_on=notice)
    reps = {"body": "representatives_meeting", "authorized": True, "notice_given_on": notice}
    assert refusal(FOUR, records, "resolution", d(3, 10), **reps) == "notice_not_elapsed"
    check_start(FOUR, records, "resolution", d(3, 11), **reps)


def test_the_representatives_meeting_needs_the_villagers_meetings_authorization() -> None:
    records = [PROPOSAL, CONSULTATION, DELIBERATION]
    code = refusal(
        FOUR,
        records,
        "resolution",
        d(3, 12),
        body="representatives_meeting",
        notice_given_on=d(3, 8),
    )
    assert code == "authorization_missing"


def test_a_body_that_may_not_hold_the_step_is_invalid_input() -> None:
    with pytest.raises(InvalidInput) as err:
        check_start(
            FOUR, [PROPOSAL, CONSULTATION, DELIBERATION], "resolution", d(4, 1), body="town"
        )
    assert err.value.field == "body"


def test_a_notice_given_before_the_previous_step_is_refused() -> None:
    with pytest.raises(InvalidInput) as err:
        check_start(
            FOUR, [PROPOSAL, CONSULTATION], "deliberation", d(3, 9), notice_given_on=d(3, 2)
        )
    assert err.value.field == "notice_given_on"


# Publicity -------------------------------------------------------------------------------------


def test_the_result_cannot_be_published_before_the_resolution_has_been_on_display_5_days() -> None:
    records = ALL_SIX[:5]  # resolution published 03-21: display counts 03-22..03-26
    assert refusal(FOUR, records, "result_disclosure", d(3, 26)) == "publicity_not_elapsed"
    check_start(FOUR, records, "result_disclosure", d(3, 27))


def test_group_publicity_of_5_working_days_skips_the_national_day_holiday() -> None:
    records = [
        StepRecord("application", d(9, 29)),
        StepRecord(
            "group_discussion", d(9, 30), counts=MeetingCounts(30, 20, 15, 5), published_on=d(9, 30)
        ),
    ]
    # working days after 09-30: 10-09, 10-10, 10-11 (adjusted Saturday), 10-13, 10-14
    kw = {"add_working_days": fake_add_working_days}
    with pytest.raises(WrongState) as err:
        check_start(HOMESTEAD, records, "village_review", d(10, 14), **kw)
    assert err.value.code == "publicity_not_elapsed"
    assert "2025-10-15" in str(err.value)
    check_start(HOMESTEAD, records, "village_review", d(10, 15), **kw)
    assert next_step(HOMESTEAD, records, d(10, 6), **kw).earliest_start == d(10, 15)


def test_a_publicity_that_has_not_begun_blocks_the_next_step() -> None:
    records = [
        StepRecord("application", d(9, 1)),
        StepRecord("group_discussion", d(9, 2), counts=MeetingCounts(30, 20, 15, 5)),
    ]
    code = refusal(
        HOMESTEAD, records, "village_review", d(12, 1), add_working_days=fake_add_working_days
    )
    assert code == "publicity_not_started"


def test_a_working_day_period_needs_the_working_day_calendar() -> None:
    records = [
        StepRecord("application", d(9, 1)),
        StepRecord(
            "group_discussion", d(9, 2), counts=MeetingCounts(30, 20, 15, 5), published_on=d(9, 2)
        ),
    ]
    with pytest.raises(InvalidInput) as err:
        check_start(HOMESTEAD, records, "village_review", d(12, 1))
    assert err.value.field == "add_working_days"


def test_a_publication_cannot_predate_its_meeting() -> None:
    records = [
        StepRecord("application", d(9, 1)),
        StepRecord(
            "group_discussion", d(9, 2), counts=MeetingCounts(30, 20, 15, 5), published_on=d(9, 1)
        ),
    ]
    with pytest.raises(InvalidInput) as err:
        replay(HOMESTEAD, records, add_working_days=fake_add_working_days)
    assert err.value.field == "published_on"


# Outcomes and failure --------------------------------------------------------------------------


def test_fifteen_yes_of_thirty_members_fail_the_deliberation_even_with_a_majority_present() -> None:
    step = FOUR.step("deliberation")
    assert step_outcome(step, StepRecord("deliberation", d(3, 7), counts=MEMBERS_NO)) is (
        Outcome.FAILED
    )
    assert step_outcome(step, StepRecord("deliberation", d(3, 7), counts=MEMBERS_YES)) is (
        Outcome.PASSED
    )


def test_a_rejected_deliberation_sends_the_case_back_to_the_proposal() -> None:
    failed = StepRecord("deliberation", d(3, 7), counts=MEMBERS_NO, notice_given_on=d(3, 4))
    state = replay(FOUR, [PROPOSAL, CONSULTATION, failed])
    assert state.status is CaseStatus.OPEN
    assert state.next_step is not None and state.next_step.code == "proposal"
    assert state.round == 2
    assert state.may_close
    assert refusal(FOUR, [PROPOSAL, CONSULTATION, failed], "consultation", d(3, 9)) == (
        "previous_step_not_passed"
    )
    second_round = [
        StepRecord("proposal", d(3, 10), counts=BRANCH_YES),
        StepRecord("consultation", d(3, 11), counts=JOINT_YES),
    ]
    state = replay(FOUR, [PROPOSAL, CONSULTATION, failed, *second_round])
    assert state.next_step is not None and state.next_step.code == "deliberation"


def test_a_revised_proposal_cannot_predate_the_rejection() -> None:
    failed = StepRecord("deliberation", d(3, 7), counts=MEMBERS_NO, notice_given_on=d(3, 4))
    assert refusal(FOUR, [PROPOSAL, CONSULTATION, failed], "proposal", d(3, 6)) == (
        "date_before_previous"
    )


def test_a_refusal_without_a_way_back_closes_the_case_as_rejected() -> None:
    procedure = DEFAULT.procedure("social_assistance_application")
    records = [
        StepRecord("application", d(4, 1)),
        StepRecord("economic_check", d(4, 10)),
        StepRecord("democratic_appraisal", d(4, 15), counts=MeetingCounts(30, 21, 13, 8)),
    ]  # 3*13 = 39 < 42 = 2*21: not two thirds of those present
    state = replay(procedure, records)
    assert state.status is CaseStatus.REJECTED
    assert refusal(procedure, records, "town_decision", d(5, 1)) == "case_closed"


def test_a_meeting_without_quorum_may_be_held_again() -> None:
    no_quorum = StepRecord("proposal", d(3, 1), counts=MeetingCounts(5, 2))
    state = replay(FOUR, [no_quorum])
    assert state.last_outcome is Outcome.NO_QUORUM
    assert state.next_step is not None and state.next_step.code == "proposal"
    assert state.round == 1
    check_start(FOUR, [no_quorum], "proposal", d(3, 2))


def test_a_meeting_without_quorum_may_not_record_a_vote() -> None:
    with pytest.raises(InvalidInput) as err:
        replay(FOUR, [StepRecord("proposal", d(3, 1), counts=MeetingCounts(5, 2, 2))])
    assert err.value.field == "votes_for"


def test_a_meeting_record_needs_counts_and_an_approval_needs_its_answer() -> None:
    with pytest.raises(InvalidInput) as err:
        replay(FOUR, [StepRecord("proposal", d(3, 1))])
    assert err.value.field == "counts"
    with pytest.raises(InvalidInput) as err:
        replay(
            HOMESTEAD,
            [StepRecord("application", d(3, 1)), *_group_ok(), _review(None)],
            add_working_days=fake_add_working_days,
        )
    assert err.value.field == "approved"


def _group_ok() -> list[StepRecord]:
    return [
        StepRecord(
            "group_discussion", d(3, 2), counts=MeetingCounts(30, 20, 15, 5), published_on=d(3, 2)
        )
    ]


def _review(approved: bool | None) -> StepRecord:
    return StepRecord("village_review", d(3, 20), approved=approved)


def test_an_approval_that_is_refused_closes_the_homestead_case() -> None:
    records = [StepRecord("application", d(3, 1)), *_group_ok(), _review(False)]
    state = replay(HOMESTEAD, records, add_working_days=fake_add_working_days)
    assert state.status is CaseStatus.REJECTED


def test_counts_above_those_present_are_refused_in_a_record() -> None:
    with pytest.raises(InvalidInput) as err:
        replay(FOUR, [StepRecord("proposal", d(3, 1), counts=MeetingCounts(5, 5, 4, 2))])
    assert err.value.field == "votes_for"


# Merge (D2) ------------------------------------------------------------------------------------

MERGED_PROPOSAL = StepRecord("proposal", d(3, 1), counts=BRANCH_YES, merged=True)
MERGED_CONSULTATION = StepRecord("consultation", d(3, 1), counts=JOINT_YES, merged=True)


def test_steps_one_and_two_may_be_one_meeting_where_the_secretary_is_the_director() -> None:
    state = replay(FOUR, [MERGED_PROPOSAL, MERGED_CONSULTATION], concurrent_secretary_director=True)
    assert state.next_step is not None and state.next_step.code == "deliberation"


def test_steps_may_not_be_merged_without_a_concurrent_secretary_director() -> None:
    with pytest.raises(WrongState) as err:
        replay(FOUR, [MERGED_PROPOSAL])
    assert err.value.code == "merge_not_allowed"


def test_a_merged_consultation_must_be_the_same_meeting() -> None:
    later = StepRecord("consultation", d(3, 2), counts=JOINT_YES, merged=True)
    with pytest.raises(WrongState):
        replay(FOUR, [MERGED_PROPOSAL, later], concurrent_secretary_director=True)
    with pytest.raises(WrongState):
        replay(FOUR, [PROPOSAL, later], concurrent_secretary_director=True)


def test_steps_three_and_four_may_never_be_merged() -> None:
    records = [PROPOSAL, CONSULTATION]
    code = refusal(
        FOUR,
        records,
        "deliberation",
        d(3, 9),
        notice_given_on=d(3, 4),
        merged=True,
        concurrent_secretary_director=True,
    )
    assert code == "merge_not_allowed"


# A profile with a minimum interval (D5, Dengzhou) and working-day notice -----------------------

PROFILE = load_power_list(
    {
        "version": 1,
        "region": "dengzhou",
        "procedures": {
            "dengzhou": {
                "name": "Dengzhou profile",
                "source": "decisions.md D5 (local practice, uncertain)",
                "steps": [
                    {
                        "code": "proposal",
                        "kind": "meeting",
                        "body": "branch_committee",
                        "quorum": "majority_of_should_attend",
                        "pass": "majority_of_should_attend",
                        "evidence": ["minutes"],
                    },
                    {
                        "code": "consultation",
                        "kind": "meeting",
                        "body": "joint_meeting",
                        "quorum": "majority_of_should_attend",
                        "pass": "majority_of_present",
                        "interval": {"days": 7},
                        "mergeable_with_previous": True,
                        "evidence": ["minutes"],
                    },
                    {
                        "code": "deliberation",
                        "kind": "meeting",
                        "body": "party_members_meeting",
                        "quorum": "two_thirds_of_should_attend",
                        "pass": "majority_of_should_attend",
                        "interval": {"days": 7},
                        "notice": {"days": 3, "count": "working"},
                        "evidence": ["minutes"],
                    },
                ],
            }
        },
        "powers": [
            {
                "code": "major_decision",
                "name": "major decision",
                "category": "public_power_matter",
                "legal_basis": "D5",
                "responsible_post": "secretary",
                "source": "S",
                "procedure": "dengzhou",
            }
        ],
    }
).procedure("dengzhou")


def test_a_profile_interval_of_7_days_blocks_an_early_next_step() -> None:
    first = [StepRecord("proposal", d(9, 1), counts=BRANCH_YES)]
    assert refusal(PROFILE, first, "consultation", d(9, 7)) == "interval_not_elapsed"
    check_start(PROFILE, first, "consultation", d(9, 8))


def test_a_merged_meeting_is_exempt_from_the_interval() -> None:
    merged = [
        StepRecord("proposal", d(9, 1), counts=BRANCH_YES, merged=True),
        StepRecord("consultation", d(9, 1), counts=JOINT_YES, merged=True),
    ]
    state = replay(PROFILE, merged, concurrent_secretary_director=True)
    assert state.next_step is not None and state.next_step.code == "deliberation"


def test_working_day_notice_skips_the_holiday() -> None:
    records = [
        StepRecord("proposal", d(9, 20), counts=BRANCH_YES),
        StepRecord("consultation", d(9, 29), counts=JOINT_YES),
    ]
    kw = {"notice_given_on": d(9, 30), "add_working_days": fake_add_working_days}
    # 3 working days after 09-30: 10-09, 10-10, 10-11 (adjusted Saturday)
    assert refusal(PROFILE, records, "deliberation", d(10, 10), **kw) == "notice_not_elapsed"
    check_start(PROFILE, records, "deliberation", d(10, 11), **kw)


# Next step, deadlines --------------------------------------------------------------------------


def test_next_step_tells_the_earliest_start_and_why_not_today() -> None:
    records = [PROPOSAL, CONSULTATION]
    result = next_step(FOUR, records, d(3, 5), notice_given_on=d(3, 4))
    assert result.step is not None and result.step.code == "deliberation"
    assert result.earliest_start == d(3, 7)
    assert not result.may_start_today
    assert result.reason is not None and result.reason.code == "notice_not_elapsed"
    assert next_step(FOUR, records, d(3, 7), notice_given_on=d(3, 4)).may_start_today
    assert next_step(FOUR, records, d(3, 7)).earliest_start is None


def test_next_step_of_a_completed_case_is_none() -> None:
    result = next_step(FOUR, ALL_SIX, d(6, 1))
    assert result.step is None and not result.may_start_today


def test_the_resolution_must_be_published_within_5_days() -> None:
    records = ALL_SIX[:4]  # resolution on 03-20
    assert not is_overdue(FOUR, records, d(3, 25))
    assert is_overdue(FOUR, records, d(3, 26))
    assert not is_overdue(FOUR, ALL_SIX[:5], d(3, 26))


def test_the_result_must_be_published_within_10_days_of_completion() -> None:
    records = ALL_SIX[:5]
    assert not is_overdue(FOUR, records, d(9, 1))  # completion not yet known
    assert not is_overdue(FOUR, records, d(5, 11), completed_on=d(5, 1))
    assert is_overdue(FOUR, records, d(5, 12), completed_on=d(5, 1))


# Properties ------------------------------------------------------------------------------------


@given(st.integers(0, 30), st.integers(0, 30))
def test_a_meeting_may_be_held_exactly_from_notice_plus_three_days(notice: int, held: int) -> None:
    records = [PROPOSAL, CONSULTATION]
    notice_day, held_day = d(3, 3) + timedelta(notice), d(3, 3) + timedelta(held)
    allowed = held_day >= notice_day + timedelta(3)
    try:
        check_start(FOUR, records, "deliberation", held_day, notice_given_on=notice_day)
    except WrongState:
        assert not allowed
    else:
        assert allowed


@given(st.integers(0, 40))
def test_the_next_step_is_allowed_exactly_after_the_publicity(offset: int) -> None:
    on = DISCLOSURE.held_on + timedelta(offset)
    try:
        check_start(FOUR, ALL_SIX[:5], "result_disclosure", on)
    except WrongState:
        assert offset <= 5
    else:
        assert offset >= 6
