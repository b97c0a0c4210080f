"""Rate limits on codes and sign-up attempts: per phone, per ID number and per address."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import override_settings
from django.utils import timezone

from openvillage.accounts import sms
from openvillage.accounts.tests.conftest import PHONE, make_id
from openvillage.accounts.villagers import TooManyAttempts, villager_signup_start
from openvillage.conftest import VALID_IDS


def start(village, *, id_number=VALID_IDS[0], phone=PHONE, address="10.0.0.3"):
    return villager_signup_start(
        village=village, name="张三", id_number=id_number, phone=phone, address=address
    )


def test_five_codes_per_phone_per_hour_then_a_wait(roll, village_a1):
    for n in range(5):
        start(village_a1, id_number=make_id(n + 1))
    with pytest.raises(TooManyAttempts):
        start(village_a1, id_number=VALID_IDS[0])
    assert sms.outbox == []  # none of the five matched the roll
    with time_machine.travel(timezone.now() + timedelta(minutes=61)):
        start(village_a1, id_number=VALID_IDS[0])
    assert len(sms.outbox) == 1


def test_five_attempts_per_id_number_per_day(roll, village_a1):
    for n in range(5):
        start(village_a1, phone=f"1380000000{n}")
    with pytest.raises(TooManyAttempts):
        start(village_a1, phone="13800000009")
    later = time_machine.travel(timezone.now() + timedelta(hours=23))
    with later, pytest.raises(TooManyAttempts):
        start(village_a1, phone="13800000009")
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        start(village_a1, phone="13800000009")


@override_settings(VILLAGER_SIGNUPS_PER_ADDRESS_PER_HOUR=3)
def test_attempts_per_address_per_hour(roll, village_a1):
    for n in range(3):
        start(village_a1, id_number=make_id(n + 1), phone=f"1390000000{n}")
    with pytest.raises(TooManyAttempts):
        start(village_a1, id_number=make_id(9), phone="13900000009")
    start(village_a1, id_number=make_id(9), phone="13900000009", address="10.0.0.4")


def test_an_id_number_on_no_roll_is_limited_like_one_on_a_roll(roll, village_a1):
    # Otherwise the limit itself would tell which ID numbers are on a roll.
    for n in range(5):
        start(village_a1, id_number=make_id(1), phone=f"1380000000{n}")
    with pytest.raises(TooManyAttempts):
        start(village_a1, id_number=make_id(1), phone="13800000009")


def test_the_page_answers_429_with_a_clear_message(client, roll, village_a1):
    data = {"name": "张三", "id_number": VALID_IDS[0], "phone": PHONE}
    for _ in range(5):
        client.post(f"/v/{village_a1.code}/join/", data)
    response = client.post(f"/v/{village_a1.code}/join/", data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 429
    assert "Too many attempts. Please wait an hour and try again." in response.content.decode()
