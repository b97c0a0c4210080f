"""A villager signs up on the phone: name, ID number and mobile number checked against the roll,
a one-time code by text message (issue 5 item 1)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone, translation

from openvillage.accounts import sms, villagers
from openvillage.accounts.models import OneTimeCode, Villager
from openvillage.accounts.tests.conftest import PHONE, last_code, make_id
from openvillage.accounts.villagers import villager_signup_confirm, villager_signup_start
from openvillage.conftest import VALID_IDS
from openvillage.core.errors import InvalidInput, WrongState
from openvillage.core.models import AuditEntry
from openvillage.org.tests.test_people import dump_contains

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


def join(client, village, name, id_number, phone=PHONE):
    return client.post(
        f"/v/{village.code}/join/", {"name": name, "id_number": id_number, "phone": phone}, **EN
    )


def start(village, name="张三", id_number=VALID_IDS[0], phone=PHONE):
    return villager_signup_start(
        village=village, name=name, id_number=id_number, phone=phone, address="10.0.0.1"
    )


def test_a_villager_on_the_roll_signs_up_with_the_code_from_the_text_message(
    client, roll, village_a1
):
    response = join(client, village_a1, "张三", VALID_IDS[0])
    assert response.status_code == 302
    assert response["Location"] == f"/v/{village_a1.code}/join/confirm/"
    assert [m.to for m in sms.outbox] == [PHONE]
    page = client.get(response["Location"], **EN).content.decode()
    assert "If your details match the roll of Village A1, a code was sent to 138****8000" in page
    confirmed = client.post(response["Location"], {"code": last_code()}, **EN)
    assert confirmed.status_code == 302 and confirmed["Location"] == "/me/"
    me = client.get("/me/", **EN).content.decode()
    assert "张*" in me and "Village A1" in me and "张三" not in me
    villager = Villager.objects.get()
    assert villager.roll_entry == roll["zhang"] and villager.verified_by == "sms"
    assert client.session["villager_id"] == villager.pk
    assert "_auth_user_id" not in client.session  # a villager is not a staff user


def test_the_sms_verification_is_in_the_audit_log_with_the_phone_masked(roll, village_a1):
    ticket = start(village_a1)
    villager = villager_signup_confirm(ticket=ticket.ticket, code=last_code())
    entry = AuditEntry.objects.get(action="accounts.villager.verify_sms")
    assert entry.object_id == str(villager.pk) and entry.unit_path == village_a1.path
    assert entry.changes["phone"] == [None, "138****8000"] and entry.actor_label == "villager"


def test_a_wrong_code_is_refused_with_a_clear_message(client, roll, village_a1):
    join(client, village_a1, "张三", VALID_IDS[0])
    wrong = "000000" if last_code() != "000000" else "111111"
    response = client.post(f"/v/{village_a1.code}/join/confirm/", {"code": wrong}, **EN)
    assert response.status_code == 422
    assert "The code is wrong. You can try 4 more times." in response.content.decode()
    assert "villager_id" not in client.session


def test_after_five_wrong_codes_the_sixth_attempt_fails_even_with_the_right_code(roll, village_a1):
    ticket = start(village_a1)
    code = last_code()
    wrong = "000000" if code != "000000" else "111111"
    with translation.override("en"):
        for left in (4, 3, 2, 1):
            with pytest.raises(InvalidInput) as raised:
                villager_signup_confirm(ticket=ticket.ticket, code=wrong)
            assert raised.value.translated() == f"The code is wrong. You can try {left} more times."
        with pytest.raises(InvalidInput) as raised:
            villager_signup_confirm(ticket=ticket.ticket, code=wrong)
        assert "no longer works" in raised.value.translated()
        with pytest.raises(WrongState) as raised:
            villager_signup_confirm(ticket=ticket.ticket, code=code)
        assert raised.value.translated().startswith("This code has expired or no longer works.")
    assert OneTimeCode.objects.get().attempts == 5
    assert not Villager.objects.exists()


def test_a_code_expires_after_ten_minutes(roll, village_a1):
    ticket = start(village_a1)
    later = time_machine.travel(timezone.now() + timedelta(minutes=10, seconds=1))
    with later, pytest.raises(WrongState):
        villager_signup_confirm(ticket=ticket.ticket, code=last_code())


def test_a_code_works_only_once(roll, village_a1):
    ticket = start(village_a1)
    villager_signup_confirm(ticket=ticket.ticket, code=last_code())
    with pytest.raises(WrongState):
        villager_signup_confirm(ticket=ticket.ticket, code=last_code())


def _answer(client, village, name, id_number):
    posted = join(client, village, name, id_number)
    page = client.get(posted["Location"], **EN) if posted.status_code == 302 else posted
    return posted.status_code, posted.get("Location"), CSRF.sub(b"", page.content)


@pytest.mark.parametrize(
    ("name", "id_number"),
    [
        ("赵六", make_id(1)),  # an ID number on no roll at all
        ("王五", VALID_IDS[2]),  # registered in village A2, on no roll
        ("李三", VALID_IDS[0]),  # on the roll, but under another name
    ],
)
def test_details_that_match_no_roll_entry_get_the_same_answer_and_no_text_message(
    client, django_user_model, roll, village_a1, name, id_number
):
    from django.test import Client

    on_roll = _answer(Client(), village_a1, "李四", VALID_IDS[1])
    assert len(sms.outbox) == 1
    sms.outbox.clear()
    off_roll = _answer(client, village_a1, name, id_number)
    assert off_roll == on_roll
    assert sms.outbox == []
    # The confirmation refuses every code the same way as a wrong code.
    wrong = client.post(f"/v/{village_a1.code}/join/confirm/", {"code": "123456"}, **EN)
    assert b"The code is wrong. You can try 4 more times." in wrong.content


def test_an_id_on_the_roll_of_another_village_gets_the_same_answer(roll, village_a2):
    ticket = start(village_a2)
    assert sms.outbox == []
    with translation.override("en"):
        assert ticket.translated().startswith("If your details match the roll of Village A2")


def test_a_malformed_id_number_or_phone_is_refused_naming_the_field(client, roll, village_a1):
    bad_id = join(client, village_a1, "张三", VALID_IDS[0][:17] + "5")
    assert bad_id.status_code == 422 and b"check digit" in bad_id.content
    bad_phone = join(client, village_a1, "张三", VALID_IDS[0], phone="12345")
    assert bad_phone.status_code == 422 and b"A mobile number has 11 digits" in bad_phone.content
    assert sms.outbox == []


def test_a_gateway_failure_gives_the_same_answer(roll, village_a1, monkeypatch):
    def broken(to, body):
        raise OSError("gateway down")

    monkeypatch.setattr(sms, "send_sms", broken)
    ticket = start(village_a1)
    assert ticket.phone_masked == "138****8000"


def test_no_clear_id_number_or_code_is_stored_anywhere(client, roll, village_a1, monkeypatch):
    monkeypatch.setattr(villagers, "_new_code", lambda: "738192")
    join(client, village_a1, "张三", VALID_IDS[0])
    client.post(f"/v/{village_a1.code}/join/confirm/", {"code": "738192"}, **EN)
    join(client, village_a1, "赵六", make_id(7))
    assert Villager.objects.count() == 1
    assert dump_contains([*VALID_IDS, make_id(7), "738192"]) == []
