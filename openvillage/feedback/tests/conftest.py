"""Villagers, a village team and a published finance item for the message tests.

- zhang (张三) and li (李四): verified villagers of village A1; wu (吴六) of village A2;
- the secretary of A1 is 王书记 (a term of the branch committee);
- ``finance_item``: a monthly finance disclosure of A1, published by vic and approved by tom.
"""

from __future__ import annotations

import io
from datetime import date

import pytest
from PIL import Image

from openvillage.accounts.models import VerificationMethod, Villager
from openvillage.disclosure import services as disclosure
from openvillage.disclosure.tests.conftest import content, publish
from openvillage.feedback import services
from openvillage.org.services import household_create, person_create, roll_entry_add, term_start


def _villager(actor, village, name, number, phone):
    person = person_create(
        actor=actor, village=village, name=name, gender="male", birth_date=date(1980, 1, 1)
    )
    household = household_create(actor=actor, village=village, number=number)
    entry = roll_entry_add(
        actor=actor,
        household=household,
        person=person,
        relation="head",
        registration="registered_resident",
    )
    return Villager.objects.create(
        roll_entry=entry, village=village, phone=phone, verified_by=VerificationMethod.SMS
    )


@pytest.fixture
def zhang(cast, village_a1):
    return _villager(cast["vic"], village_a1, "张三", "A1-001", "13800138000")


@pytest.fixture
def li(cast, village_a1):
    return _villager(cast["vic"], village_a1, "李四", "A1-002", "13800138001")


@pytest.fixture
def wu(cast, village_a2):
    return _villager(cast["vera"], village_a2, "吴六", "A2-001", "13800138002")


@pytest.fixture
def secretary_term(cast, village_a1):
    person = person_create(
        actor=cast["vic"],
        village=village_a1,
        name="王书记",
        gender="male",
        birth_date=date(1970, 3, 3),
    )
    return term_start(
        actor=cast["vic"],
        village=village_a1,
        person=person,
        body="branch_committee",
        post="secretary",
        started_on=date(2021, 1, 1),
    )


@pytest.fixture
def finance_item(cast, village_a1):
    item = disclosure.item_create(actor=cast["vic"], village=village_a1, content=content())
    publish(item, cast["vic"], cast["tom"])
    item.refresh_from_db()
    return item


def post(villager, **kwargs):
    fields = {
        "village": villager.village,
        "kind": "question",
        "text": "请问上个月的账目为什么没有公开？",
    }
    fields.update(kwargs)
    return services.message_post(villager=villager, **fields)


def png_bytes(size=(8, 8)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 20, 30)).save(out, format="PNG")
    return out.getvalue()
