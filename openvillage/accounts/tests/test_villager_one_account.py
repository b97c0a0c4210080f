"""One account per roll entry; a second sign-up learns nothing, the holder is told."""

from __future__ import annotations

import pytest

from openvillage.accounts import sms
from openvillage.accounts.models import Villager
from openvillage.accounts.tests.conftest import OTHER_PHONE, PHONE, last_code
from openvillage.accounts.villagers import (
    villager_revoke,
    villager_signup_confirm,
    villager_signup_start,
)
from openvillage.conftest import VALID_IDS
from openvillage.core.crypto import unseal
from openvillage.core.errors import InvalidInput


def start(village, phone):
    return villager_signup_start(
        village=village, name="张三", id_number=VALID_IDS[0], phone=phone, address="10.0.0.2"
    )


@pytest.fixture
def zhang_account(roll, village_a1):
    ticket = start(village_a1, PHONE)
    villager = villager_signup_confirm(ticket=ticket.ticket, code=last_code())
    sms.outbox.clear()
    return villager


def test_an_already_verified_roll_entry_cannot_get_a_second_account(zhang_account, village_a1):
    ticket = start(village_a1, OTHER_PHONE)
    # The newcomer sees the usual answer; no code goes to their phone; the holder is warned.
    assert ticket.phone_masked == "139****9000"
    assert [m.to for m in sms.outbox] == [PHONE]
    assert "someone tried" in sms.outbox[0].body.lower() or "有人" in sms.outbox[0].body
    with pytest.raises(InvalidInput):
        villager_signup_confirm(ticket=ticket.ticket, code="123456")
    assert Villager.objects.count() == 1
    assert unseal(Villager.objects.get().phone_sealed) == PHONE


def test_the_same_phone_signs_in_again_to_the_same_account(zhang_account, village_a1):
    ticket = start(village_a1, PHONE)
    assert [m.to for m in sms.outbox] == [PHONE]
    again = villager_signup_confirm(ticket=ticket.ticket, code=last_code())
    assert again.pk == zhang_account.pk
    assert Villager.objects.count() == 1


def test_a_revoked_account_gets_no_code_and_no_new_account(zhang_account, village_a1, cast):
    villager_revoke(actor=cast["vic"], villager=zhang_account, reason="phone lost")
    ticket = start(village_a1, OTHER_PHONE)
    assert sms.outbox == []
    with pytest.raises(InvalidInput):
        villager_signup_confirm(ticket=ticket.ticket, code="123456")
    assert Villager.objects.count() == 1
