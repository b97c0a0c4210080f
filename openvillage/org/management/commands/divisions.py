"""`openvillage divisions load DIR --county CODE`: a real county from its division code lists."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from openvillage.core.errors import DomainError
from openvillage.org.division_load import divisions_load


class Command(BaseCommand):
    help = (
        "Load (or update) a county's towns, villages and communities from the national statistical "
        "division lists (areas.csv, streets.csv, villages.csv in the china-division layout)."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["load"])
        parser.add_argument("directory", type=Path, help="folder holding the three CSV files")
        parser.add_argument("--county", required=True, help="the county's 6- or 12-digit code")
        parser.add_argument(
            "--dry-run", action="store_true", help="report what would change, change nothing"
        )

    def handle(self, *args, **options):
        try:
            plan = divisions_load(
                actor=None,
                directory=options["directory"],
                county=options["county"],
                dry_run=options["dry_run"],
            )
        except DomainError as err:
            raise CommandError(str(err)) from None
        out = self.stdout.write
        verb = "would change" if options["dry_run"] else "changed"
        out(
            f"{len(plan.added)} added, {len(plan.renamed)} renamed, {len(plan.recoded)} recoded, "
            f"{len(plan.missing)} no longer listed (kept): {plan.changes} {verb}"
        )
        for code, old, new in plan.renamed:
            out(f"  renamed  {code}  {old} -> {new}")
        for old, new, name in plan.recoded:
            out(f"  recoded  {old} -> {new}  {name} (the old code stays as an alias)")
        for code, name in plan.missing:
            out(f"  no longer listed  {code}  {name}")
        for code, note in plan.notes:
            out(f"  note  {code}  {note}")
