"""Every write service by role and scope: the clerk of A1 writes; the clerk of A2 and the
officer of town B may not; the supervision member of A1 may only flag a step."""

from __future__ import annotations

from datetime import date

import pytest

from openvillage.core.errors import InvalidInput, NotAllowed, WrongState
from openvillage.decisions import services
from openvillage.decisions.tests.conftest import at, branch, record

DAY = date(2026, 9, 1)


@pytest.fixture
def world(cast, registry, village_a1):
    with at(DAY):
        case = services.case_open(
            actor=cast["vic"], village=village_a1, power_code="major_decision", amount=None,
            description="road",
        )  # fmt: skip
    rec = record(cast["vic"], case, branch(DAY))
    with at(DAY):
        objection = services.case_objection_record(
            actor=cast["vic"], case=case, text="why", received_on=DAY
        )
        flag = services.step_flag(actor=cast["sue"], record=rec, reason="irregular")
        violation = services.violation_record(
            actor=cast["vic"], village=village_a1, kind="dereliction", facts="late"
        )
    return {"case": case, "record": rec, "objection": objection, "flag": flag,
            "violation": violation, "village": village_a1}  # fmt: skip


WRITES = {
    "case_open": lambda a, w: services.case_open(
        actor=a, village=w["village"], power_code="major_decision", amount=None, description="x"
    ),
    "meeting_record": lambda a, w: services.meeting_record(
        actor=a, case=w["case"], data=branch(DAY)
    ),
    "step_merge": lambda a, w: services.step_merge(
        actor=a, case=w["case"], proposal=branch(DAY), consultation=branch(DAY)
    ),
    "case_publish_resolution": lambda a, w: services.case_publish_resolution(
        actor=a, case=w["case"], title="t"
    ),
    "case_publish_result": lambda a, w: services.case_publish_result(
        actor=a, case=w["case"], title="t"
    ),
    "case_close": lambda a, w: services.case_close(actor=a, case=w["case"], reason="r"),
    "case_objection_record": lambda a, w: services.case_objection_record(
        actor=a, case=w["case"], text="t", received_on=DAY
    ),
    "case_objection_answer": lambda a, w: services.case_objection_answer(
        actor=a, objection=w["objection"], answer="a"
    ),
    "flag_answer": lambda a, w: services.flag_answer(actor=a, flag=w["flag"], answer="a"),
    "violation_record": lambda a, w: services.violation_record(
        actor=a, village=w["village"], kind="dereliction", facts="f"
    ),
    "unprocedured_report": lambda a, w: services.unprocedured_report(
        actor=a, village=w["village"], power_code="asset_lease", amount=1, facts="f"
    ),
}


@pytest.mark.parametrize("write", sorted(WRITES))
@pytest.mark.parametrize("who", ["vera", "tina", "sue"])
def test_outsiders_and_the_supervision_member_may_not_write(cast, world, write, who):
    with at(DAY), pytest.raises(NotAllowed):
        WRITES[write](cast[who], world)


@pytest.mark.parametrize("write", sorted(WRITES))
def test_the_clerk_of_the_village_gets_past_the_permission_check(cast, world, write):
    with at(DAY):
        try:
            WRITES[write](cast["vic"], world)
        except NotAllowed:  # pragma: no cover - the assertion
            pytest.fail(f"vic refused {write}")
        except (WrongState, InvalidInput):  # refusals that come after the permission check
            pass


@pytest.mark.parametrize("who", ["vic", "vera", "tina", "tom"])
def test_only_the_supervision_member_flags_a_step(cast, world, who):
    with at(DAY), pytest.raises(NotAllowed):
        services.step_flag(actor=cast[who], record=world["record"], reason="r")


@pytest.mark.parametrize("who", ["vic", "sam", "vera", "tina", "tom", "alice"])
def test_only_the_supervision_member_reviews_a_step(cast, world, who):
    with at(DAY), pytest.raises(NotAllowed):
        services.step_review(actor=cast[who], record=world["record"], approve=True)


@pytest.mark.parametrize("who", ["vic", "vera", "tina", "sue"])
def test_measures_are_added_by_the_town_or_county_of_the_village(cast, world, who):
    with at(DAY), pytest.raises(NotAllowed):
        services.accountability_add(
            actor=cast[who], violation=world["violation"], kind="criticism_education",
            decided_on=DAY,
        )  # fmt: skip


@pytest.mark.parametrize("who", ["vic", "tom", "sue"])
def test_only_the_county_publishes_the_power_list(cast, who):
    with pytest.raises(NotAllowed):
        services.powerlist_publish(actor=cast[who], yaml_text="version: 1")
