"""Every spreadsheet the product writes holds text that looks like a formula as text (OWASP CSV
injection): a name such as ``=HYPERLINK(...)`` opens as those characters, never as a live link."""

import io

import pytest
from openpyxl import load_workbook

from openvillage.core.spreadsheet import looks_like_formula
from openvillage.org.imports.export import export_people, export_roll
from openvillage.org.imports.service import error_report, import_file
from openvillage.org.models import Household, Person, Unit
from openvillage.org.tests.test_import_roll import GOOD, roll, write_xlsx
from openvillage.web.tests.test_teams_overview import seat

HOSTILE = [
    '=HYPERLINK("http://evil.example/","x")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
]


def assert_no_formula_and_every_text_kept(content: bytes, expected: list[str]) -> None:
    book = load_workbook(io.BytesIO(content))
    seen = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (cell.coordinate, cell.value)
                seen.append(cell.value)
    for text in expected:
        assert text in seen, text


@pytest.fixture
def hostile_roll(cast, village_a1, tmp_path):
    import_file(
        actor=cast["vic"], kind="roll", village_or_unit=village_a1, uploaded_file=roll(tmp_path)
    )
    people = list(Person.objects.order_by("pk"))
    for person, text in zip(people, HOSTILE, strict=False):
        Person.objects.filter(pk=person.pk).update(name=text)
    Household.objects.update(address=HOSTILE[0])
    return people


def test_the_roll_export_holds_formula_like_names_as_text(hostile_roll, village_a1):
    assert_no_formula_and_every_text_kept(export_roll(village_a1), HOSTILE[: len(hostile_roll)])


def test_the_people_export_holds_formula_like_names_as_text(hostile_roll, village_a1):
    assert_no_formula_and_every_text_kept(export_people(village_a1), HOSTILE[: len(hostile_roll)])


def text_upload(path, rows):
    """A roll file whose cells are typed as text, as a clerk's Excel stores a typed ``=...``."""
    write_xlsx(path, "roll", rows)
    book = load_workbook(path)
    for line in book.active.iter_rows():
        for cell in line:
            if looks_like_formula(cell.value):
                cell.data_type = "s"
    book.save(path)
    return path


def test_the_error_report_copies_formula_like_cells_as_text(cast, village_a1, tmp_path):
    rows = [{**row, "name": text} for row, text in zip(GOOD, HOSTILE, strict=False)]
    rows[0] = {**rows[0], "gender": "未知"}  # one error, so that the report is written
    upload = text_upload(tmp_path / "roll.xlsx", rows)
    report = error_report(
        actor=cast["vic"], kind="roll", village_or_unit=village_a1, uploaded_file=upload
    )
    assert_no_formula_and_every_text_kept(report, [r["name"] for r in rows])


def test_the_teams_overview_export_holds_formula_like_names_as_text(client, cast, village_a1):
    Unit.objects.filter(pk=village_a1.pk).update(name=HOSTILE[0])
    seat(village_a1, "李明", "branch_committee", "secretary")
    client.force_login(cast["alice"])
    response = client.get("/staff/units/990100000000/teams/?format=xlsx")
    assert_no_formula_and_every_text_kept(response.content, [HOSTILE[0]])


def test_an_exported_formula_like_name_reimports_unchanged(
    hostile_roll, cast, village_a1, tmp_path
):
    # An import strips the spaces around a cell (a tab included), so compare the stripped name.
    Person.objects.filter(name="\t=1+1").update(name="=1+1")
    exported = tmp_path / "export.xlsx"
    exported.write_bytes(export_roll(village_a1))
    result = import_file(
        actor=cast["vic"], kind="roll", village_or_unit=village_a1, uploaded_file=exported
    )
    assert result.ok, result.errors
    assert result.total("created") == result.total("updated") == 0
