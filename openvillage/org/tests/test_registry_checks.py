"""The registry checks a clerk expects (issue 12, item 3): the birth date agrees with the ID
number and is not in the future, and a mobile phone has 11 digits starting 13-19. Each refusal
names the field; an import reports every bad row and writes nothing."""

from __future__ import annotations

from datetime import date

import pytest

from openvillage.conftest import VALID_IDS
from openvillage.core.errors import InvalidInput
from openvillage.org import rules, services
from openvillage.org.imports.service import import_file
from openvillage.org.models import Person
from openvillage.org.tests.test_import_roll import write_xlsx

TODAY = date(2026, 5, 1)
BORN = date(1980, 1, 1)  # the birth date in VALID_IDS[0]


@pytest.mark.parametrize(
    ("birth", "id_number", "phone", "fields"),
    [
        (BORN, VALID_IDS[0], "13812345678", []),
        (BORN, "", "", []),
        (date(1980, 1, 2), VALID_IDS[0], "", ["birth_date"]),
        (date(2026, 5, 2), "", "", ["birth_date"]),  # tomorrow
        (TODAY, "", "", []),  # born today is not the future
        (BORN, "", "1381234", ["phone"]),  # 7 digits
        (BORN, "", "12812345678", ["phone"]),  # 12x is not a mobile range
        (BORN, "", "138 1234 5678", []),
        (BORN, "", "+86 138-1234-5678", []),
        (BORN, "", "138****5678", []),  # the mask a form shows back: unchanged
        (BORN, "", "1381234567a", ["phone"]),
        (date(2030, 1, 1), VALID_IDS[0], "123", ["birth_date", "birth_date", "phone"]),
    ],
)
def test_person_problems_name_each_field_that_fails(birth, id_number, phone, fields):
    problems = rules.person_problems(
        birth_date=birth, id_number=id_number, phone=phone, today=TODAY
    )
    assert [p[0] for p in problems] == fields


def test_the_mobile_number_is_stored_without_separators_or_country_code():
    assert rules.normalize_mobile("+86 138-1234-5678") == "13812345678"
    assert rules.normalize_mobile("8613812345678") == "13812345678"


def test_a_birth_date_contradicting_the_id_number_is_refused_on_the_birth_date(cast, village_a1):
    with pytest.raises(InvalidInput) as refused:
        services.person_create(
            actor=cast["vic"],
            village=village_a1,
            name="李明",
            gender="male",
            birth_date=date(1981, 1, 1),
            id_number=VALID_IDS[0],
        )
    assert refused.value.field == "birth_date"
    assert "1980-01-01" in refused.value.render(refused.value.message)
    assert not Person.objects.filter(name="李明").exists()


def test_a_seven_digit_phone_is_refused_on_create_and_update(cast, village_a1):
    with pytest.raises(InvalidInput) as refused:
        services.person_create(
            actor=cast["vic"],
            village=village_a1,
            name="李明",
            gender="male",
            birth_date=BORN,
            phone="1381234",
        )
    assert refused.value.field == "phone"
    person = services.person_create(
        actor=cast["vic"], village=village_a1, name="李明", gender="male", birth_date=BORN
    )
    with pytest.raises(InvalidInput):
        services.person_update(actor=cast["vic"], person=person, phone="1381234")
    with pytest.raises(InvalidInput) as future:
        services.person_update(actor=cast["vic"], person=person, birth_date=date(2999, 1, 1))
    assert future.value.field == "birth_date"


def test_the_person_form_shows_the_refusal_under_the_field_in_chinese(cast, village_a1, client):
    client.force_login(cast["vic"])
    page = client.post(
        f"/staff/units/{village_a1.code}/people/add/",
        {
            "name": "李明",
            "gender": "male",
            "birth_date": "1981-01-01",
            "id_number": VALID_IDS[0],
            "phone": "1381234",
            "party_status": "none",
        },
        HTTP_ACCEPT_LANGUAGE="zh-CN",
    )
    text = page.content.decode()
    assert page.status_code == 200, page.status_code
    assert "身份证" in text and "出生日期" in text
    assert not Person.objects.filter(name="李明").exists()


def test_an_import_reports_every_bad_row_and_writes_nothing(cast, village_a1, tmp_path):
    rows = [
        {"name": "甲", "gender": "男", "birth_date": BORN, "id_number": VALID_IDS[0]},
        {"name": "乙", "gender": "女", "birth_date": date(1986, 5, 5), "id_number": VALID_IDS[1]},
        {"name": "丙", "gender": "男", "birth_date": date(2999, 1, 1)},
        {"name": "丁", "gender": "男", "birth_date": BORN, "phone": "1381234"},
    ]
    path = write_xlsx(tmp_path / "people.xlsx", "people", rows)
    result = import_file(
        actor=cast["vic"], kind="people", village_or_unit=village_a1, uploaded_file=path
    )
    assert result.bad_rows == [3, 4, 5]
    assert Person.objects.filter(village=village_a1).count() == 0
