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


@pytest.mark.django_db
def test_the_printed_villager_to_sign_up_as_has_no_account_yet():
    import re
    from io import StringIO

    from django.core.management import call_command

    from openvillage.accounts.models import Villager
    from openvillage.core.idnumbers import id_hash
    from openvillage.org.models import RollEntry

    out = StringIO()
    call_command("demo", "--villages", "1", "--households", "20", "--disclosure-villages", "1",
                 stdout=out)  # fmt: skip
    assert "Demo messages in the first village" in out.getvalue()
    number = re.search(r"ID number (\w{18})", out.getvalue()).group(1)
    entry = RollEntry.objects.get(person__id_hash=id_hash(number))
    assert not Villager.objects.filter(roll_entry=entry).exists()
