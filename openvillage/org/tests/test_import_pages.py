"""The staff import pages: templates, upload, result with every bad row, report, exports."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from openpyxl import load_workbook

from openvillage.org.models import Person
from openvillage.org.tests.test_import_roll import GOOD, roll


def upload(client, path, **over):
    data = {
        "kind": "roll",
        "unit": "990100001001",
        "file": SimpleUploadedFile(path.name, path.read_bytes()),
        "action": "import",
        **over,
    }
    # The import is enqueued when the upload commits; the test backend runs it right away.
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post("/staff/imports/upload/", data, HTTP_ACCEPT_LANGUAGE="en")
    if response.status_code != 302:
        return response
    return client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en")


def test_the_import_page_offers_templates_and_only_the_users_villages(client, cast, village_a1):
    client.force_login(cast["vic"])
    page = client.get("/staff/imports/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert (
        "/staff/imports/templates/roll.xlsx" in page and "/staff/imports/templates/roll.csv" in page
    )
    assert 'value="990100001001"' in page and "990100001002" not in page
    assert "/staff/exports/roll/990100001001.xlsx" in page


def test_a_template_downloads_as_xlsx(client, cast):
    client.force_login(cast["vic"])
    response = client.get("/staff/imports/templates/people.xlsx")
    assert response.status_code == 200
    header = [c.value for c in load_workbook(io.BytesIO(response.content)).active[1]]
    assert header[1] == "姓名 name"


def test_a_clerk_uploads_a_good_roll_and_sees_the_counts(client, cast, village_a1, tmp_path):
    client.force_login(cast["vic"])
    response = upload(client, roll(tmp_path))
    assert response.status_code == 200
    assert "5 rows imported" in response.content.decode()
    assert Person.objects.count() == 5


def test_a_bad_roll_shows_every_bad_row_and_the_report_button(client, cast, village_a1, tmp_path):
    rows = [*GOOD]
    rows[3] = {**rows[3], "gender": "x"}
    client.force_login(cast["vic"])
    response = upload(client, roll(tmp_path, rows))
    page = response.content.decode()
    assert response.status_code == 422 and "Nothing was imported" in page
    assert "<td>5</td><td>性别 gender</td>" in page and 'value="report"' in page
    report = upload(client, roll(tmp_path, rows), action="report")
    assert report["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(report.content)).active
    assert "性别 gender" in sheet.cell(row=5, column=11).value
    assert Person.objects.count() == 0


def test_a_clerk_cannot_choose_another_village(client, cast, village_a1, village_a2, tmp_path):
    client.force_login(cast["vera"])
    response = upload(client, roll(tmp_path))
    assert response.status_code == 422 and Person.objects.count() == 0


def test_a_malformed_file_is_refused_with_the_reason(client, cast, village_a1, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_bytes(b"\x00\x01binary")
    client.force_login(cast["vic"])
    response = upload(client, path)
    assert response.status_code == 422
    assert "is not an xlsx or CSV spreadsheet" in response.content.decode()


def test_exports_are_limited_to_the_users_area(client, cast, village_a1, village_a2, tmp_path):
    client.force_login(cast["vic"])
    upload(client, roll(tmp_path))
    response = client.get(f"/staff/exports/roll/{village_a1.code}.xlsx")
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert len(rows) == 6 and all("*" in (r[7] or "*") for r in rows[1:])
    assert client.get(f"/staff/exports/roll/{village_a2.code}.xlsx").status_code == 403
