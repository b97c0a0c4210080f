"""``openvillage import KIND FILE --unit CODE``: import a file in the foreground, with progress.

For administrators on the server: the same all-or-nothing import as the console, recorded as an
import of the unit (so it shows in the console's list) and audited under the account given by
``--user`` (by default the only superuser).
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from openvillage.org.imports import jobs
from openvillage.org.imports.templates import KINDS
from openvillage.org.models import ImportJob, ImportState, Unit

SHOWN_ERRORS = 50


class Command(BaseCommand):
    help = "Import a registry file (units, people, households, roll, posts) into a unit."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("file", type=Path)
        parser.add_argument("--unit", required=True, help="Division code of the town or village.")
        parser.add_argument("--user", help="Account the import is recorded under.")

    def handle(self, *args, kind: str, file: Path, unit: str, user: str | None, **options):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        target = Unit.objects.filter(code=unit).first()
        if target is None:
            raise CommandError(f"No unit has the code {unit}.")
        job = ImportJob.objects.create(
            kind=kind,
            unit=target,
            file_name=file.name[-200:],
            language=settings.LANGUAGE_CODE,
            created_by=self._actor(user),
        )
        state = jobs.import_job_run(job_id=job.pk, echo=self._echo, path=str(file))
        job.refresh_from_db()
        return self._report(job, state)

    def _actor(self, username: str | None):
        User = get_user_model()  # noqa: N806 (org sits below accounts: no import of its model)
        if username:
            actor = User.objects.filter(username=username, is_active=True).first()
            if actor is None:
                raise CommandError(f"No active account {username}.")
            return actor
        admins = list(User.objects.filter(is_superuser=True, is_active=True)[:2])
        if len(admins) != 1:
            raise CommandError("Name the account to record the import under with --user.")
        return admins[0]

    def _echo(self, checked: int, written: int, total: int) -> None:
        self.stdout.write(f"checked {checked} / about {total} rows, written {written}")

    def _report(self, job: ImportJob, state: str) -> str:
        if state == ImportState.DONE:
            for entity, counts in job.counts.items():
                self.stdout.write(f"{entity}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
            return f"imported {job.rows_written} rows (import {job.pk})"
        if job.failure:
            raise CommandError(jobs.failure_text(job))
        for row, column, message in job.errors[:SHOWN_ERRORS]:
            self.stderr.write(f"row {row}, {column}: {message}")
        raise CommandError(
            f"nothing imported: {job.error_count} errors in {job.bad_rows} rows (import {job.pk})"
        )
