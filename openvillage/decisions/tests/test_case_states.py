"""The case's and the misconduct record's transition tables agree with the models; closing a
case goes through the table, is audited once and refuses any later step with the label."""

from __future__ import annotations

from datetime import date

import pytest

from openvillage.core.errors import WrongState
from openvillage.core.models import AuditEntry
from openvillage.decisions import services
from openvillage.decisions.models import CaseStatus, ViolationStatus
from openvillage.decisions.rules import states
from openvillage.decisions.tests.conftest import at, branch, joint, record

SEP = date(2026, 9, 1).replace


def test_the_tables_know_exactly_the_statuses_of_the_models():
    assert set(states.CASE.states) == set(CaseStatus.values)
    assert set(states.VIOLATION.states) == set(ViolationStatus.values)


def test_a_closed_case_takes_no_move():
    for closed in (states.COMPLETED, states.REJECTED):
        assert not any(states.CASE.allows(closed, action) for action in states.CASE.actions)


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


def test_rejecting_a_case_is_one_audited_move_and_then_no_step_is_accepted(cast, case):
    record(cast["vic"], case, branch(SEP(day=1)))
    record(cast["vic"], case, joint(SEP(day=2), yes=3))  # failed vote
    with at(SEP(day=3)):
        services.case_close(actor=cast["vic"], case=case, reason="plan withdrawn")
    entry = AuditEntry.objects.get(action="decisions.case.reject")
    assert entry.changes == {"status": ["open", "rejected"]}
    assert entry.note == "plan withdrawn" and entry.unit_path == case.unit_path
    with pytest.raises(WrongState) as caught:
        record(cast["vic"], case, branch(SEP(day=4)))
    assert caught.value.code == "case_closed" and "Rejected" in str(caught.value)
