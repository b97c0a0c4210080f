"""Importing the villager roll: all or nothing, every bad row reported, idempotent."""

from datetime import date
from pathlib import Path

import pytest
from django.utils import translation
from openpyxl import Workbook, load_workbook

from openvillage.conftest import VALID_IDS
from openvillage.core.errors import NotAllowed
from openvillage.core.masking import id_check_character
from openvillage.core.models import AuditEntry
from openvillage.org.imports.export import export_roll
from openvillage.org.imports.service import import_file
from openvillage.org.imports.templates import KINDS
from openvillage.org.models import Household, Person, RollEntry
from openvillage.org.tests.test_people import dump_contains


@pytest.fixture(autouse=True)
def english():
    """Messages in English, the source language, so that tests can read them."""
    with translation.override("en"):
        yield


def valid_id(born: str, sequence: int) -> str:
    first17 = f"990101{born}{sequence:03d}"
    return first17 + id_check_character(first17)


def write_xlsx(path: Path, kind: str, rows: list[dict], header: list[str] | None = None) -> Path:
    """A file as a clerk fills it: the template's header and one row per dict (by column key)."""
    columns = KINDS[kind]
    book = Workbook()
    sheet = book.active
    sheet.append(header or [c.label for c in columns])
    for row in rows:
        sheet.append([row.get(c.key) for c in columns])
    book.save(path)
    return path


def member(number: str, name: str, born: date, relation: str, **over) -> dict:
    row = {
        "household_number": number,
        "village_group": "一组",
        "address": f"幸福路{number}号",
        "name": name,
        "gender": "男",
        "birth_date": born,
        "id_number": valid_id(f"{born:%Y%m%d}", 10 + len(name)),
        "relation": relation,
        "registration": "户籍在本村且居住",
    }
    return {**row, **over}


GOOD = [
    member("001", "张大山", date(1960, 3, 1), "户主"),
    member("001", "李桂兰", date(1962, 5, 9), "配偶", gender="女"),
    member("001", "张小明", date(1990, 8, 8), "子女"),
    member("002", "王建国", date(1955, 1, 20), "head", registration="registered_away"),
    member("002", "王芳", date(1985, 2, 2), "子女", gender="female", id_number=""),
]


def roll(tmp_path: Path, rows=GOOD, name="roll.xlsx") -> Path:
    return write_xlsx(tmp_path / name, "roll", rows)


def test_a_good_roll_creates_households_people_and_entries_with_one_audit_row(
    cast, village_a1, tmp_path
):
    result = import_file(
        actor=cast["vic"], kind="roll", village_or_unit=village_a1, uploaded_file=roll(tmp_path)
    )
    assert result.ok and result.rows == 5
    assert result.counts["households"]["created"] == 2
    assert result.counts["people"]["created"] == 5 and result.counts["roll"]["created"] == 5
    assert Household.objects.get(number="001").address == "幸福路001号"
    head = RollEntry.objects.get(household__number="002", relation="head")
    assert head.person.name == "王建国" and head.registration == "registered_away"
    assert Person.objects.get(name="王芳").id_hash is None
    entry = AuditEntry.objects.get()
    assert entry.action == "org.registry.import" and "roll.xlsx" in entry.note
    assert entry.changes["people.created"] == [None, 5]


def test_a_roll_file_with_three_bad_rows_imports_nothing_and_reports_exactly_those_rows(
    cast, village_a1, tmp_path
):
    rows = [*GOOD]
    rows[1] = {**rows[1], "id_number": rows[1]["id_number"][:-1] + "0"}  # wrong check digit
    rows[2] = {**rows[2], "registration": "在外打工"}
    rows[4] = {**rows[4], "birth_date": None}
    result = import_file(
        actor=cast["vic"],
        kind="roll",
        village_or_unit=village_a1,
        uploaded_file=roll(tmp_path, rows),
    )
    assert not result.ok
    assert [(e.row, e.column) for e in result.errors] == [
        (3, "身份证号 ID number"),
        (4, "户籍状态 registration status"),
        (6, "出生日期 birth date"),
    ]
    assert "check digit" in result.errors[0].message
    assert "在外打工" in result.errors[1].message
    assert "required" in result.errors[2].message
    assert Person.objects.count() == Household.objects.count() == RollEntry.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_reimporting_the_same_roll_file_changes_nothing(cast, village_a1, tmp_path):
    path = roll(tmp_path)
    import_file(actor=cast["vic"], kind="roll", village_or_unit=village_a1, uploaded_file=path)
    stamps = dict(Person.objects.values_list("pk", "updated_at"))
    again = import_file(
        actor=cast["vic"], kind="roll", village_or_unit=village_a1, uploaded_file=path
    )
    assert again.ok
    assert again.total("created") == again.total("updated") == 0
    assert again.counts["people"]["unchanged"] == 5 and again.counts["roll"]["unchanged"] == 5
    assert again.counts["households"]["unchanged"] == 2
    assert dict(Person.objects.values_list("pk", "updated_at")) == stamps
    assert AuditEntry.objects.filter(action="org.registry.import").count() == 2
    assert AuditEntry.objects.count() == 2


def test_a_changed_row_updates_that_person_and_nothing_else(cast, village_a1, tmp_path):
    import_file(
        actor=cast["vic"], kind="roll", village_or_unit=village_a1, uploaded_file=roll(tmp_path)
    )
    rows = [*GOOD]
    rows[2] = {**rows[2], "name": "张晓明", "registration": "户籍在本村但外出"}
    result = import_file(
        actor=cast["vic"],
        kind="roll",
        village_or_unit=village_a1,
        uploaded_file=roll(tmp_path, rows, "changed.xlsx"),
    )
    assert result.counts["people"] == {"created": 0, "updated": 1, "unchanged": 4}
    assert result.counts["roll"] == {"created": 0, "updated": 1, "unchanged": 4}
    assert Person.objects.get(name="张晓明").roll_entry.registration == "registered_away"


def test_an_exported_roll_reimports_without_changing_anything(cast, village_a1, tmp_path):
    import_file(
        actor=cast["vic"], kind="roll", village_or_unit=village_a1, uploaded_file=roll(tmp_path)
    )
    exported = tmp_path / "export.xlsx"
    exported.write_bytes(export_roll(village_a1))
    sheet = load_workbook(exported).active
    ids = [row[7] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "990101********" in ids[0] and None in ids
    result = import_file(
        actor=cast["vic"], kind="roll", village_or_unit=village_a1, uploaded_file=exported
    )
    assert result.ok, result.errors
    assert result.total("created") == result.total("updated") == 0


def test_a_second_head_of_one_household_is_refused_naming_the_first(cast, village_a1, tmp_path):
    rows = [*GOOD]
    rows[1] = {**rows[1], "relation": "户主"}
    result = import_file(
        actor=cast["vic"],
        kind="roll",
        village_or_unit=village_a1,
        uploaded_file=roll(tmp_path, rows),
    )
    assert [(e.row, e.column) for e in result.errors] == [(3, "与户主关系 relation to head")]
    assert "row 2" in result.errors[0].message


def test_a_head_can_be_handed_over_within_one_file(cast, village_a1, tmp_path):
    import_file(
        actor=cast["vic"], kind="roll", village_or_unit=village_a1, uploaded_file=roll(tmp_path)
    )
    rows = [*GOOD]
    rows[0] = {**rows[0], "relation": "父母"}
    rows[2] = {**rows[2], "relation": "户主"}
    result = import_file(
        actor=cast["vic"],
        kind="roll",
        village_or_unit=village_a1,
        uploaded_file=roll(tmp_path, rows, "handover.xlsx"),
    )
    assert result.ok, result.errors
    assert RollEntry.objects.get(household__number="001", relation="head").person.name == "张小明"


def test_the_same_person_twice_in_one_file_is_refused(cast, village_a1, tmp_path):
    rows = [*GOOD, {**GOOD[0], "household_number": "003"}]
    result = import_file(
        actor=cast["vic"],
        kind="roll",
        village_or_unit=village_a1,
        uploaded_file=roll(tmp_path, rows),
    )
    assert [(e.row, e.column) for e in result.errors] == [(7, "身份证号 ID number")]
    assert "row 2" in result.errors[0].message


def test_no_table_holds_a_clear_id_number_after_a_roll_import(cast, village_a1, tmp_path):
    rows = [
        member("001", "甲", date(1980, 1, 1), "户主", id_number=VALID_IDS[0]),
        member("001", "乙", date(1985, 5, 5), "配偶", id_number=VALID_IDS[1]),
        member("002", "丙", date(1990, 12, 12), "户主", id_number=VALID_IDS[2]),
    ]
    result = import_file(
        actor=cast["vic"],
        kind="roll",
        village_or_unit=village_a1,
        uploaded_file=roll(tmp_path, rows),
    )
    assert result.ok, result.errors
    assert Person.objects.filter(id_hash__isnull=False).count() == 3
    assert dump_contains(VALID_IDS) == []


def test_a_clerk_cannot_import_into_another_village(cast, village_a1, village_a2, tmp_path):
    with pytest.raises(NotAllowed):
        import_file(
            actor=cast["vera"],
            kind="roll",
            village_or_unit=village_a1,
            uploaded_file=roll(tmp_path),
        )
    rows = [{**row, "village_code": village_a1.code} for row in GOOD]
    result = import_file(
        actor=cast["vera"],
        kind="roll",
        village_or_unit=village_a2,
        uploaded_file=roll(tmp_path, rows, "other.xlsx"),
    )
    assert result.bad_rows == [2, 3, 4, 5, 6]
    assert {e.column for e in result.errors} == {"村代码 village code"}
    assert "not in Village A2" in result.errors[0].message
    assert Person.objects.count() == 0


def test_a_town_officer_imports_into_the_towns_villages_by_code(
    cast, village_a1, village_a2, village_b1, tmp_path, town_a
):
    rows = [{**row, "village_code": village_a2.code} for row in GOOD]
    rows[4] = {**rows[4], "village_code": village_b1.code}
    result = import_file(
        actor=cast["tom"],
        kind="roll",
        village_or_unit=town_a,
        uploaded_file=roll(tmp_path, rows),
    )
    assert result.bad_rows == [6]
    rows[4] = {**rows[4], "village_code": ""}
    result = import_file(
        actor=cast["tom"],
        kind="roll",
        village_or_unit=town_a,
        uploaded_file=roll(tmp_path, rows, "b.xlsx"),
    )
    assert result.bad_rows == [6] and "Give the village code" in result.errors[0].message
    result = import_file(
        actor=cast["tom"],
        kind="roll",
        village_or_unit=town_a,
        uploaded_file=roll(tmp_path, rows[:4], "c.xlsx"),
    )
    assert result.ok and Person.objects.filter(village=village_a2).count() == 4
