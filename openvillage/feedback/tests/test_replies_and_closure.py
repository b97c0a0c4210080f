"""Replies, satisfaction, reopening once within 15 days, closure for good (Q6, Q7)."""

import pytest
import time_machine

from openvillage.core.errors import InvalidInput, WrongState
from openvillage.feedback import selectors, services
from openvillage.feedback.models import Status
from openvillage.feedback.tests.conftest import post


@pytest.fixture
def replied(cast, zhang):
    with time_machine.travel("2026-03-02 09:00 +08:00", tick=False):
        message = post(zhang)
        services.message_reply(actor=cast["vic"], message=message, text="账目已于本月公开。")
    message.refresh_from_db()
    return message


def test_the_public_reply_shows_the_name_masked(client, replied, village_a1):
    page = client.get(f"/v/{village_a1.code}/messages/").content.decode()
    assert "张* ·" in page and "张三" not in page and "账目已于本月公开" in page


def test_a_private_message_is_not_public(cast, li, village_a1):
    message = post(li, private=True)
    services.message_reply(actor=cast["vic"], message=message, text="已答复")
    assert not selectors.public_messages(village=village_a1).filter(pk=message.pk).exists()


def test_notes_stay_private(client, cast, replied, village_a1):
    services.message_note(actor=cast["vic"], message=replied, text="内部备注：已核实")
    assert "内部备注" not in client.get(f"/v/{village_a1.code}/messages/").content.decode()


def test_reopen_within_15_days_goes_one_level_up(replied, zhang, town_a):
    with time_machine.travel("2026-03-17 09:00 +08:00", tick=False):
        services.message_rate(villager=zhang, message=replied, satisfaction=2)
        services.message_reopen(villager=zhang, message=replied, reason="还是没看到明细")
    replied.refresh_from_db()
    assert replied.status == Status.REOPENED and replied.assigned_unit == town_a


def test_no_reopen_after_15_days(replied, zhang):
    with (
        time_machine.travel("2026-03-18 09:00 +08:00", tick=False),
        pytest.raises(WrongState) as error,
    ):
        services.message_reopen(villager=zhang, message=replied, reason="再问")
    assert error.value.code == "closed"


def test_reopen_only_once(cast, replied, zhang):
    with time_machine.travel("2026-03-03 09:00 +08:00", tick=False):
        services.message_reopen(villager=zhang, message=replied, reason="不满意")
        services.message_reply(actor=cast["tom"], message=replied, text="镇里已核查")
        with pytest.raises(WrongState) as error:
            services.message_reopen(villager=zhang, message=replied, reason="还是不满意")
    assert error.value.code == "reopened_once"


def test_a_reply_after_closure_is_refused_with_a_clear_message(cast, replied):
    with (
        time_machine.travel("2026-03-20 09:00 +08:00", tick=False),
        pytest.raises(WrongState) as error,
    ):
        services.message_reply(actor=cast["vic"], message=replied, text="补充")
    assert "closed on 2026-03-17" in str(error.value)


def test_the_daily_job_closes_answered_messages_after_the_window(replied):
    with time_machine.travel("2026-03-18 09:00 +08:00", tick=False):
        counts = services.messages_daily()
    replied.refresh_from_db()
    assert counts["closed"] == 1 and replied.status == Status.CLOSED


def test_satisfaction_is_from_1_to_5(replied, zhang):
    with time_machine.travel("2026-03-03 09:00 +08:00", tick=False), pytest.raises(InvalidInput):
        services.message_rate(villager=zhang, message=replied, satisfaction=6)
