"""Villagers on the roll for the villager-account tests, built with the registry's services.

- zhang (张三, VALID_IDS[0]) and li (李四, VALID_IDS[1]) are on the roll of village A1;
- wang (王五, VALID_IDS[2]) is registered in village A2 but on no roll;
- every other valid ID number (from :func:`make_id`) is on no roll at all.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from openvillage.accounts import sms
from openvillage.conftest import VALID_IDS
from openvillage.core.masking import id_check_character
from openvillage.org.services import household_create, person_create, roll_entry_add

PHONE = "13800138000"
OTHER_PHONE = "13900139000"


def make_id(sequence: int) -> str:
    """A valid ID number under the fictional prefix 990101, born 1970-01-01."""
    first17 = f"99010119700101{sequence:03d}"
    return first17 + id_check_character(first17)


def last_code() -> str:
    """The 6-digit code of the last text message in the locmem outbox."""
    return re.search(r"\b(\d{6})\b", sms.outbox[-1].body).group(1)


@pytest.fixture(autouse=True)
def empty_outbox():
    sms.outbox.clear()
    yield
    sms.outbox.clear()


def _on_roll(actor, village, name, id_number, number, born):
    person = person_create(
        actor=actor,
        village=village,
        name=name,
        gender="male",
        birth_date=born,
        id_number=id_number,
    )
    household = household_create(actor=actor, village=village, number=number)
    return roll_entry_add(
        actor=actor,
        household=household,
        person=person,
        relation="head",
        registration="registered_resident",
    )


@pytest.fixture
def roll(cast, village_a1, village_a2):
    vic = cast["vic"]
    zhang = _on_roll(vic, village_a1, "张三", VALID_IDS[0], "A1-001", date(1980, 1, 1))
    li = _on_roll(vic, village_a1, "李四", VALID_IDS[1], "A1-002", date(1985, 5, 5))
    person_create(
        actor=cast["vera"],
        village=village_a2,
        name="王五",
        gender="male",
        birth_date=date(1990, 12, 12),
        id_number=VALID_IDS[2],
    )
    return {"zhang": zhang, "li": li}
