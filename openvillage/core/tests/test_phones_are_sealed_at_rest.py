"""Issue 11 §4: phones, bank accounts and contacts are encrypted at rest, masked for display.

Every table is dumped after a villager signs up by text message, the clerk registers people with
phones, verifies a villager in person, writes a welfare list with phones and bank accounts, and
a reporter leaves a contact: no clear number is found, yet the numbers can be used again.
"""

from __future__ import annotations

from datetime import date

from openvillage.accounts import sms, villagers
from openvillage.accounts.models import OneTimeCode, SignupAttempt, Villager
from openvillage.accounts.tests.conftest import empty_outbox, roll  # noqa: F401 (fixtures)
from openvillage.conftest import VALID_IDS
from openvillage.core.crypto import lookup_hash, protect_phone, seal_existing, unseal
from openvillage.core.models import AuditEntry
from openvillage.disclosure import services as disclosure
from openvillage.disclosure.tests.conftest import content
from openvillage.elections import services as elections
from openvillage.org import services as org
from openvillage.org.models import Person
from openvillage.org.tests.test_people import dump_contains

SIGNUP_PHONE = "13800138000"
PERSON_PHONE = "15912345678"
NEW_PHONE = "18611112222"
IN_PERSON_PHONE = "17700001111"
LIST_PHONE = "13698765432"
BANK = "6222021234567890123"
CONTACT = "电话 13355557777"
NUMBERS = [SIGNUP_PHONE, PERSON_PHONE, NEW_PHONE, IN_PERSON_PHONE, LIST_PHONE, BANK, "13355557777"]


def _sign_up(client, village, name, id_number, phone):
    client.post(f"/v/{village.code}/join/", {"name": name, "id_number": id_number, "phone": phone})
    code = sms.outbox[-1].body
    code = next(word for word in code.split() if word.strip("。.,，").isdigit()).strip("。.,，")
    client.post(f"/v/{village.code}/join/confirm/", {"code": code})


def test_no_table_holds_a_clear_phone_bank_account_or_contact(
    client,
    cast,
    roll,  # noqa: F811 (the fixture imported above)
    village_a1,
):
    _sign_up(client, village_a1, "张三", VALID_IDS[0], SIGNUP_PHONE)
    assert Villager.objects.count() == 1
    person = org.person_create(
        actor=cast["vic"],
        village=village_a1,
        name="赵七",
        gender="female",
        birth_date=date(1975, 3, 3),
        phone=PERSON_PHONE,
    )
    org.person_update(actor=cast["vic"], person=person, phone=NEW_PHONE)
    villagers.villager_verify_in_person(
        actor=cast["vic"], roll_entry=roll["li"], phone=IN_PERSON_PHONE
    )
    people = ({"name": "张三", "phone": LIST_PHONE, "bank_account": BANK, "amount_fen": 100},)
    disclosure.item_create(
        actor=cast["vic"],
        village=village_a1,
        content=content(matter="subsidies_and_relief", statement=None, people=people),
    )
    general = elections.election_open(
        actor=cast["alice"],
        county=village_a1.parent.parent,
        name="2027",
        election_day=date(2027, 6, 15),
    )
    elections.violation_report_file(
        actor=None,
        general=general,
        village=village_a1,
        violation_type="bribery",
        description="有人请客拉票",
        reporter_contact=CONTACT,
    )
    assert dump_contains(NUMBERS) == []
    person.refresh_from_db()
    assert (person.phone, unseal(person.phone_sealed)) == ("186****2222", NEW_PHONE)
    assert AuditEntry.objects.filter(action="org.person.update").exists()


def test_a_villager_signing_in_again_with_the_same_phone_is_found_by_its_keyed_hash(
    client,
    roll,  # noqa: F811 (the fixture imported above)
    village_a1,
):
    _sign_up(client, village_a1, "张三", VALID_IDS[0], SIGNUP_PHONE)
    villager = Villager.objects.get()
    assert villager.phone == "138****8000" and villager.phone_hash == lookup_hash(SIGNUP_PHONE)
    assert unseal(villager.phone_sealed) == SIGNUP_PHONE
    sms.outbox.clear()
    villagers.villager_signup_start(
        village=village_a1, name="张三", id_number=VALID_IDS[0], phone=SIGNUP_PHONE
    )
    assert sms.outbox[-1].to == SIGNUP_PHONE  # the code goes to the phone, taken from the seal
    assert SignupAttempt.objects.filter(phone_hash=lookup_hash(SIGNUP_PHONE)).count() == 2
    assert OneTimeCode.objects.filter(phone_hash=lookup_hash(SIGNUP_PHONE)).count() == 2


def test_the_data_migration_seals_phones_stored_in_clear(cast, village_a1):
    person = org.person_create(
        actor=cast["vic"],
        village=village_a1,
        name="钱八",
        gender="male",
        birth_date=date(1960, 1, 1),
    )
    Person.objects.filter(pk=person.pk).update(phone=PERSON_PHONE)  # as stored before the fix
    assert seal_existing(Person, "phone") == 1
    assert seal_existing(Person, "phone") == 0  # a second run changes nothing
    person.refresh_from_db()
    assert person.phone == "159****5678" and unseal(person.phone_sealed) == PERSON_PHONE
    assert person.phone_hash == protect_phone(PERSON_PHONE).hash
    assert dump_contains([PERSON_PHONE]) == []


def test_the_audit_log_masks_any_number_it_is_given_but_not_a_hash(cast, village_a1):
    from openvillage.core.audit import audit_log

    digest = "ab" + "1234567890123456" + "cd" * 23
    entry = audit_log(
        actor=cast["vic"],
        action="org.person.update",
        unit_path=village_a1.path,
        changes={"phone": ["", PERSON_PHONE], "id": [VALID_IDS[1], ""]},
        note=f"卡号 {BANK} sha256 {digest}",
    )
    entry.refresh_from_db()
    assert entry.changes == {"phone": ["", "159****5678"], "id": ["990101********0028", ""]}
    assert BANK not in entry.note and digest in entry.note


def test_the_data_migration_masks_audit_rows_written_in_clear(cast, village_a1):
    from importlib import import_module

    from django.apps import apps as django_apps

    migration = import_module("openvillage.core.migrations.0004_mask_audit_personal_numbers")
    AuditEntry.objects.create(
        action="old.write", changes={"phone": [None, PERSON_PHONE]}, note=f"ID {VALID_IDS[2]}"
    )
    migration.mask_audit_rows(django_apps, None)
    assert dump_contains([PERSON_PHONE, VALID_IDS[2]]) == []


def test_saving_the_person_form_with_the_masked_phone_keeps_the_phone(client, cast, village_a1):
    person = org.person_create(
        actor=cast["vic"],
        village=village_a1,
        name="孙九",
        gender="male",
        birth_date=date(1966, 6, 6),
        phone=PERSON_PHONE,
    )
    client.force_login(cast["vic"])
    form = client.get(f"/staff/people/{person.pk}/edit/").content.decode()
    assert "159****5678" in form and PERSON_PHONE not in form
    org.person_update(actor=cast["vic"], person=person, phone="159****5678", name="孙九九")
    person.refresh_from_db()
    assert person.name == "孙九九" and unseal(person.phone_sealed) == PERSON_PHONE
