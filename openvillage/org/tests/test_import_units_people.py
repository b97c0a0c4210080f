"""Importing units, people and households: scope, upserts and the party rule."""

from datetime import date

from openvillage.conftest import VALID_IDS
from openvillage.core.models import AuditEntry
from openvillage.org.imports.export import export_people
from openvillage.org.imports.service import import_file
from openvillage.org.models import Person, Unit
from openvillage.org.tests.test_import_roll import english, write_xlsx  # noqa: F401
from openvillage.org.tests.test_people import dump_contains


def test_a_town_officer_adds_villages_to_the_town_and_not_elsewhere(cast, town_a, town_b, tmp_path):
    rows = [
        {"code": "990100001003", "name": "新村", "level": "村", "parent_code": town_a.code},
        {"code": "990100002009", "name": "别村", "level": "村", "parent_code": town_b.code},
        {"code": "990100001104", "name": "错村", "level": "村", "parent_code": town_a.code},
    ]
    path = write_xlsx(tmp_path / "units.xlsx", "units", rows)
    result = import_file(
        actor=cast["tom"], kind="units", village_or_unit=town_a, uploaded_file=path
    )
    assert result.bad_rows == [3]
    assert "not under Town A" in result.errors[0].message
    path = write_xlsx(tmp_path / "units2.xlsx", "units", [rows[0]])
    result = import_file(
        actor=cast["tom"], kind="units", village_or_unit=town_a, uploaded_file=path
    )
    assert result.ok and result.counts["units"]["created"] == 1
    village = Unit.objects.get(code="990100001003")
    assert village.path == f"{town_a.path}990100001003/" and village.kind == "village"


def test_a_clerk_cannot_add_units(cast, village_a1, tmp_path):
    rows = [{"code": "990100001009", "name": "新村", "level": "村", "parent_code": "990100001000"}]
    path = write_xlsx(tmp_path / "units.xlsx", "units", rows)
    result = import_file(
        actor=cast["vic"], kind="units", village_or_unit=village_a1, uploaded_file=path
    )
    assert result.bad_rows == [2] and Unit.objects.filter(code="990100001009").count() == 0


def test_people_are_imported_with_the_party_rule_and_no_clear_id(cast, village_a1, tmp_path):
    rows = [
        {
            "name": "李明",
            "gender": "男",
            "birth_date": date(1980, 1, 1),
            "id_number": VALID_IDS[0],
            "party_status": "正式党员",
            "party_joined_on": date(2005, 7, 1),
            "education": "本科",
        },
        {
            "name": "王芳",
            "gender": "女",
            "birth_date": date(1985, 5, 5),
            "id_number": VALID_IDS[1],
            "party_status": "full",
        },
    ]
    path = write_xlsx(tmp_path / "people.xlsx", "people", rows)
    result = import_file(
        actor=cast["vic"], kind="people", village_or_unit=village_a1, uploaded_file=path
    )
    assert [(e.row, e.column) for e in result.errors] == [(3, "入党日期 joined the party on")]
    rows[1]["party_status"] = "群众"
    path = write_xlsx(tmp_path / "people2.xlsx", "people", rows)
    result = import_file(
        actor=cast["vic"], kind="people", village_or_unit=village_a1, uploaded_file=path
    )
    assert result.ok and result.counts["people"]["created"] == 2
    assert Person.objects.get(name="李明").education == "bachelor"
    assert dump_contains(VALID_IDS) == []


def test_an_exported_people_file_reimports_unchanged(cast, village_a1, tmp_path):
    rows = [
        {
            "name": "李明",
            "gender": "男",
            "birth_date": date(1980, 1, 1),
            "id_number": VALID_IDS[0],
            "phone": "13812345678",
        }
    ]
    path = write_xlsx(tmp_path / "people.xlsx", "people", rows)
    import_file(actor=cast["vic"], kind="people", village_or_unit=village_a1, uploaded_file=path)
    exported = tmp_path / "export.xlsx"
    exported.write_bytes(export_people(village_a1))
    result = import_file(
        actor=cast["vic"], kind="people", village_or_unit=village_a1, uploaded_file=exported
    )
    assert result.ok, result.errors
    assert result.counts["people"] == {"created": 0, "updated": 0, "unchanged": 1}
    assert AuditEntry.objects.filter(action="org.registry.import").count() == 2


def test_an_id_number_from_another_village_is_refused(cast, village_a1, village_a2, tmp_path):
    row = {
        "name": "李明",
        "gender": "男",
        "birth_date": date(1980, 1, 1),
        "id_number": VALID_IDS[0],
    }
    path = write_xlsx(tmp_path / "people.xlsx", "people", [row])
    import_file(actor=cast["vic"], kind="people", village_or_unit=village_a1, uploaded_file=path)
    result = import_file(
        actor=cast["vera"], kind="people", village_or_unit=village_a2, uploaded_file=path
    )
    assert [(e.row, e.column) for e in result.errors] == [(2, "身份证号 ID number")]
    assert "registered in another village" in result.errors[0].message
