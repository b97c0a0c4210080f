"""`openvillage demo` gives the trial villagers' messages, most of them answered."""

from __future__ import annotations

import pytest

from openvillage.disclosure.demo import build_demo_disclosures
from openvillage.feedback.demo import build_demo_messages
from openvillage.feedback.models import Message, Reply
from openvillage.org.demo import build_demo


@pytest.mark.django_db
def test_the_demo_village_has_messages_with_replies_and_some_waiting():
    build_demo(seed=2026, villages=1, households_per_village=20)
    build_demo_disclosures(seed=2026, villages=1)
    counts = build_demo_messages()
    assert counts == {"messages": 7, "replied": 5}
    assert Reply.objects.count() == 5
    assert Message.objects.exclude(item=None).exists()  # questions about published items
    assert Message.objects.filter(replies=None).count() == 2
