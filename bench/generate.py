"""A county at scale for the benchmarks: migrate a fresh database and fill it with build_demo.

    python -m bench.generate DATA_DIR [--villages 300] [--households 330] [--seed 2026]

300 villages of 330 households on average is about 100k households and 350k people: the county
of the scale path in ARCHITECTURE.md. Runs in its own process because Django reads DATA_DIR once
at start-up; prints one JSON line (counts, seconds, a few village codes) for the harness.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

# Fixed keys: the benchmark server must read the hashes the generator wrote.
BENCH_ENV = {
    "SECRET_KEY": "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
    "ID_HASH_KEY": "bench-only-id-hash-key-0123456789abcdefghijklmnopqrstuvwxyz",
    "DEBUG": "0",
}
VILLAGES = 300
HOUSEHOLDS = 330


def generate(
    data_dir: Path, *, villages: int = VILLAGES, households: int = HOUSEHOLDS, seed: int = 2026
) -> dict:
    """Create DATA_DIR's database and the county in a child process; return what it reports."""
    env = {**os.environ, **BENCH_ENV, "DATA_DIR": str(data_dir)}
    command = [sys.executable, "-m", "bench.generate", str(data_dir)]
    command += ["--villages", str(villages), "--households", str(households), "--seed", str(seed)]
    out = subprocess.run(command, env=env, check=True, capture_output=True, text=True, timeout=900)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate")
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--villages", type=int, default=VILLAGES)
    parser.add_argument("--households", type=int, default=HOUSEHOLDS)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    for name, value in BENCH_ENV.items():
        os.environ.setdefault(name, value)
    os.environ["DATA_DIR"] = str(args.data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openvillage.settings")
    import django
    from django.core.management import call_command

    django.setup()
    from openvillage.org.demo import build_demo
    from openvillage.org.models import Level, Unit

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrated = time.perf_counter() - started
    result = build_demo(
        seed=args.seed, villages=args.villages, households_per_village=args.households
    )
    # Spread the sample over the county: the first village of every town.
    towns = Unit.objects.filter(level=Level.TOWN).order_by("code")
    sample = [t.children.order_by("code").values_list("code", flat=True)[0] for t in towns]
    report = {
        "counts": result.counts,
        "migrate_seconds": round(migrated, 1),
        "build_seconds": round(result.seconds, 1),
        "village_codes": sample,
    }
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
