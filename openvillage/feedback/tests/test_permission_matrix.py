"""Every staff write, for every role of the cast, on a question routed to village A1."""

import pytest

from openvillage.core.errors import NotAllowed, NotFound
from openvillage.feedback import services
from openvillage.feedback.tests.conftest import post

ALLOWED = {"alice", "tom", "vic", "sam"}
EVERYONE = ["alice", "cora", "tom", "tina", "vic", "vera", "bill", "sam", "sue", "oscar"]


def _writes(cast, message, town_a):
    return {
        "reply": lambda u: services.message_reply(actor=u, message=message, text="答复"),
        "note": lambda u: services.message_note(actor=u, message=message, text="备注"),
        "topic": lambda u: services.topic_correct(actor=u, message=message, topic="finance"),
        "hide": lambda u: services.message_hide(actor=u, message=message, reason="辱骂"),
        "reassign": lambda u: services.message_reassign(
            actor=u, message=message, unit=town_a, reason="转镇"
        ),
    }


@pytest.mark.parametrize("write", ["reply", "note", "topic", "hide", "reassign"])
@pytest.mark.parametrize("name", EVERYONE)
def test_who_may_write(cast, zhang, town_a, name, write):
    message = post(zhang)
    action = _writes(cast, message, town_a)[write]
    if name in ALLOWED:
        action(cast[name])
    else:
        with pytest.raises((NotAllowed, NotFound)):
            action(cast[name])


def test_a_villager_rates_only_their_own_message(cast, zhang, li):
    message = post(zhang)
    services.message_reply(actor=cast["vic"], message=message, text="答复")
    with pytest.raises(NotAllowed):
        services.message_rate(villager=li, message=message, satisfaction=5)
