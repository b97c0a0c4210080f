"""The county's problem board with BENCH_PROBLEMS (default 50,000) problems over 600 villages in
a temporary SQLite database: the board, its overdue filter and the monthly review, with their
query counts, against a trivial view rendered through the same test Client in the same run.

    python -m bench supervision
"""

from __future__ import annotations

import json
import os
import sys
import time

from bench.http import run_in_child


def run(problems: int | None = None) -> dict:
    problems = problems or int(os.environ.get("BENCH_PROBLEMS", "") or 50_000)
    result = run_in_child("bench.supervision", problems, "openvillage-bench-supervision-")
    result["summary"] = (
        f"{result['problems']} problems / {result['villages']} villages: board "
        f"{result['board_ms']} ms ({result['board_queries']} queries), overdue "
        f"{result['overdue_ms']} ms, monthly review {result['monthly_ms']} ms "
        f"({result['monthly_queries']} queries) vs trivial view {result['minimal_ms']} ms"
    )
    return result


def _time(func, n: int) -> float:
    started = time.perf_counter()
    for _ in range(n):
        func()
    return (time.perf_counter() - started) / n


def _queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _inner(n: int) -> dict:
    import django

    django.setup()
    from datetime import date, timedelta

    from django.core.management import call_command
    from django.http import HttpResponse
    from django.test import Client
    from django.urls import clear_url_caches, path

    call_command("migrate", verbosity=0)
    import openvillage.urls as root
    from openvillage.accounts.models import User
    from openvillage.org.models import Person, Unit
    from openvillage.org.services import unit_path
    from openvillage.supervision.models import Problem, State

    def unit(code, level, parent):
        return Unit.objects.create(
            code=code, name=code, level=level, kind=level, parent=parent,
            path=unit_path(code, parent),
        )  # fmt: skip

    county = unit("990100000000", "county", None)
    villages = []
    for t in range(1, 21):
        town = unit(f"990100{t:03d}000", "town", county)
        villages += [unit(f"990100{t:03d}{v:03d}", "village", town) for v in range(1, 31)]
    people = [
        Person.objects.create(village=v, name="李四", gender="male", birth_date=date(1980, 1, 1))
        for v in villages
    ]
    author = User.objects.create(username="cora", role="county_supervisor", unit=county)
    states = [State.OPEN, State.ORDERED, State.ORDERED, State.SUBMITTED, State.CLOSED]
    start = date(2026, 1, 1)
    batch = []
    for i in range(n):
        k = i % len(villages)
        v, state = villages[k], states[i % len(states)]
        ordered = state != State.OPEN
        batch.append(
            Problem(
                village=v, source="inspection", issuer=v.parent, title=f"问题 {i}",
                severity="general", state=state, unit_path=v.path, created_by=author,
                responsible=people[k] if ordered else None,
                ordered_on=start + timedelta(days=i % 300) if ordered else None,
                deadline=start + timedelta(days=i % 300 + 30) if ordered else None,
                submitted_on=start + timedelta(days=i % 300 + 20)
                if state in (State.SUBMITTED, State.CLOSED) else None,
                closed_on=start + timedelta(days=i % 300 + 25) if state == State.CLOSED else None,
            )
        )  # fmt: skip
        if len(batch) == 5000:
            Problem.objects.bulk_create(batch)
            batch = []
    Problem.objects.bulk_create(batch)
    client = Client()
    client.force_login(author)
    root.urlpatterns.append(path("_bench/trivial/", lambda r: HttpResponse("ok")))
    clear_url_caches()
    board, overdue = "/staff/supervision/?page=3", "/staff/supervision/?overdue=1&page=2"
    monthly = "/staff/supervision/monthly/?month=2026-06"
    result = {
        "problems": n,
        "villages": len(villages),
        "board_queries": _queries(client, board),
        "monthly_queries": _queries(client, monthly),
        "board_ms": round(_time(lambda: client.get(board), 10) * 1000, 1),
        "overdue_ms": round(_time(lambda: client.get(overdue), 10) * 1000, 1),
        "monthly_ms": round(_time(lambda: client.get(monthly), 3) * 1000, 1),
        "minimal_ms": round(_time(lambda: client.get("/_bench/trivial/"), 50) * 1000, 2),
    }
    return result


if __name__ == "__main__":
    print(json.dumps(_inner(int(sys.argv[1]))))
