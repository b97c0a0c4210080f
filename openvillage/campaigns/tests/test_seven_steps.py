"""Items move through the seven steps in order (G1), closure is checked from outside (G2)."""

from __future__ import annotations

from datetime import date

import pytest

from openvillage.campaigns import services
from openvillage.campaigns.models import Contract, Item, StepRecord
from openvillage.campaigns.rules import steps
from openvillage.core.errors import InvalidInput, NotAllowed, WrongState

from .conftest import contract_input


def step(code: str, **extra) -> services.StepInput:
    values = dict(step=code, done_on=date(2026, 5, 20), person="张会计", evidence="台账第3页")
    values.update(extra)
    return services.StepInput(**values)


@pytest.fixture
def item(cast, campaign, village_a1):
    contract = services.contract_save(actor=cast["vic"], village=village_a1, data=contract_input())
    return services.item_create(actor=cast["vic"], campaign=campaign, contract=contract)


def walk_to_negotiation(cast, item, lawyer):
    services.item_step(actor=cast["vic"], item=item, data=step(steps.INVENTORY))
    services.item_step(actor=cast["vic"], item=item, data=step(steps.FACT_CHECK))
    services.item_step(
        actor=lawyer, item=item,
        data=step(steps.CLASSIFICATION, opinion="律师意见：合同有效", cleanup_status="to_change"),
    )  # fmt: skip
    services.item_step(actor=cast["vic"], item=item, data=step(steps.PLAN_DECISION))
    services.item_step(actor=cast["vic"], item=item, data=step(steps.NEGOTIATION))


def test_a_step_out_of_order_is_refused_as_wrong_state(cast, item):
    with pytest.raises(WrongState):
        services.item_step(actor=cast["vic"], item=item, data=step(steps.FACT_CHECK))


def test_each_step_needs_a_person_and_evidence(cast, item):
    with pytest.raises(InvalidInput) as caught:
        services.item_step(actor=cast["vic"], item=item, data=step(steps.INVENTORY, evidence=" "))
    assert caught.value.field == "evidence"


def test_step_three_needs_the_legal_opinion_and_sets_the_cleanup_status(cast, item, lawyer):
    services.item_step(actor=cast["vic"], item=item, data=step(steps.INVENTORY))
    services.item_step(actor=cast["vic"], item=item, data=step(steps.FACT_CHECK))
    with pytest.raises(InvalidInput):
        services.item_step(actor=lawyer, item=item, data=step(steps.CLASSIFICATION))
    services.item_step(
        actor=lawyer, item=item,
        data=step(steps.CLASSIFICATION, opinion="应当变更", cleanup_status="to_change"),
    )  # fmt: skip
    assert Contract.objects.get(pk=item.contract_id).cleanup_status == "to_change"


def test_step_six_is_optional_and_a_town_officer_closes(cast, item, lawyer):
    walk_to_negotiation(cast, item, lawyer)
    services.item_step(actor=cast["tom"], item=item, data=step(steps.CLOSED))
    item.refresh_from_db()
    assert item.state == steps.CLOSED
    assert StepRecord.objects.filter(item=item).count() == 6
    assert Contract.objects.get(pk=item.contract_id).cleanup_status == "resolved"


def test_the_village_cannot_check_its_own_closure(cast, item, lawyer):
    walk_to_negotiation(cast, item, lawyer)
    with pytest.raises(NotAllowed):
        services.item_step(actor=cast["vic"], item=item, data=step(steps.CLOSED))
    assert Item.objects.get(pk=item.pk).state == steps.NEGOTIATION


def test_legal_action_comes_between_negotiation_and_closure(cast, item, lawyer):
    walk_to_negotiation(cast, item, lawyer)
    services.item_step(actor=cast["vic"], item=item, data=step(steps.LEGAL_ACTION))
    services.item_step(actor=cast["tom"], item=item, data=step(steps.CLOSED))
    assert Item.objects.get(pk=item.pk).state == steps.CLOSED


def test_step_four_opens_a_decision_case_under_the_power_list(cast, item, lawyer):
    from openvillage.decisions.models import Case

    services.item_step(actor=cast["vic"], item=item, data=step(steps.INVENTORY))
    services.item_step(actor=cast["vic"], item=item, data=step(steps.FACT_CHECK))
    services.item_step(
        actor=lawyer, item=item,
        data=step(steps.CLASSIFICATION, opinion="应当终止", cleanup_status="to_terminate"),
    )  # fmt: skip
    services.item_step(actor=cast["vic"], item=item, data=step(steps.PLAN_DECISION, open_case=True))
    item.refresh_from_db()
    case = Case.objects.get(pk=item.decision_case_id)
    assert case.village_id == item.village_id and case.power_code == "major_decision"
    assert Contract.objects.get(pk=item.contract_id).decision == "in_progress"


def test_the_transition_table_has_every_step_once_in_order():
    assert steps.next_steps(steps.REGISTERED) == (steps.INVENTORY,)
    assert steps.next_steps(steps.NEGOTIATION) == (steps.LEGAL_ACTION, steps.CLOSED)
    assert steps.next_steps(steps.CLOSED) == ()


def test_a_closed_item_submits_its_result_as_a_disclosure(cast, item, lawyer):
    from openvillage.disclosure.models import Item as Disclosure

    with pytest.raises(WrongState):
        services.item_result_submit(actor=cast["vic"], item=item)
    walk_to_negotiation(cast, item, lawyer)
    services.item_step(actor=cast["tom"], item=item, data=step(steps.CLOSED))
    pk = services.item_result_submit(actor=cast["vic"], item=item)
    published = Disclosure.objects.get(pk=pk)
    assert published.village_id == item.village_id and "HT-001" in published.title
    assert services.item_result_submit(actor=cast["vic"], item=item) == pk


def test_the_step_four_case_closing_sets_the_contracts_decision_and_its_flags(
    cast, item, lawyer, django_capture_on_commit_callbacks
):
    """The decisions services emit CASE_CLOSED after the commit; the contract's decision follows
    (completed: RF7 goes; rejected: no decision, RF7 stays)."""
    from django.db import transaction

    from openvillage.campaigns.models import RedFlag
    from openvillage.decisions.models import Case
    from openvillage.decisions.services import cases

    services.item_step(actor=cast["vic"], item=item, data=step(steps.INVENTORY))
    services.item_step(actor=cast["vic"], item=item, data=step(steps.FACT_CHECK))
    services.item_step(
        actor=lawyer, item=item,
        data=step(steps.CLASSIFICATION, opinion="应当变更", cleanup_status="to_change"),
    )  # fmt: skip
    services.item_step(actor=cast["vic"], item=item, data=step(steps.PLAN_DECISION, open_case=True))
    item.refresh_from_db()
    for status, decision, rf7 in (("completed", "completed", False), ("rejected", "none", True)):
        Case.objects.filter(pk=item.decision_case_id).update(status="open")  # to close it again
        case = Case.objects.get(pk=item.decision_case_id)
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            cases._close(cast["vic"], case, status, "")
        contract = Contract.objects.get(pk=item.contract_id)
        assert contract.decision == decision
        assert RedFlag.objects.filter(contract=contract, rule="RF7").exists() is rf7
