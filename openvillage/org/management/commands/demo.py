"""`openvillage demo`: create the fictional demo county and print its staff accounts."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from openvillage.core import extensions
from openvillage.org.demo import COUNTY_LABEL, build_demo, staff_password
from openvillage.org.models import Unit


class Command(BaseCommand):
    help = (
        "Create the fictional demo county (for trial only: the staff passwords are printed and "
        "predictable from the seed). Needs an empty database."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (and say so) when units are already registered, instead of failing.",
        )
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--villages", type=int, default=200)
        parser.add_argument("--households", type=int, default=40, help="per village, on average")
        for builder in extensions.demo_plan():
            if builder.add_arguments is not None:
                builder.add_arguments(parser)

    def handle(self, *args, **options):
        if Unit.objects.exists():
            message = "The database already has administrative units: no demo county created."
            if options["if_empty"]:
                self.stdout.write(message)
                self._print_existing_accounts(options["seed"])
                return
            raise CommandError(message + " Use an empty database (a new DATA_DIR).")
        if options["villages"] < 1 or options["households"] < 1:
            raise CommandError("--villages and --households must be at least 1.")
        result = build_demo(
            seed=options["seed"],
            villages=options["villages"],
            households_per_village=options["households"],
        )
        counts = ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in result.counts.items())
        self.stdout.write(
            f"Created {result.county.name} ({COUNTY_LABEL}, {result.county.code}) "
            f"in {result.seconds:.1f} s: {counts}."
        )
        for builder in extensions.demo_plan():  # what the other apps registered, in order
            said = builder.build(options)
            if said:
                self.stdout.write(said)
        self.stdout.write(
            "Demo staff accounts (for trial only: anyone with the seed knows these passwords):"
        )
        self._table(
            [
                (a.username, a.role, f"{a.unit_name} {a.unit_code}", a.password)
                for a in result.accounts
            ]
        )
        self._print_villager(result.id_numbers_sample)

    def _print_villager(self, sample: list[str]) -> None:
        """Say who a trial user can sign up as on a village's page (fictional data), and keep it
        in DATA_DIR so that later runs can say it again: the database keeps no ID in clear."""
        from django.conf import settings

        from openvillage.core.idnumbers import id_hash
        from openvillage.org.models import RollEntry

        for number in sample:
            entry = (
                RollEntry.objects.select_related("person", "household__village")
                # A roll entry without an account: the demo's messages verified a few villagers.
                .filter(person__id_hash=id_hash(number), villager__isnull=True)
                .first()
            )
            if entry is None:
                continue
            village = entry.household.village
            line = (
                f"Demo villager (fictional): sign up at /v/{village.code}/join/ "
                f"({village.name}) as {entry.person.name}, ID number {number}, with any "
                "11-digit mobile number; with "
                "DEMO_MODE=1 (make run) the one-time code is shown on the page."
            )
            self.stdout.write(line)
            (settings.DATA_DIR / "demo_villager.txt").write_text(line + "\n", encoding="utf-8")
            return

    def _print_existing_accounts(self, seed: int) -> None:
        """On a database made by the demo, remind the trial user of the accounts that still
        have their demo password (a changed password is not shown)."""
        from django.contrib.auth import get_user_model

        from openvillage.core.roles import Role

        users = get_user_model().objects.select_related("unit").filter(username__in=Role.values)
        rows = [
            (u.username, u.role, f"{u.unit.name} {u.unit.code}", staff_password(seed, u.role))
            for u in users.order_by("id")
            if u.unit is not None and u.check_password(staff_password(seed, u.role))
        ]
        if rows:
            self.stdout.write("Demo staff accounts that still have their demo password:")
            self._table(rows)
        from django.conf import settings

        villager = settings.DATA_DIR / "demo_villager.txt"
        if villager.is_file():
            self.stdout.write(villager.read_text(encoding="utf-8").rstrip())

    def _table(self, accounts: list[tuple[str, str, str, str]]) -> None:
        rows = [("username", "role", "unit", "password"), *accounts]
        widths = [max(_width(row[i]) for row in rows) for i in range(4)]
        for row in rows:
            cells = [cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row)]
            self.stdout.write("  " + "  ".join(cells).rstrip())


def _width(text: str) -> int:
    """Columns on a terminal: a Chinese character takes two."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
