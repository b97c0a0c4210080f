"""Load on the public pages: 50 and 200 concurrent connections, against the minimal view.

Targets: the county page (``/``), village pages (``/v/<code>/``), disclosures (``/d/<id>/``) and
the minimal Django view (``BENCH_MINIMAL_VIEW``), all served by the same gunicorn (2 sync
workers, as ``openvillage serve``) on loopback, loaded in alternating rounds so that drift cancels
out. For each number of connections: requests per second, p50 and p99 latency, and errors (a
non-200 answer or a failed connection), and the county page's ratio to a village page (aim:
0.8 or more).

Many connections are many threads in a few client processes (``BENCH_CLIENT_PROCESSES``, 4):
a process per connection would take the CPU from the server on a small box. Each connection is
a closed loop: the next request leaves when the last answer is read. With 200 connections and
2 workers, most wait in the listen queue, which is what p99 shows.

Bounded: BENCH_VILLAGES (300), BENCH_HOUSEHOLDS (10: these pages do not read households),
BENCH_SECONDS (4 per round), BENCH_ROUNDS (2 per target), BENCH_CONNECTIONS ("50,200").

    python -m bench load
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import subprocess
import sys
import threading
import time

from bench import generate
from bench.disclosure_pages import _seed
from bench.http import Load, closed_loop, first_error, gunicorn, temp_dir

MINIMAL = "/_bench/minimal/"
AIM = 0.80
TARGETS = ("minimal", "county", "village", "disclosure")


def _env(name: str, default: str) -> str:
    return os.environ.get(name, "") or default


def run(
    villages: int | None = None,
    seconds: float | None = None,
    rounds: int | None = None,
    connections: tuple[int, ...] | None = None,
) -> dict:
    villages = villages or int(_env("BENCH_VILLAGES", "300"))
    seconds = seconds or float(_env("BENCH_SECONDS", "4"))
    rounds = rounds or int(_env("BENCH_ROUNDS", "2"))
    wanted = _env("BENCH_CONNECTIONS", "50,200")
    connections = connections or tuple(int(c) for c in wanted.split(","))
    data_dir = temp_dir("openvillage-bench-load-")
    try:
        households = int(_env("BENCH_HOUSEHOLDS", "10"))
        county = generate.generate(data_dir, villages=villages, households=households)
        codes = county["village_codes"][:4]
        env = {**generate.BENCH_ENV, "DATA_DIR": str(data_dir)}
        _seed(env, codes[:2], 10)
        targets = {
            "minimal": [MINIMAL],
            "county": ["/"],
            "village": [f"/v/{code}/" for code in codes],
            "disclosure": [f"/d/{pk}/" for pk in _item_ids(env)],
        }
        env.update({"BENCH_MINIMAL_VIEW": "1", "ALLOWED_HOSTS": "127.0.0.1"})
        log = data_dir / "gunicorn.log"
        with gunicorn(env, log=log, workers=2, ready_path=MINIMAL) as port:
            result = _measure(port, targets, seconds, rounds, connections)
        if any(f["errors"] for by in result["loads"].values() for f in by.values()):
            print(f"  the server failed requests; its first error:\n{first_error(log)}")
        result["villages"] = villages
        _print(result)
        return result
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def _item_ids(env: dict[str, str]) -> list[int]:
    code = (
        "import django, json; django.setup();"
        "from openvillage.disclosure.models import Item;"
        "print(json.dumps(list(Item.objects.filter(published_version__gt=0)"
        ".order_by('pk').values_list('pk', flat=True)[:8])))"
    )
    env = {**os.environ, **env, "DJANGO_SETTINGS_MODULE": "openvillage.settings"}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _measure(port, targets, seconds, rounds, connections) -> dict:
    every = [p for paths in targets.values() for p in paths]
    many(port, every, seconds=2, connections=8)  # warm up: templates, caches, connections
    loads: dict[str, dict[str, dict]] = {}
    ratios: dict[str, float] = {}
    started = time.perf_counter()
    for n in connections:
        totals: dict[str, Load] = {}
        for r in range(rounds):
            for name in TARGETS if r % 2 == 0 else tuple(reversed(TARGETS)):
                part = many(port, targets[name], seconds=seconds, connections=n)
                totals[name] = totals[name] + part if name in totals else part
        figures = {name: totals[name].figures() for name in TARGETS}
        loads[str(n)] = figures
        village = figures["village"]["rps"] or 1.0
        ratios[str(n)] = round(figures["county"]["rps"] / village, 3)
    errors = sum(f["errors"] for by in loads.values() for f in by.values())
    met = not errors and all(r >= AIM for r in ratios.values())
    verdict = f"INVALID: {errors} failed requests" if errors else ("met" if met else "NOT met")
    return {
        "loads": loads,
        "county_to_village": ratios,
        "meets_aim": met,
        "measured_seconds": round(time.perf_counter() - started, 1),
        "summary": ", ".join(
            f"{n} connections: county {loads[n]['county']['rps']:.0f} req/s, village "
            f"{loads[n]['village']['rps']:.0f}, disclosure {loads[n]['disclosure']['rps']:.0f}, "
            f"minimal {loads[n]['minimal']['rps']:.0f} (county/village {ratios[n]:.0%})"
            for n in loads
        )
        + f" (aim {AIM:.0%}: {verdict})",
    }


def _connection(port, paths, start_at, stop_at, offset, out) -> None:
    out.append(closed_loop(port, paths, start_at, stop_at, offset))


def _process(port, paths, start_at, stop_at, first, count) -> tuple:
    """One client process running ``count`` connections as threads."""
    out: list[tuple] = []
    cpu = time.process_time()
    threads = [
        threading.Thread(target=_connection, args=(port, paths, start_at, stop_at, first + k, out))
        for k in range(count)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies = [x for part in out for x in part[0]]
    return latencies, sum(p[1] for p in out), sum(p[2] for p in out), time.process_time() - cpu


def many(port: int, paths: list[str], *, seconds: float, connections: int) -> Load:
    """Keep ``connections`` closed-loop connections busy on ``paths`` for ``seconds``."""
    processes = max(1, min(connections, int(_env("BENCH_CLIENT_PROCESSES", "4"))))
    shares = [connections // processes + (k < connections % processes) for k in range(processes)]
    start_at = time.time() + 0.5 + 0.01 * connections
    stop_at = start_at + seconds
    firsts = [sum(shares[:k]) for k in range(processes)]
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        args = [(port, paths, start_at, stop_at, f, s) for f, s in zip(firsts, shares, strict=True)]
        parts = pool.starmap(_process, args)
    latencies = [x for part in parts for x in part[0]]
    return Load(
        requests=len(latencies),
        errors=sum(p[1] for p in parts),
        seconds=seconds,
        latencies=latencies,
        client_cpu=sum(p[3] for p in parts),
        bytes=sum(p[2] for p in parts),
    )


def _print(result: dict) -> None:
    print(f"  {'conns':>5} {'target':<10} {'req/s':>8} {'p50 ms':>9} {'p99 ms':>9} {'errors':>7}")
    for n, figures in result["loads"].items():
        for name in TARGETS:
            f = figures[name]
            print(
                f"  {n:>5} {name:<10} {f['rps']:>8.1f} {f['p50_ms']:>9.2f} {f['p99_ms']:>9.2f} "
                f"{f['errors']:>7}"
            )
        print(f"  {n:>5} county/village: {result['county_to_village'][n]:.0%} (aim {AIM:.0%})")
