"""Imports as background jobs: queued on upload, run with progress, kept as a record."""

import json

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.utils import translation

from openvillage.org.imports import jobs
from openvillage.org.models import ImportJob, ImportState, Person
from openvillage.org.tests.test_import_roll import GOOD, roll


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def queue(cast, village, path, actor="vic") -> ImportJob:
    """Upload a file as the console does; the job waits until the worker runs it."""
    upload = SimpleUploadedFile(path.name, path.read_bytes())
    return jobs.import_job_create(
        actor=cast[actor], kind="roll", unit=village, uploaded_file=upload, language="en"
    )


def test_an_upload_is_stored_and_queued_and_writes_nothing_yet(cast, village_a1, tmp_path):
    job = queue(cast, village_a1, roll(tmp_path))
    assert job.state == ImportState.QUEUED and default_storage.exists(job.file.name)
    assert Person.objects.count() == 0


def test_the_worker_imports_the_file_reports_progress_and_deletes_the_upload(
    cast, village_a1, tmp_path
):
    job = queue(cast, village_a1, roll(tmp_path))
    stored = job.file.name
    reports = []
    state = jobs.import_job_run(job_id=job.pk, echo=lambda *r: reports.append(r))
    job.refresh_from_db()
    assert state == ImportState.DONE == job.state
    assert (job.rows_checked, job.rows_written, job.total) == (5, 5, 5)
    assert job.counts["people"]["created"] == 5 and Person.objects.count() == 5
    assert reports[0][:2] == (5, 0) and reports[-1][:2] == (5, 5)
    assert not job.file and not default_storage.exists(stored)


def test_a_job_runs_once_even_when_its_task_is_delivered_twice(cast, village_a1, tmp_path):
    job = queue(cast, village_a1, roll(tmp_path))
    jobs.import_job_run(job_id=job.pk)
    assert jobs.import_job_run(job_id=job.pk) == "not queued"
    assert Person.objects.count() == 5


def test_a_file_with_a_wrong_row_writes_nothing_and_keeps_every_error(cast, village_a1, tmp_path):
    rows = [*GOOD]
    rows[3] = {**rows[3], "gender": "x"}
    job = queue(cast, village_a1, roll(tmp_path, rows))
    assert jobs.import_job_run(job_id=job.pk) == ImportState.REFUSED
    job.refresh_from_db()
    assert Person.objects.count() == 0 and job.rows_written == 0
    assert job.errors == [[5, "性别 gender", job.errors[0][2]]] and job.bad_rows == 1
    assert "x is not one of the allowed values" in job.errors[0][2]


def test_a_malformed_file_is_refused_with_a_message_in_the_uploaders_language(
    cast, village_a1, tmp_path
):
    path = tmp_path / "notes.txt"
    path.write_bytes(b"\x00\x01binary")
    job = queue(cast, village_a1, path)
    ImportJob.objects.filter(pk=job.pk).update(language="zh-hans")
    jobs.import_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == ImportState.REFUSED and job.failure["params"] == {"name": "notes.txt"}
    with translation.override("zh-hans"):
        assert "notes.txt" in jobs.failure_text(job) and "spreadsheet" not in jobs.failure_text(job)


def test_a_running_jobs_progress_comes_from_its_progress_file(cast, village_a1, tmp_path):
    job = queue(cast, village_a1, roll(tmp_path))
    ImportJob.objects.filter(pk=job.pk).update(state=ImportState.RUNNING, total=100)
    job.refresh_from_db()
    jobs._reporter(job, None)(60, 20)
    progress = jobs.job_progress(job)
    assert (progress["rows_checked"], progress["rows_written"], progress["total"]) == (60, 20, 100)
    assert (progress["checked_percent"], progress["written_percent"]) == (60, 20)


def test_a_clerk_cannot_queue_an_import_into_another_village(cast, village_a2, tmp_path):
    from openvillage.core.errors import NotAllowed

    with pytest.raises(NotAllowed):
        queue(cast, village_a2, roll(tmp_path))
    assert ImportJob.objects.count() == 0


def upload(client, path):
    data = {"kind": "roll", "unit": "990100001001", "action": "import"}
    data["file"] = SimpleUploadedFile(path.name, path.read_bytes())
    return client.post("/staff/imports/upload/", data, HTTP_ACCEPT_LANGUAGE="en")


def test_the_upload_redirects_to_a_progress_page_that_polls_and_refreshes_without_js(
    client, cast, village_a1, tmp_path
):
    client.force_login(cast["vic"])
    response = upload(client, roll(tmp_path))  # the worker has not run: the job waits
    assert response.status_code == 302
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    job = ImportJob.objects.get()
    assert f'data-url="/staff/imports/{job.pk}/progress.json"' in page
    assert '<meta http-equiv="refresh" content="5">' in page and "import_progress.js" in page
    assert "<progress" in page and "Waiting to start" in page
    status = client.get(f"/staff/imports/{job.pk}/progress.json").json()
    assert status["state"] == "queued" and status["finished"] is False


def test_the_clerk_finds_the_import_again_in_the_list_of_recent_imports(
    client, cast, village_a1, tmp_path
):
    client.force_login(cast["vic"])
    with TestCase.captureOnCommitCallbacks(execute=True):
        upload(client, roll(tmp_path))
    job = ImportJob.objects.get()
    home = client.get("/staff/imports/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'href="/staff/imports/{job.pk}/"' in home and "Imported" in home
    page = client.get(f"/staff/imports/{job.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "5 rows imported" in page and "import_progress.js" not in page
    assert "refresh" not in page and "<td>Villager roll</td>" in page


def test_another_villages_clerk_cannot_see_the_import(client, cast, village_a1, tmp_path):
    job = queue(cast, village_a1, roll(tmp_path))
    client.force_login(cast["bill"])
    assert client.get(f"/staff/imports/{job.pk}/").status_code == 403
    assert client.get(f"/staff/imports/{job.pk}/progress.json").status_code == 403


def test_the_command_imports_in_the_foreground_and_prints_progress(
    cast, village_a1, tmp_path, capsys
):
    out = call_command("import", "roll", str(roll(tmp_path)), unit=village_a1.code, user="vic")
    assert "imported 5 rows" in out
    assert "checked 5" in capsys.readouterr().out
    job = ImportJob.objects.get()
    assert job.state == ImportState.DONE and job.created_by == cast["vic"] and not job.file


def test_the_command_lists_the_wrong_rows_and_fails(cast, village_a1, tmp_path):
    rows = [*GOOD]
    rows[3] = {**rows[3], "gender": "x"}
    with pytest.raises(CommandError, match="nothing imported: 1 errors in 1 rows"):
        call_command("import", "roll", str(roll(tmp_path, rows)), unit=village_a1.code, user="vic")
    assert Person.objects.count() == 0


def test_a_progress_file_is_plain_counts(cast, village_a1, tmp_path):
    job = queue(cast, village_a1, roll(tmp_path))
    jobs._reporter(job, None)(3, 1)
    with default_storage.open(f"imports/progress/{job.pk}.json") as handle:
        assert set(json.loads(handle.read())) == {"rows_checked", "rows_written", "at"}


def test_the_write_pass_reads_what_the_check_spooled_not_the_file_again(cast, village_a1, tmp_path):
    from openvillage.org.imports.service import import_file

    path = roll(tmp_path)

    def progress(checked, written):
        if written == 0 and path.exists():
            path.unlink()  # once checked, the file is not needed again

    result = import_file(
        actor=cast["vic"],
        kind="roll",
        village_or_unit=village_a1,
        uploaded_file=path,
        progress=progress,
    )
    assert result.ok and not path.exists() and Person.objects.count() == 5


def test_a_job_that_lost_its_worker_is_failed_and_its_upload_deleted(cast, village_a1, tmp_path):
    from datetime import timedelta

    from django.utils import timezone

    lost = queue(cast, village_a1, roll(tmp_path))
    busy = queue(cast, village_a1, roll(tmp_path))
    now = timezone.now()
    ImportJob.objects.filter(pk=lost.pk).update(
        state=ImportState.RUNNING, started_at=now - timedelta(hours=7)
    )
    ImportJob.objects.filter(pk=busy.pk).update(
        state=ImportState.RUNNING, started_at=now - timedelta(hours=1)
    )
    assert jobs.sweep_stale_jobs() == 1
    lost.refresh_from_db()
    busy.refresh_from_db()
    assert lost.state == ImportState.FAILED and not lost.file
    assert busy.state == ImportState.RUNNING and default_storage.exists(busy.file.name)


def test_an_id_number_quoted_in_an_error_is_kept_masked(cast, village_a1, tmp_path):
    from openvillage.conftest import VALID_IDS

    rows = [*GOOD]
    rows[1] = {**rows[1], "birth_date": VALID_IDS[0]}  # an ID number typed in the date column
    job = queue(cast, village_a1, roll(tmp_path, rows))
    jobs.import_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == ImportState.REFUSED and job.errors[0][0] == 3
    assert VALID_IDS[0] not in json.dumps(job.errors, ensure_ascii=False)
    assert VALID_IDS[0][:6] in job.errors[0][2] and "****" in job.errors[0][2]
