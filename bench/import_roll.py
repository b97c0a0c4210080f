"""Benchmark: import a 100,000-row villager roll (xlsx) into one village through the service.

Run: ``DJANGO_SETTINGS_MODULE=openvillage.settings_test .venv/bin/python -m bench.import_roll``
(uses a fresh SQLite file in a temporary DATA_DIR). The lead's bench runner calls :func:`run`.
Wall time depends on the machine's load; ``import_cpu_s`` is the process's CPU time for the
import. Peak memory is the process's maximum resident set size (``ru_maxrss``), which
includes Python, Django and the generated file's writer, so it bounds the import from above.
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


def write_roll(path: Path, rows: int, village_code: str) -> None:
    """A deterministic roll: households of four, valid ID numbers under the prefix 99."""
    from openpyxl import Workbook

    from openvillage.org.imports.templates import KINDS

    book = Workbook(write_only=True)
    sheet = book.create_sheet("数据 data")
    sheet.append([c.label for c in KINDS["roll"]])
    for n in range(rows):
        household = n // 4
        born = date(1940, 1, 1) + timedelta(days=(n * 7919) % 25000)
        name = (
            SURNAMES[household % 20] + GIVEN[n % len(GIVEN)] + GIVEN[(n // len(GIVEN)) % len(GIVEN)]
        )
        sheet.append(
            [
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
        )
    book.save(path)


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
    assert result.ok, result.errors[:5]
    assert Person.objects.count() == rows and RollEntry.objects.count() == rows
    assert again.total("created") == again.total("updated") == 0
    return {
        "rows": rows,
        "file_mb": round(size / 1e6, 1),
        "generate_s": round(generated, 1),
        "import_s": round(seconds, 1),
        "import_cpu_s": round(cpu_seconds, 1),
        "reimport_s": round(reimport_seconds, 1),
        "peak_rss_mb_before_import": round(rss_before / 1024),
        "peak_rss_mb": round(peak_kb / 1024),
        "counts": result.counts,
    }


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if not a.startswith("--")]
    figures = measure(int(arguments[0]) if arguments else 100_000)
    if "--json" in sys.argv:
        print(json.dumps(figures))
    else:
        for key, value in figures.items():
            print(f"{key}: {value}")
