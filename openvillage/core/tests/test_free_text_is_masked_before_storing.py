"""Issue 11 §1: no free text keeps an ID, mobile or bank number in clear, and the writer is told.

A distinct valid ID number goes through every input a person types into; afterwards no table of
the database holds any of them (the dump of :func:`dump_contains`), drafts included.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from openvillage.accounts.models import VerificationMethod, Villager
from openvillage.accounts.villager_session import SESSION_KEY
from openvillage.accounts.villagers import villager_revoke
from openvillage.core.masking import id_check_character
from openvillage.core.text import clean_text, collect_masked, masked_notice
from openvillage.decisions import services as decisions
from openvillage.disclosure import services as disclosure
from openvillage.disclosure.tests.conftest import content
from openvillage.elections import services as elections
from openvillage.feedback import services as feedback
from openvillage.org.services import household_create, person_create, roll_entry_add
from openvillage.org.tests.test_people import dump_contains


def valid_id(n: int) -> str:
    """A distinct valid ID number under the fictional region 990101, born in 1970 + n."""
    first17 = f"990101{1970 + n}0101{n:03d}"
    return first17 + id_check_character(first17)


@pytest.fixture
def zhang(cast, village_a1):
    actor = cast["vic"]
    person = person_create(
        actor=actor, village=village_a1, name="张三", gender="male", birth_date=date(1980, 1, 1)
    )
    household = household_create(actor=actor, village=village_a1, number="A1-001")
    entry = roll_entry_add(
        actor=actor,
        household=household,
        person=person,
        relation="head",
        registration="registered_resident",
    )
    return Villager.objects.create(
        roll_entry=entry,
        village=village_a1,
        phone="13800138000",
        verified_by=VerificationMethod.SMS,
    )


def test_clean_text_masks_ids_mobiles_and_every_16_to_19_digit_run():
    text = f"身份证{valid_id(1)}，手机13912345678，卡号6222020200112233445，折子1234567890123456"
    cleaned = clean_text(text, field="text")
    assert valid_id(1) not in cleaned.text
    assert "990101********" in cleaned.text and "139****5678" in cleaned.text
    assert "6222020200112233445" not in cleaned.text and "1234567890123456" not in cleaned.text
    assert cleaned.masked == {"id_number": 1, "phone": 1, "bank_account": 2}


def test_the_writer_is_told_in_chinese_what_was_hidden(settings):
    from django.utils import translation

    with collect_masked() as found:
        clean_text(f"我的身份证号是{valid_id(2)}", field="text")
    with translation.override("zh-hans"):
        notice = masked_notice(found)
    assert "身份证号" in notice and "1" in notice


def test_no_table_holds_a_clear_id_number_sent_through_any_input(cast, village_a1, zhang):
    ids = [valid_id(n) for n in range(1, 16)]
    say = iter(f"我的身份证号是{number}，请核实" for number in ids)
    message = feedback.message_post(
        villager=zhang, village=village_a1, kind="question", text=next(say)
    )
    feedback.message_reply(actor=cast["vic"], message=message, text=next(say))
    feedback.message_note(actor=cast["vic"], message=message, text=next(say))
    feedback.message_hide(actor=cast["vic"], message=message, reason=next(say))
    people = ({"name": "李明", "note": next(say), "phone": "13912345678"},)
    disclosure.item_create(
        actor=cast["vic"],
        village=village_a1,
        content=content(body=f"<p>{next(say)}</p>", title=next(say)[:60], people=people),
    )
    decisions.case_open(
        actor=cast["vic"],
        village=village_a1,
        power_code=_a_power_code(),
        amount=1000,
        description=next(say),
    )
    general = elections.election_open(
        actor=cast["alice"], county=village_a1.parent.parent, name="2026", election_day=_day()
    )
    elections.talk_record(
        actor=cast["tom"],
        general=general,
        village=village_a1,
        person_name="王五",
        held_on=date.today(),
        summary=next(say),
        concerns=next(say),
    )
    elections.violation_report_file(
        actor=None,
        general=general,
        village=village_a1,
        violation_type=_a_violation_type(),
        description=next(say),
        evidence=next(say),
    )
    Client().post("/staff/login/", {"username": next(say), "password": "wrong"})
    villager_revoke(actor=cast["vic"], villager=zhang, reason=next(say))
    household_create(actor=cast["vic"], village=village_a1, number="A1-009", address=next(say))
    assert next(say, None) is None  # every number went through an input
    assert dump_contains(ids) == []


def test_a_villager_posting_an_id_number_is_told_it_was_hidden(village_a1, zhang):
    client = Client()
    session = client.session
    session[SESSION_KEY] = zhang.pk
    session.save()
    client.cookies["sessionid"] = session.session_key
    response = client.post(
        f"/v/{village_a1.code}/messages/new/",
        {"kind": "question", "text": f"我的身份证号是{valid_id(3)}，低保为什么没批？"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
        follow=True,
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "已隐去" in page and "身份证号" in page
    assert valid_id(3) not in page
    assert dump_contains([valid_id(3)]) == []


def _day() -> date:
    today = date.today()
    return date(today.year + 1, 6, 15)


def _a_power_code() -> str:
    from openvillage.decisions import store

    return store.parsed(store.current_version()).powers[0].code


def _a_violation_type() -> str:
    from openvillage.elections import data

    return data.violation_types()[0]["code"]


def test_the_data_migration_masks_free_text_stored_before(cast, village_a1, zhang):
    from importlib import import_module

    from django.apps import apps as django_apps

    from openvillage.feedback.models import Message

    message = feedback.message_post(
        villager=zhang, village=village_a1, kind="question", text="账目什么时候公开？"
    )
    Message.objects.filter(pk=message.pk).update(text=f"我的身份证号是{valid_id(20)}")
    migration = import_module("openvillage.core.migrations.0005_mask_free_text")
    migration.mask_free_text(django_apps, None)
    assert dump_contains([valid_id(20)]) == []
    assert "990101********" in Message.objects.get(pk=message.pk).text


def test_the_public_messages_page_and_api_never_show_the_number(client, cast, village_a1, zhang):
    message = feedback.message_post(
        villager=zhang, village=village_a1, kind="question", text=f"我的身份证号是{valid_id(30)}"
    )
    feedback.message_reply(
        actor=cast["vic"], message=message, text=f"已收到，您的号码{valid_id(30)}已核实"
    )
    page = client.get(f"/v/{village_a1.code}/messages/").content.decode()
    api = client.get(f"/api/v1/villages/{village_a1.code}/messages").content.decode()
    assert "990101********" in page + api
    assert valid_id(30) not in page and valid_id(30) not in api
