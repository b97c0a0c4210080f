from datetime import date

import pytest
from django.db import connection

from openvillage.conftest import VALID_IDS
from openvillage.core.errors import InvalidInput
from openvillage.core.models import AuditEntry
from openvillage.org import services


def test_an_id_number_is_stored_only_as_hash_and_mask(cast, village_a1):
    person = services.person_create(
        actor=cast["vic"],
        village=village_a1,
        name="李明",
        gender="male",
        birth_date=date(1980, 1, 1),
        id_number=VALID_IDS[0],
    )
    assert person.id_masked == "990101********0014"
    assert len(person.id_hash) == 64 and VALID_IDS[0] not in person.id_hash


def test_an_id_number_with_a_wrong_check_digit_is_refused_naming_the_field(cast, village_a1):
    wrong = VALID_IDS[0][:-1] + "5"
    with pytest.raises(InvalidInput) as err:
        services.person_create(
            actor=cast["vic"],
            village=village_a1,
            name="李明",
            gender="male",
            birth_date=date(1980, 1, 1),
            id_number=wrong,
        )
    assert err.value.field == "id_number"
    assert "check digit" in str(err.value)


def test_the_same_id_number_cannot_be_registered_twice(cast, village_a1):
    kw = dict(actor=cast["vic"], village=village_a1, gender="male", birth_date=date(1980, 1, 1))
    services.person_create(name="李明", id_number=VALID_IDS[0], **kw)
    with pytest.raises(InvalidInput, match="already registered"):
        services.person_create(name="李明二", id_number=VALID_IDS[0].lower(), **kw)


def test_a_party_member_needs_a_joining_date(cast, village_a1):
    with pytest.raises(InvalidInput) as err:
        services.person_create(
            actor=cast["vic"],
            village=village_a1,
            name="王芳",
            gender="female",
            birth_date=date(1990, 1, 1),
            party_status="full",
        )
    assert err.value.field == "party_joined_on"


def test_no_table_holds_a_clear_id_number_after_people_are_registered(cast, village_a1):
    for n, number in enumerate(VALID_IDS):
        p = services.person_create(
            actor=cast["vic"],
            village=village_a1,
            name=f"村民{n}",
            gender="male",
            # The birth date in the ID number (issue 12: the two must agree).
            birth_date=date(int(number[6:10]), int(number[10:12]), int(number[12:14])),
        )
        services.person_update(actor=cast["vic"], person=p, id_number=number)
    found = dump_contains(VALID_IDS)
    assert found == []
    assert AuditEntry.objects.filter(action="org.person.update").count() == 3


def dump_contains(needles: list[str]) -> list[str]:
    """Every table, every text column, every row: where does any needle appear?"""
    hits = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 (table names from the schema)
            for row in cursor.fetchall():
                text = " ".join(str(v) for v in row)
                hits += [f"{table}: {n}" for n in needles if n in text or n[:17] in text]
    return hits
