"""The message's transition table agrees with the model; the daily closure is checked and
audited like a single move."""

import pytest
import time_machine

from openvillage.core.models import AuditEntry
from openvillage.feedback import services
from openvillage.feedback.models import Message, Status
from openvillage.feedback.rules import states
from openvillage.feedback.tests.conftest import post


def test_the_table_knows_exactly_the_statuses_of_the_model():
    assert set(states.MESSAGE.states) == set(Status.values)


@pytest.mark.parametrize(
    ("source", "action", "target"),
    [
        (states.OPEN, "reply", states.REPLIED),
        (states.REOPENED, "reply", states.REPLIED),
        (states.REPLIED, "reopen", states.REOPENED),
        (states.REPLIED, "close", states.CLOSED),
        (states.CLOSED, "reply", None),
        (states.CLOSED, "reopen", None),
        (states.OPEN, "rate", None),
        (states.OPEN, "close", None),
    ],
)
def test_each_move_of_a_message(source, action, target):
    assert states.MESSAGE.target(source, action) == target


def test_the_daily_job_closes_only_answered_messages_and_audits_each(cast, zhang, li):
    with time_machine.travel("2026-03-02 09:00 +08:00", tick=False):
        answered = post(zhang)
        services.message_reply(actor=cast["vic"], message=answered, text="已答复")
        waiting = post(li)
    with time_machine.travel("2026-03-18 09:00 +08:00", tick=False):
        assert services.messages_daily()["closed"] == 1
    assert Message.objects.get(pk=answered.pk).status == Status.CLOSED
    assert Message.objects.get(pk=waiting.pk).status == Status.OPEN
    entry = AuditEntry.objects.get(action="feedback.message.close")
    assert (entry.object_id, entry.changes) == (str(answered.pk), {"status": ["replied", "closed"]})
    assert entry.unit_path == answered.village_path


def test_a_reply_moves_the_status_and_is_audited_once(cast, zhang):
    message = post(zhang)
    services.message_reply(actor=cast["vic"], message=message, text="已答复")
    entry = AuditEntry.objects.get(action="feedback.message.reply")
    assert entry.changes["status"] == ["open", "replied"]
    assert entry.unit_path == message.village_path
