"""Benchmark: import a 100,000-row villager roll (xlsx) into one village through the service.

Run: ``DJANGO_SETTINGS_MODULE=openvillage.settings_test .venv/bin/python -m bench.import_roll``
(uses a fresh SQLite file in a temporary DATA_DIR). The lead's bench runner calls :func:`run`.
Wall time depends on the machine's load; ``import_cpu_s`` is the process's CPU time for the
import. Peak memory is the process's maximum resident set size (``ru_maxrss``), which
includes Python, Django and the generated file's writer, so it bounds the import from above.

The baseline, in the same run, writes the same rows (households, people with their ID hash and
mask, roll entries) into a fresh database with bare ``bulk_create`` calls in batches of 2,000,
from values prepared in memory beforehand; it runs in a child process so that its objects do
not count in the import's peak memory. ``ratio`` is the import's wall time over the baseline's,
``cpu_ratio`` the same for CPU time (steadier on a busy machine).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华"
RELATIONS = ("户主", "配偶", "子女", "子女")


def _configure() -> None:
    """A fresh database in a temporary data directory, migrated."""
    os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="ov-bench-import-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openvillage.settings_test")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _id_number(born: date, sequence: int) -> str:
    from openvillage.core.masking import id_check_character

    first17 = f"99{sequence // 1000 % 10000:04d}{born:%Y%m%d}{sequence % 1000:03d}"
    return first17 + id_check_character(first17)


def roll_rows(rows: int, village_code: str):
    """The rows of a deterministic roll: households of four, valid ID numbers under prefix 99."""
    for n in range(rows):
        household = n // 4
        born = date(1940, 1, 1) + timedelta(days=(n * 7919) % 25000)
        name = (
            SURNAMES[household % 20] + GIVEN[n % len(GIVEN)] + GIVEN[(n // len(GIVEN)) % len(GIVEN)]
        )
        yield [
            village_code,
            f"{household + 1:06d}",
            f"{household % 12 + 1}组",
            f"幸福路{household + 1}号",
            name,
            "男" if n % 2 == 0 else "女",
            born,
            _id_number(born, n),
            RELATIONS[n % 4],
            "户籍在本村且居住",
        ]


def write_roll(path: Path, rows: int, village_code: str) -> None:
    """The roll of :func:`roll_rows` as an xlsx file in the import template's layout."""
    from openpyxl import Workbook

    from openvillage.org.imports.templates import KINDS

    book = Workbook(write_only=True)
    sheet = book.create_sheet("数据 data")
    sheet.append([c.label for c in KINDS["roll"]])
    for row in roll_rows(rows, village_code):
        sheet.append(row)
    book.save(path)


def baseline_seconds(rows: int, village) -> tuple[float, float]:
    """Wall and CPU seconds that bare ``bulk_create`` takes to write the same rows."""
    from django.db import transaction

    from openvillage.core.idnumbers import protect_id_number
    from openvillage.org.models import Household, Person, RollEntry

    relation = {"户主": "head", "配偶": "spouse", "子女": "child"}
    households = {}
    people = []
    for row in roll_rows(rows, village.code):
        number, group, address, name, gender, born, id_number, rel = row[1:9]
        households.setdefault(number, (group, address))
        protected = protect_id_number(id_number)
        people.append((number, name, gender, born, protected, relation[rel]))
    started, cpu = time.perf_counter(), time.process_time()
    with transaction.atomic():
        stored = Household.objects.bulk_create(
            [
                Household(village=village, number=n, village_group=g, address=a)
                for n, (g, a) in households.items()
            ],
            batch_size=2000,
        )
        household_ids = {h.number: h.pk for h in stored}
        persons = Person.objects.bulk_create(
            [
                Person(
                    village=village,
                    name=name,
                    gender="male" if gender == "男" else "female",
                    birth_date=born,
                    id_hash=protected.hash,
                    id_masked=protected.masked,
                )
                for _n, name, gender, born, protected, _r in people
            ],
            batch_size=2000,
        )
        RollEntry.objects.bulk_create(
            [
                RollEntry(
                    person_id=person.pk,
                    household_id=household_ids[number],
                    relation=rel,
                    registration="registered_resident",
                )
                for person, (number, _name, _g, _b, _p, rel) in zip(persons, people, strict=True)
            ],
            batch_size=2000,
        )
    return time.perf_counter() - started, time.process_time() - cpu


def _baseline_in_child(rows: int) -> tuple[float, float]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATA_DIR", "DATABASE_URL")}
    env["DATA_DIR"] = tempfile.mkdtemp(prefix="ov-bench-baseline-")
    done = subprocess.run(
        [sys.executable, "-m", "bench.import_roll", str(rows), "--baseline"],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    wall, cpu = json.loads(done.stdout.strip().splitlines()[-1])
    return wall, cpu


def _fixture_units():
    from openvillage.accounts.models import User
    from openvillage.core.roles import Role
    from openvillage.org.models import Unit
    from openvillage.org.services import unit_path

    county = Unit.objects.create(
        code="990100000000",
        name="Bench County",
        level="county",
        kind="county",
        path="/990100000000/",
    )
    town = Unit.objects.create(
        code="990100001000",
        name="Bench Town",
        level="town",
        kind="town",
        parent=county,
        path=unit_path("990100001000", county),
    )
    village = Unit.objects.create(
        code="990100001001",
        name="Bench Village",
        level="village",
        kind="village",
        parent=town,
        path=unit_path("990100001001", town),
    )
    clerk = User.objects.create(username="bench-clerk", role=Role.VILLAGE_CLERK, unit=village)
    return village, clerk


def run(rows: int = 100_000) -> dict:
    """Measure in a fresh process (its own data directory and database, its own peak memory)."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATA_DIR", "DATABASE_URL")}
    env["DJANGO_SETTINGS_MODULE"] = "openvillage.settings_test"
    env["DATA_DIR"] = tempfile.mkdtemp(prefix="ov-bench-import-")
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-m", "bench.import_roll", str(rows), "--json"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["summary"] = (
        f"{rows} rows: import {result['import_s']} s (CPU {result['import_cpu_s']} s), "
        f"baseline bulk_create {result['baseline_s']} s, ratio {result['ratio']}, "
        f"re-import {result['reimport_s']} s, peak RSS {result['peak_rss_mb']} MB"
    )
    return result


def measure(rows: int) -> dict:
    """Generate the file, import it, and return wall time, peak memory and the counts."""
    _configure()
    from openvillage.org.imports.service import import_file
    from openvillage.org.models import Person, RollEntry

    village, clerk = _fixture_units()
    with tempfile.TemporaryDirectory(prefix="ov-bench-") as folder:
        path = Path(folder) / "roll.xlsx"
        started = time.perf_counter()
        write_roll(path, rows, village.code)
        generated = time.perf_counter() - started
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started, cpu = time.perf_counter(), time.process_time()
        result = import_file(actor=clerk, kind="roll", village_or_unit=village, uploaded_file=path)
        seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
        peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        again = import_file(actor=clerk, kind="roll", village_or_unit=village, uploaded_file=path)
        reimport_seconds = time.perf_counter() - started
        size = path.stat().st_size
    baseline, baseline_cpu = _baseline_in_child(rows)
    assert result.ok, result.errors[:5]
    assert Person.objects.count() == rows and RollEntry.objects.count() == rows
    assert again.total("created") == again.total("updated") == 0
    return {
        "rows": rows,
        "file_mb": round(size / 1e6, 1),
        "generate_s": round(generated, 1),
        "import_s": round(seconds, 1),
        "import_cpu_s": round(cpu_seconds, 1),
        "baseline_s": round(baseline, 1),
        "baseline_cpu_s": round(baseline_cpu, 1),
        "ratio": round(seconds / baseline, 1),
        "cpu_ratio": round(cpu_seconds / baseline_cpu, 1),
        "reimport_s": round(reimport_seconds, 1),
        "peak_rss_mb_before_import": round(rss_before / 1024),
        "peak_rss_mb": round(peak_kb / 1024),
        "counts": result.counts,
    }


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if not a.startswith("--")]
    if "--baseline" in sys.argv:
        _configure()
        print(json.dumps(baseline_seconds(int(arguments[0]), _fixture_units()[0])))
        sys.exit(0)
    figures = measure(int(arguments[0]) if arguments else 100_000)
    if "--json" in sys.argv:
        print(json.dumps(figures))
    else:
        for key, value in figures.items():
            print(f"{key}: {value}")
