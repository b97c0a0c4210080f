"""The import files themselves: templates, headers, CSV encodings, the error report."""

import io

import pytest
from openpyxl import load_workbook

from openvillage.core.errors import InvalidInput
from openvillage.org.imports.service import error_report, import_file
from openvillage.org.imports.templates import KINDS, csv_template, xlsx_template
from openvillage.org.models import Household, Person
from openvillage.org.tests.test_import_roll import GOOD, english, roll, write_xlsx  # noqa: F401

HOUSEHOLD_HEADER = "户号 household number,村民小组 village group,住址 address\n"


def test_a_file_with_an_unknown_column_is_refused_naming_it(cast, village_a1, tmp_path):
    header = [c.label for c in KINDS["roll"]]
    header[3] = "民族 ethnicity"
    path = write_xlsx(tmp_path / "r.xlsx", "roll", GOOD, header=header)
    with pytest.raises(InvalidInput) as err:
        import_file(actor=cast["vic"], kind="roll", village_or_unit=village_a1, uploaded_file=path)
    assert "Unknown column 民族 ethnicity" in err.value.translated()
    assert Person.objects.count() == 0


def test_a_file_missing_a_required_column_is_refused_naming_it(cast, village_a1, tmp_path):
    header = [c.label for c in KINDS["roll"] if c.key != "relation"]
    path = write_xlsx(tmp_path / "r.xlsx", "roll", [], header=header)
    with pytest.raises(InvalidInput) as err:
        import_file(actor=cast["vic"], kind="roll", village_or_unit=village_a1, uploaded_file=path)
    assert "required column 与户主关系 relation to head is missing" in err.value.translated()


def test_a_file_that_is_not_a_spreadsheet_is_refused(cast, village_a1, tmp_path):
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0 not a spreadsheet")
    with pytest.raises(InvalidInput, match="not an xlsx or CSV"):
        import_file(actor=cast["vic"], kind="roll", village_or_unit=village_a1, uploaded_file=path)


def test_a_csv_with_a_byte_order_mark_imports(cast, village_a1, tmp_path):
    path = tmp_path / "households.csv"
    path.write_bytes(("\ufeff" + HOUSEHOLD_HEADER + "001,一组,幸福路1号\n002,二组,\n").encode())
    result = import_file(
        actor=cast["vic"], kind="households", village_or_unit=village_a1, uploaded_file=path
    )
    assert result.ok and result.counts["households"]["created"] == 2
    assert Household.objects.get(number="001").village_group == "一组"


def test_a_csv_saved_by_excel_in_gbk_imports(cast, village_a1, tmp_path):
    path = tmp_path / "households.csv"
    path.write_bytes((HOUSEHOLD_HEADER + "001,一组,幸福路1号\n").encode("gbk"))
    result = import_file(
        actor=cast["vic"], kind="households", village_or_unit=village_a1, uploaded_file=path
    )
    assert result.ok and Household.objects.get().address == "幸福路1号"


def test_an_uploaded_file_object_is_read_and_not_kept(cast, village_a1, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = ("\ufeff" + HOUSEHOLD_HEADER + "001,一组,\n").encode()
    upload = SimpleUploadedFile("h.csv", content, content_type="text/csv")
    result = import_file(
        actor=cast["vic"], kind="households", village_or_unit=village_a1, uploaded_file=upload
    )
    assert result.ok and result.file_name == "h.csv"


def test_the_xlsx_template_has_the_header_drop_down_lists_and_instructions():
    book = load_workbook(io.BytesIO(xlsx_template("roll")))
    data, notes = book.worksheets
    header = [c.value for c in data[1]]
    assert header[:2] == ["村代码 village code", "户号 household number"]
    lists = [v.formula1 for v in data.data_validations.dataValidation]
    assert '"男,女"' in lists and any("户主" in f for f in lists)
    assert notes["A1"].value == "Column" and notes["A2"].value == "村代码 village code"


def test_the_csv_template_starts_with_a_byte_order_mark():
    content = csv_template("people")
    assert content.startswith(b"\xef\xbb\xbf")
    assert content.decode("utf-8-sig").startswith("村代码 village code,姓名 name")


def test_the_error_report_copies_the_upload_with_an_error_column(cast, village_a1, tmp_path):
    rows = [*GOOD]
    rows[2] = {**rows[2], "gender": "未知", "birth_date": "1990-13-01"}
    report = error_report(
        actor=cast["vic"],
        kind="roll",
        village_or_unit=village_a1,
        uploaded_file=roll(tmp_path, rows),
    )
    sheet = load_workbook(io.BytesIO(report)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][-1] == "Errors" and values[0][4] == "姓名 name"
    assert len(values) == 6 and values[1][-1] is None
    assert "性别 gender: 未知 is not one of the allowed values" in values[3][-1]
    assert "出生日期 birth date: 1990-13-01 is not a date" in values[3][-1]
    assert values[3][4] == "张小明"
    assert sheet.cell(row=4, column=6).fill.fgColor.rgb.endswith("FFC7CE")
    assert Person.objects.count() == 0
