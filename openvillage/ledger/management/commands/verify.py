"""`openvillage verify COPY [--record FILE]`: check a mirror or an export offline (no database)."""

from __future__ import annotations

import io

from django.core.management.base import BaseCommand, CommandError

from openvillage.ledger import offline


class Command(BaseCommand):
    help = (
        "Check a copy of the public record offline: every leaf hash, every head's root and "
        "signature; with --record, that the record is included. Never touches the database."
    )
    requires_system_checks: list = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("path", help="A mirror directory or an export file.")
        parser.add_argument("--record", help="A record file (JSON) to find in the copy.")

    def handle(self, *args, path: str, record: str | None, **options):
        buffer = io.StringIO()
        code = offline.run(path, record, out=buffer)
        text = buffer.getvalue().strip()
        if code:
            raise CommandError(text, returncode=code)
        self.stdout.write(text)
