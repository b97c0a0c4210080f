"""Disclosure pages served by gunicorn (2 workers) against the minimal view, same run.

Aim (issue 3): the village page with disclosures and a module page at 50% or more of the
minimal view's requests per second. Targets alternate by round so that drift cancels out.

The county comes from bench.generate (BENCH_VILLAGES, default 30; BENCH_HOUSEHOLDS, default 30:
disclosure pages do not read households); then BENCH_ITEMS (default 60) finance items and 20
service items are published, through the real services, in each of the first 4 villages.
BENCH_SECONDS (5 per round), BENCH_ROUNDS (4), BENCH_CONCURRENCY (chosen by a sweep).

    python -m bench disclosure_pages
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time

from bench import generate
from bench.http import choose_concurrency, first_error, gunicorn, load, temp_dir

MINIMAL = "/_bench/minimal/"
AIM = 0.50
SEEDED_VILLAGES = 4


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value else default


def run(
    villages: int | None = None,
    items: int | None = None,
    seconds: float | None = None,
    rounds: int | None = None,
    concurrency: int | None = None,
) -> dict:
    villages = villages or _env_int("BENCH_VILLAGES", 30)
    items = items or _env_int("BENCH_ITEMS", 60)
    seconds = seconds or _env_int("BENCH_SECONDS", 5)
    rounds = rounds or _env_int("BENCH_ROUNDS", 4)
    concurrency = concurrency or _env_int("BENCH_CONCURRENCY", 0)
    data_dir = temp_dir("openvillage-bench-disclosure-")
    try:
        households = _env_int("BENCH_HOUSEHOLDS", 30)
        county = generate.generate(data_dir, villages=villages, households=households)
        codes = county["village_codes"][:SEEDED_VILLAGES]
        env = {**generate.BENCH_ENV, "DATA_DIR": str(data_dir)}
        seeded = _seed(env, codes, items)
        print(f"  published {seeded['published']} items in {seeded['seconds']} s")
        targets = {
            "minimal": [MINIMAL],
            "village": [f"/v/{code}/" for code in codes],
            "module": [f"/v/{code}/finance/" for code in codes],
        }
        env.update({"BENCH_MINIMAL_VIEW": "1", "ALLOWED_HOSTS": "127.0.0.1"})
        log = data_dir / "gunicorn.log"
        with gunicorn(env, log=log, workers=2, ready_path=MINIMAL) as port:
            result = _measure(port, targets, seconds, rounds, concurrency)
        if any(result[name]["errors"] for name in targets):
            print(f"  the server failed requests; its first error:\n{first_error(log)}")
        result["published"] = seeded["published"]
        return result
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def _seed(env: dict[str, str], codes: list[str], items: int) -> dict:
    command = [sys.executable, "-m", "bench.disclosure_pages", "--seed", ",".join(codes)]
    command += ["--items", str(items)]
    out = subprocess.run(
        command, env={**os.environ, **env}, check=True, capture_output=True, text=True, timeout=900
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _measure(port: int, targets: dict[str, list[str]], seconds, rounds, concurrency) -> dict:
    load(port, [p for paths in targets.values() for p in paths], seconds=2, concurrency=4)
    sweep: dict[int, float] = {}
    if not concurrency:
        concurrency, sweep = choose_concurrency(port, MINIMAL)
    totals = {}
    started = time.perf_counter()
    names = list(targets)
    for r in range(rounds):
        for name in names if r % 2 == 0 else list(reversed(names)):
            part = load(port, targets[name], seconds=seconds, concurrency=concurrency)
            totals[name] = totals[name] + part if name in totals else part
    figures = {name: totals[name].figures() for name in names}
    minimal = figures["minimal"]["rps"] or 1.0
    ratios = {name: round(figures[name]["rps"] / minimal, 3) for name in ("village", "module")}
    errors = sum(f["errors"] for f in figures.values())
    met = not errors and all(r >= AIM for r in ratios.values())
    verdict = f"INVALID: {errors} failed requests" if errors else ("met" if met else "NOT met")
    return {
        **figures,
        "ratios": ratios,
        "meets_aim": met,
        "concurrency": concurrency,
        "concurrency_sweep": sweep,
        "measured_seconds": round(time.perf_counter() - started, 1),
        "summary": (
            f"village {figures['village']['rps']:.0f} req/s ({ratios['village']:.0%}), "
            f"module {figures['module']['rps']:.0f} req/s ({ratios['module']:.0%}) vs minimal "
            f"{figures['minimal']['rps']:.0f} req/s (aim {AIM:.0%}: {verdict})"
        ),
    }


def _seed_main(codes: list[str], items: int) -> None:
    """Publish ``items`` finance items and 20 service items in each village (child process)."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openvillage.settings")
    django.setup()
    from datetime import date

    from openvillage.accounts.models import User
    from openvillage.disclosure import services
    from openvillage.org.models import Unit

    started = time.perf_counter()
    actor = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser(
        "bench-disclosure", "bench@example.org", None
    )
    published = 0
    for code in codes:
        village = Unit.objects.get(code=code)
        for i in range(items + 20):
            finance = i < items
            month = 1 + i % 12
            content = services.Content(
                matter="monthly_finance" if finance else "service_guide",
                period_start=date(2020 + i // 12, month, 1),
                period_end=date(2020 + i // 12, month, 28),
                title=f"{2020 + i // 12}年{month}月财务收支公开" if finance else f"办事指南 {i}",
                body="<p>本月村集体财务收支明细如下，请村民监督。</p>" * 5,
            )
            item = services.item_create(actor=actor, village=village, content=content)
            services.item_submit(actor=actor, item=item)
            services.item_approve(actor=actor, item=item)
            services.item_publish(actor=actor, item=item)
            published += 1
    print(json.dumps({"published": published, "seconds": round(time.perf_counter() - started, 1)}))


if __name__ == "__main__":
    args = sys.argv[1:]
    if len(args) == 4 and args[0] == "--seed" and args[2] == "--items":
        _seed_main(args[1].split(","), int(args[3]))
    else:
        print("usage: python -m bench.disclosure_pages --seed CODE,CODE --items N", file=sys.stderr)
        sys.exit(2)
