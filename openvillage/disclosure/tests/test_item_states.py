"""The item's transition table agrees with the model, and the services follow it."""

import pytest

from openvillage.core.errors import WrongState
from openvillage.disclosure.models import State
from openvillage.disclosure.rules import states


def test_the_table_knows_exactly_the_states_of_the_model():
    assert set(states.ITEM.states) == set(State.values)


@pytest.mark.parametrize(
    ("source", "action", "target"),
    [
        (states.DRAFT, "submit", states.SUBMITTED),
        (states.RETURNED, "submit", states.SUBMITTED),
        (states.SUBMITTED, "approve", states.APPROVED),
        (states.SUBMITTED, "return", states.RETURNED),
        (states.APPROVED, "publish", states.PUBLISHED),
        (states.PUBLISHED, "amend", states.DRAFT),
        (states.PUBLISHED, "withdraw", states.WITHDRAWN),
    ],
)
def test_each_step_of_the_workflow_leads_where_the_procedure_says(source, action, target):
    assert states.ITEM.target(source, action) == target


@pytest.mark.parametrize(
    ("source", "action"),
    [
        (states.SUBMITTED, "update"),
        (states.APPROVED, "submit"),
        (states.DRAFT, "publish"),
        (states.PUBLISHED, "approve"),
        (states.WITHDRAWN, "withdraw"),
        (states.WITHDRAWN, "amend"),
    ],
)
def test_what_the_procedure_forbids_is_not_in_the_table(source, action):
    assert not states.ITEM.allows(source, action)


def test_every_refusal_names_the_item():
    for action in states.ITEM.actions:
        assert "%(title)s" in states.ITEM.refusal(action)


def test_publishing_a_draft_is_refused_with_the_state_label_and_its_code(published, cast):
    from openvillage.disclosure import services
    from openvillage.disclosure.tests.conftest import content

    services.item_amend(actor=cast["vic"], item=published, reason="typo", content=content())
    with pytest.raises(WrongState) as caught:
        services.item_publish(actor=cast["vic"], item=published)
    assert caught.value.code == "not_approved"
    assert "Draft" in str(caught.value)
