"""The village page served by gunicorn (2 workers) against a minimal Django view, same run.

Aim (Foundation issue): the village page at 60% or more of the minimal view's requests per
second. Both are served by the same server, loaded by the same clients, in alternating rounds
(minimal, village, village, minimal, ...) so that drift (thermal, neighbours) cancels out.

Scale and length from the environment: BENCH_VILLAGES (300), BENCH_HOUSEHOLDS (330 per village),
BENCH_SECONDS (5 per round), BENCH_ROUNDS (4 per target), BENCH_CONCURRENCY (chosen by a sweep).
"""

from __future__ import annotations

import os
import shutil
import time

from bench import generate
from bench.http import choose_concurrency, first_error, gunicorn, load, temp_dir

MINIMAL = "/_bench/minimal/"
AIM = 0.60


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value else default


def run(
    villages: int | None = None,
    households: int | None = None,
    seconds: float | None = None,
    rounds: int | None = None,
    concurrency: int | None = None,
) -> dict:
    villages = villages or _env_int("BENCH_VILLAGES", generate.VILLAGES)
    households = households or _env_int("BENCH_HOUSEHOLDS", generate.HOUSEHOLDS)
    seconds = seconds or _env_int("BENCH_SECONDS", 5)
    rounds = rounds or _env_int("BENCH_ROUNDS", 4)
    concurrency = concurrency or _env_int("BENCH_CONCURRENCY", 0)
    data_dir = temp_dir("openvillage-bench-")
    try:
        print(f"generating {villages} villages x {households} households in {data_dir} ...")
        county = generate.generate(data_dir, villages=villages, households=households)
        print(f"  {county['counts']} in {county['build_seconds']} s")
        village_paths = [f"/v/{code}/" for code in county["village_codes"][:8]]
        env = {
            **generate.BENCH_ENV,
            "DATA_DIR": str(data_dir),
            "BENCH_MINIMAL_VIEW": "1",
            "DEBUG": "0",
            "ALLOWED_HOSTS": "127.0.0.1",
        }
        log = data_dir / "gunicorn.log"
        with gunicorn(env, log=log, workers=2, ready_path=MINIMAL) as port:
            result = _measure(port, village_paths, seconds, rounds, concurrency)
        if result["minimal"]["errors"] or result["village"]["errors"]:
            print(f"  the server failed requests; its first error:\n{first_error(log)}")
        result["county"] = county["counts"]
        result["build_seconds"] = county["build_seconds"]
        _print(result)
        return result
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def _measure(port: int, village_paths: list[str], seconds: float, rounds: int, concurrency: int):
    # Warm up: every worker loads its templates, URL resolvers and database connection.
    load(port, [MINIMAL, *village_paths], seconds=2, concurrency=4)
    sweep: dict[int, float] = {}
    if not concurrency:
        concurrency, sweep = choose_concurrency(port, MINIMAL)
        print(f"  concurrency sweep on the minimal view (req/s by clients): {sweep}")
    print(f"  {rounds} rounds of {seconds} s per target, {concurrency} client processes")
    targets = {"minimal": [MINIMAL], "village": village_paths}
    totals = {}
    started = time.perf_counter()
    for r in range(rounds):
        order = ["minimal", "village"] if r % 2 == 0 else ["village", "minimal"]
        for name in order:
            part = load(port, targets[name], seconds=seconds, concurrency=concurrency)
            totals[name] = totals[name] + part if name in totals else part
    minimal, village = totals["minimal"].figures(), totals["village"].figures()
    ratio = village["rps"] / minimal["rps"] if minimal["rps"] else 0.0
    errors = minimal["errors"] + village["errors"]
    # An error page is cheap: figures with errors in them say nothing about the real page.
    verdict = (
        f"INVALID: {errors} failed requests" if errors else ("met" if ratio >= AIM else "NOT met")
    )
    return {
        "minimal": minimal,
        "village": village,
        "ratio": round(ratio, 3),
        "meets_aim": ratio >= AIM and not errors,
        "concurrency": concurrency,
        "concurrency_sweep": sweep,
        "measured_seconds": round(time.perf_counter() - started, 1),
        "summary": (
            f"village {village['rps']:.0f} req/s (p50 {village['p50_ms']} ms, p99 "
            f"{village['p99_ms']} ms) vs minimal {minimal['rps']:.0f} req/s (p50 "
            f"{minimal['p50_ms']} ms, p99 {minimal['p99_ms']} ms): ratio {ratio:.0%} "
            f"(aim {AIM:.0%}: {verdict})"
        ),
    }


def _print(result: dict) -> None:
    print(
        f"  {'target':<8} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'client cpu':>10}"
    )
    for name in ("minimal", "village"):
        f = result[name]
        print(
            f"  {name:<8} {f['rps']:>8.1f} {f['p50_ms']:>8.2f} {f['p99_ms']:>8.2f} "
            f"{f['errors']:>7} {f['client_cpu_share']:>10.0%}"
        )
    print(f"  ratio village/minimal: {result['ratio']:.0%} (aim {AIM:.0%})")
