"""`openvillage calendar due|years|seed`: the official working-day calendar from the database."""

import argparse

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from openvillage.core import calendar
from openvillage.core.models import CalendarYear
from openvillage.core.workdays import due_main


class Command(BaseCommand):
    help = (
        "due --start YYYY-MM-DD --working-days N: print the due date (a warning on standard "
        "error when a year has no official data); years: list the loaded years; seed: load the "
        "years the chinese-calendar package knows and the database does not."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("subcommand", choices=["due", "years", "seed"])
        # The rest goes to the subcommand's own parser (due_main), which reports its errors.
        parser.add_argument("rest", nargs=argparse.REMAINDER)

    def handle(self, *args, subcommand: str, rest: list[str], **options):
        if subcommand == "due":
            code = due_main(
                rest, self.stdout, self.stderr, calendar.working_calendar(), translate=gettext
            )
            if code:
                raise CommandError(gettext("see the usage above"), returncode=code)
            return
        if rest:
            raise CommandError(f"{subcommand} takes no arguments", returncode=2)
        if subcommand == "seed":
            years = calendar.calendar_seed_from_package()
            self.stdout.write(" ".join(map(str, years)) or "-")
            return
        for entry in CalendarYear.objects.order_by("year"):
            self.stdout.write(f"{entry.year}\t{entry.source}\t{entry.loaded_at:%Y-%m-%d %H:%M}")
