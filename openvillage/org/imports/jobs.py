"""Imports as background jobs: store the upload, enqueue, run with progress, keep the outcome.

A 100,000-row roll takes longer than a web request may last, so the upload view only stores
the file and enqueues :func:`run_import`; the worker runs the same all-or-nothing
:func:`~openvillage.org.imports.service.import_file` and records its progress and outcome on the
:class:`~openvillage.org.models.ImportJob`. The stored upload holds clear ID numbers: it is
deleted as soon as the job ends, whatever the outcome.

Progress while the write pass runs cannot go into the job's row: that pass is one transaction
that other connections cannot see into (and, on SQLite, that holds the only write lock). So the
running job writes its counts to a small file in the default storage (shared by the web and
the worker, on one box or on S3), and :func:`job_progress` reads the larger of the two.
"""

from __future__ import annotations

import json
import logging
from datetime import timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation
from django_tasks import task

from openvillage.core import permissions
from openvillage.core.errors import DomainError
from openvillage.core.masking import mask_text
from openvillage.core.text import gettext_noop
from openvillage.org.imports.reader import estimate_rows
from openvillage.org.imports.service import ImportResult, _check_kind, import_file
from openvillage.org.models import ImportJob, ImportState, Unit

log = logging.getLogger(__name__)

RECENT = 20
# A job still running after this long lost its worker (killed, or the box restarted): its
# transaction was rolled back, so nothing was written; it is marked failed and its upload deleted.
STALE_AFTER = timedelta(hours=6)
STOPPED = gettext_noop("The import stopped on an unexpected error; nothing was written.")


def _progress_name(job_id: int) -> str:
    return f"imports/progress/{job_id}.json"


def import_job_create(
    *, actor: Any, kind: str, unit: Unit, uploaded_file: Any, language: str
) -> ImportJob:
    """Store an upload and queue its import (NotAllowed outside the actor's registry)."""
    _check_kind(kind)
    permissions.require_write(actor, unit.path, permissions.ORG)
    name = str(getattr(uploaded_file, "name", "") or "upload")[-200:]
    job = ImportJob(kind=kind, unit=unit, file_name=name, language=language, created_by=actor)
    job.file.save(name, uploaded_file, save=False)
    with transaction.atomic():
        job.save()
        transaction.on_commit(lambda: run_import.enqueue(job.pk))
    sweep_stale_jobs()
    return job


def sweep_stale_jobs() -> int:
    """Mark failed the jobs that lost their worker, and delete their uploads; return how many."""
    since = timezone.now() - STALE_AFTER
    stale = list(ImportJob.objects.filter(state=ImportState.RUNNING, started_at__lt=since))
    for job in stale:
        # Conditional, like the claim: a job that ends right now keeps its own outcome.
        ended = ImportJob.objects.filter(pk=job.pk, state=ImportState.RUNNING).update(
            state=ImportState.FAILED, failure={"message": STOPPED}, finished_at=timezone.now()
        )
        if ended:
            _discard_files(job)
    return len(stale)


@task()
def run_import(job_id: int) -> str:
    """The background task: run one queued import job (a job already claimed is left alone)."""
    return import_job_run(job_id=job_id)


def import_job_run(*, job_id: int, echo: Any = None, path: str | None = None) -> str:
    """Claim a queued job, import its file with progress, record the outcome, delete the file.

    ``echo`` (optional) is called with each progress report, for the command line, which also
    gives the ``path`` of a file on this machine instead of a stored upload.
    """
    # A conditional UPDATE claims the job: a second worker, or a retried task, finds nothing.
    sweep_stale_jobs()
    claimed = ImportJob.objects.filter(pk=job_id, state=ImportState.QUEUED).update(
        state=ImportState.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return "not queued"
    job = ImportJob.objects.select_related("unit", "created_by").get(pk=job_id)
    try:
        with translation.override(job.language):
            source = path or _local_path(job)
            job.total = estimate_rows(source) if source else 0
            ImportJob.objects.filter(pk=job.pk).update(total=job.total)
            result = import_file(
                actor=job.created_by,
                kind=job.kind,
                village_or_unit=job.unit,
                uploaded_file=source or job.file,  # a remote file is copied to a temp file
                progress=_reporter(job, echo),
                file_name=job.file_name,
            )
        _finish(job, result)
    except DomainError as error:
        _refuse(job, error)
    except Exception:
        log.exception("import job %s failed", job_id)
        _refuse(job, None)
    finally:
        _discard_files(job)
    return job.state


def _local_path(job: ImportJob) -> str | None:
    if not job.file:
        return None
    try:
        return job.file.path  # a file system storage: read the file where it is
    except NotImplementedError:
        return None


def _reporter(job: ImportJob, echo: Any):
    def report(checked: int, written: int) -> None:
        payload = json.dumps({"rows_checked": checked, "rows_written": written, "at": _now()})
        name = _progress_name(job.pk)
        default_storage.delete(name)  # storage saves never overwrite: drop the last report
        default_storage.save(name, ContentFile(payload.encode()))
        if echo is not None:
            echo(checked, written, job.total)

    return report


def _now() -> str:
    return timezone.now().isoformat()


def _finish(job: ImportJob, result: ImportResult) -> None:
    job.rows_checked = result.rows
    job.total = result.rows
    job.finished_at = timezone.now()
    if result.ok:
        job.state = ImportState.DONE
        job.counts = result.counts
        job.rows_written = result.rows
    else:
        job.state = ImportState.REFUSED
        # A message may quote a cell (an ID number typed in the wrong column): kept masked.
        shown = result.errors[: job.MAX_ERRORS]
        job.errors = [[e.row, e.column, mask_text(e.message)] for e in shown]
        job.error_count = len(result.errors)
        job.bad_rows = len(result.bad_rows)
    job.save()


def _refuse(job: ImportJob, error: DomainError | None) -> None:
    if error is None:
        job.state = ImportState.FAILED
        job.failure = {"message": STOPPED}
    else:
        job.state = ImportState.REFUSED
        job.failure = {"message": error.message, "params": error.params}
    job.finished_at = timezone.now()
    job.save()


def _discard_files(job: ImportJob) -> None:
    """Delete the upload (clear ID numbers) and the progress file; keep only the outcome."""
    if job.file:
        job.file.delete(save=False)
        ImportJob.objects.filter(pk=job.pk).update(file="")
    default_storage.delete(_progress_name(job.pk))


def job_progress(job: ImportJob) -> dict[str, Any]:
    """The job's progress for the page and its JSON endpoint (rows checked, written, total)."""
    checked, written = job.rows_checked, job.rows_written
    if job.state == ImportState.RUNNING:
        try:
            with default_storage.open(_progress_name(job.pk)) as handle:
                live = json.loads(handle.read())
            checked = max(checked, int(live["rows_checked"]))
            written = max(written, int(live["rows_written"]))
        except (OSError, ValueError, KeyError):
            pass  # between two reports, or none yet: the row's figures stand
    total = max(job.total, checked)
    return {
        "state": job.state,
        "state_label": str(ImportState(job.state).label),
        "finished": job.finished,
        "total": total,
        "rows_checked": checked,
        "rows_written": written,
        "checked_percent": _percent(checked, total),
        "written_percent": _percent(written, total),
    }


def _percent(part: int, whole: int) -> int:
    return min(100, part * 100 // whole) if whole else 0


def failure_text(job: ImportJob) -> str:
    """The refusal of the whole file, in the active language."""
    if not job.failure:
        return ""
    return DomainError(job.failure["message"], job.failure.get("params")).translated()


def recent_jobs(user: Any, units: list[Unit]) -> list[ImportJob]:
    """The latest imports into the units the user may import into."""
    return list(
        ImportJob.objects.filter(unit__in=units)
        .select_related("unit", "created_by")
        .defer("errors", "counts")[:RECENT]
    )


def job_for_staff(user: Any, job_id: int) -> ImportJob:
    """A job the user may see: one into a unit of the user's area (404, or 403 outside)."""
    from openvillage.core.errors import NotFound

    job = ImportJob.objects.select_related("unit", "created_by").filter(pk=job_id).first()
    if job is None:
        raise NotFound(gettext_noop("No such import."))
    permissions.require_read(user, job.unit.path)
    return job
