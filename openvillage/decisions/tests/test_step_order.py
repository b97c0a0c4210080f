"""A step cannot be skipped or started early: 409 with the reason, time frozen, publicity
periods crossing the 2026 National Day holiday counted on the official calendar in the DB."""

from __future__ import annotations

from datetime import date

import pytest

from openvillage.core.errors import InvalidInput, WrongState
from openvillage.decisions import services, store
from openvillage.decisions.models import Case, CaseStatus, StepRecord
from openvillage.decisions.tests.conftest import (
    at,
    branch,
    joint,
    members,
    publish,
    record,
    walk_to_resolution,
)
from openvillage.ledger.models import Entry

SEP = date(2026, 9, 1).replace


@pytest.fixture
def case(cast, registry, village_a1):
    with at(SEP(day=1)):
        return services.case_open(
            actor=cast["vic"],
            village=village_a1,
            power_code="major_decision",
            amount=None,
            description="repairing the village road",
        )


def test_a_step_cannot_be_skipped(cast, case):
    with pytest.raises(WrongState) as err:
        record(cast["vic"], case, joint(SEP(day=2)))
    assert err.value.code == "previous_step_not_passed"
    assert "proposal" in err.value.translated()
    assert not StepRecord.objects.exists()


def test_the_party_members_meeting_waits_three_days_after_the_notice(cast, case):
    record(cast["vic"], case, branch(SEP(day=1)))
    record(cast["vic"], case, joint(SEP(day=2)))
    with pytest.raises(WrongState) as err:
        record(cast["vic"], case, members(SEP(day=4), notice=SEP(day=2)))
    assert err.value.code == "notice_not_elapsed"
    assert "2026-09-05" in err.value.translated()
    record(cast["vic"], case, members(SEP(day=5), notice=SEP(day=2)))


def test_who_should_attend_comes_from_the_registry(cast, case, registry):
    first = record(cast["vic"], case, branch(SEP(day=1)))
    second = record(cast["vic"], case, joint(SEP(day=2)))
    third = record(cast["vic"], case, members(SEP(day=5), notice=SEP(day=2)))
    assert (first.should_attend, second.should_attend, third.should_attend) == (3, 6, 5)
    assert {p.name for p in third.expected.all()} == {"Li", "Wang", "Zhao", "Qian", "Wu"}


def test_sign_in_by_people_counts_those_present(cast, case, registry):
    ids = (registry["Li"].pk, registry["Wang"].pk)
    data = branch(SEP(day=1), yes=2)
    data = services.StepInput(step="proposal", held_on=SEP(day=1), attendee_ids=ids, votes_for=2)
    rec = record(cast["vic"], case, data)
    assert rec.present == 2 and rec.outcome == "passed"  # 2*2 > 3


def test_someone_outside_the_body_cannot_sign_in(cast, case, registry):
    data = services.StepInput(
        step="proposal", held_on=SEP(day=1), attendee_ids=(registry["Chen"].pk,), votes_for=1
    )
    with pytest.raises(InvalidInput) as err:
        record(cast["vic"], case, data)
    assert err.value.field == "attendees"


def _proposal(**kw) -> services.StepInput:
    return services.StepInput(step="proposal", held_on=SEP(day=1), **kw)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (_proposal(present=3, votes_for=4), "votes_for"),
        (_proposal(present=4, votes_for=1), "present"),
        (_proposal(should_attend=9, present=3), "should_attend"),
        (_proposal(), "present"),
    ],
)  # fmt: skip
def test_impossible_counts_are_refused_naming_the_field(cast, case, data, field):
    with pytest.raises(InvalidInput) as err:
        record(cast["vic"], case, data)
    assert err.value.field == field
    assert not StepRecord.objects.exists()


def test_the_villagers_meeting_needs_its_should_attend_entered(cast, case):
    record(cast["vic"], case, branch(SEP(day=1)))
    record(cast["vic"], case, joint(SEP(day=2)))
    record(cast["vic"], case, members(SEP(day=5), notice=SEP(day=2)))
    data = services.StepInput(
        step="resolution", held_on=SEP(day=15), notice_given_on=SEP(day=5), present=600
    )
    with pytest.raises(InvalidInput) as err:
        record(cast["vic"], case, data)
    assert err.value.field == "should_attend"


def test_a_meeting_cannot_be_recorded_in_the_future(cast, case):
    with at(SEP(day=1)), pytest.raises(InvalidInput) as err:
        services.meeting_record(actor=cast["vic"], case=case, data=branch(SEP(day=3)))
    assert err.value.field == "held_on"


def test_a_failed_vote_sends_the_case_back_and_may_close_it(cast, case):
    record(cast["vic"], case, branch(SEP(day=1)))
    failed = record(cast["vic"], case, joint(SEP(day=2), yes=3))  # 2*3 > 6 is false
    assert failed.outcome == "failed"
    with pytest.raises(WrongState):
        record(cast["vic"], case, members(SEP(day=5), notice=SEP(day=2)))
    with at(SEP(day=3)):
        services.case_close(actor=cast["vic"], case=case, reason="plan withdrawn")
    case.refresh_from_db()
    assert case.status == CaseStatus.REJECTED
    assert Entry.objects.filter(object_type="decisions.case", object_id=str(case.pk)).exists()


def test_the_resolution_cannot_be_published_before_the_resolution_passed(cast, case):
    record(cast["vic"], case, branch(SEP(day=1)))
    with at(SEP(day=3)), pytest.raises(WrongState) as err:
        services.case_publish_resolution(actor=cast["vic"], case=case, title="决议公开")
    assert err.value.code == "previous_step_not_passed"


def test_the_result_waits_until_the_publicity_of_the_resolution_ends(cast, case):
    walk_to_resolution(cast["vic"], case)
    published = publish("resolution_disclosure", cast["vic"], cast["tom"], case, SEP(day=29))
    assert published.record.held_on == SEP(day=29)
    assert published.item.state == "published"
    # 5 calendar days from 29 September (not counted): the publicity runs until 4 October.
    with at(date(2026, 10, 4)), pytest.raises(WrongState) as err:
        services.case_publish_result(actor=cast["vic"], case=case, title="结果公开")
    assert err.value.code == "publicity_not_elapsed"
    assert "2026-10-05" in err.value.translated()
    publish("result_disclosure", cast["vic"], cast["tom"], case, date(2026, 10, 5))
    case.refresh_from_db()
    assert case.status == CaseStatus.COMPLETED
    assert case.ledger_entry_id is not None


WORKING_PUBLICITY = "publicity: {days: 5}  # on display >= 5 days (platform default)"


def _working_day_list() -> str:
    text = store.default_text()
    assert WORKING_PUBLICITY in text
    text = text.replace(WORKING_PUBLICITY, "publicity: {days: 5, count: working}")
    return text.replace('version: "2025.1"', 'version: "2026.1"', 1)


def test_a_working_day_publicity_over_national_day_and_a_new_list_leaves_old_cases_alone(
    cast, case, village_a1
):
    with at(SEP(day=1)):
        services.powerlist_publish(actor=cast["alice"], yaml_text=_working_day_list())
        newer = services.case_open(
            actor=cast["vic"], village=village_a1, power_code="major_decision", amount=None,
            description="building a cultural hall",
        )  # fmt: skip
    assert newer.power_list != case.power_list
    for c in (case, newer):
        walk_to_resolution(cast["vic"], c)
        publish("resolution_disclosure", cast["vic"], cast["tom"], c, SEP(day=29))
    # Old case: 5 calendar days, so from 5 October. New case: 5 working days after 29 September
    # are 30 Sep, 8, 9, 10 (an adjusted Saturday) and 12 Oct: the result may go from 13 October.
    publish("result_disclosure", cast["vic"], cast["tom"], case, date(2026, 10, 5))
    with at(date(2026, 10, 12)), pytest.raises(WrongState) as err:
        services.case_publish_result(actor=cast["vic"], case=newer, title="结果公开")
    assert "2026-10-12" in err.value.translated() and "2026-10-13" in err.value.translated()
    publish("result_disclosure", cast["vic"], cast["tom"], newer, date(2026, 10, 13))
    assert Case.objects.filter(status=CaseStatus.COMPLETED).count() == 2


def test_an_unanswered_objection_holds_the_case(cast, case):
    walk_to_resolution(cast["vic"], case)
    publish("resolution_disclosure", cast["vic"], cast["tom"], case, SEP(day=29))
    with at(SEP(day=30)):
        objection = services.case_objection_record(
            actor=cast["vic"], case=case, text="租金太低", received_on=SEP(day=30)
        )
    with at(date(2026, 10, 6)), pytest.raises(WrongState) as err:
        services.case_publish_result(actor=cast["vic"], case=case, title="结果公开")
    assert err.value.code == "objection_unanswered"
    with at(date(2026, 10, 6)):
        services.case_objection_answer(actor=cast["vic"], objection=objection, answer="按评估价")
    publish("result_disclosure", cast["vic"], cast["tom"], case, date(2026, 10, 6))
