"""The county progress board of the general election for every demo village (issue 7).

Builds the demo county (BENCH_BOARD_VILLAGES, default 200 villages) in a temporary SQLite
database, opens a general election for all its villages (two elections each) with some steps
done, and renders the county board through Django's test Client: time per request and query
count, against a trivial view through the same client in the same process. The number of
queries is asserted to be at most MAX_QUERIES and the same for the whole county as for one
town (bounded; the town's page looks the town up once more).

    python -m bench elections_board
"""

from __future__ import annotations

import json
import os
import sys
import time

from bench.http import run_in_child

#: The board may run at most this many queries (session, user, election, rows, towns...).
MAX_QUERIES = 12


def run(villages: int | None = None) -> dict:
    villages = villages or int(os.environ.get("BENCH_BOARD_VILLAGES", "") or 200)
    result = run_in_child("bench.elections_board", villages, "openvillage-bench-board-")
    result["summary"] = (
        f"county board, {result['villages']} villages ({result['rows']} rows): "
        f"{result['board_ms']} ms, {result['board_queries']} queries (one town: "
        f"{result['town_queries']}); trivial view {result['minimal_ms']} ms"
    )
    return result


def _median_ms(func, n: int) -> float:
    samples = []
    for _ in range(n):
        started = time.perf_counter()
        func()
        samples.append(time.perf_counter() - started)
    samples.sort()
    return round(samples[len(samples) // 2] * 1000, 2)


def _inner(villages: int) -> dict:
    import django

    django.setup()
    from datetime import timedelta

    from django.core.management import call_command
    from django.db import connection
    from django.http import HttpResponse
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import clear_url_caches, path

    import openvillage.urls as root
    from openvillage.accounts.models import User
    from openvillage.core.clock import local_today
    from openvillage.elections import services
    from openvillage.elections.models import VillageElection
    from openvillage.org.demo import build_demo
    from openvillage.org.models import Unit

    call_command("migrate", verbosity=0)
    demo = build_demo(villages=villages, households_per_village=10)
    admin = User.objects.get(username="county_admin")
    today = local_today()
    general = services.election_open(
        actor=admin, county=demo.county, name="Bench", election_day=today + timedelta(days=25)
    )
    # Some progress, so that every kind of cell is drawn: half the rolls published (some late).
    elections = list(VillageElection.objects.filter(general=general).order_by("pk"))
    half = [e.pk for e in elections[::2]]
    VillageElection.objects.filter(pk__in=half).update(
        state="roll_published", roll_published_on=today, objections_until=today
    )
    root.urlpatterns.append(path("_bench/trivial/", lambda r: HttpResponse("ok")))
    clear_url_caches()
    client = Client()
    client.force_login(admin)
    board = f"/staff/elections/general/{general.pk}/board/"
    town = Unit.objects.filter(parent=demo.county).order_by("code").first()

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    queries(board)  # warm up
    board_queries, town_queries = queries(board), queries(f"{board}?town={town.pk}")
    # Bounded: the whole county runs the queries of one town (plus the lookup of the town).
    assert board_queries <= MAX_QUERIES and town_queries == board_queries + 1, (
        board_queries,
        town_queries,
    )
    return {
        "villages": villages,
        "rows": len(elections),
        "board_ms": _median_ms(lambda: client.get(board), 9),
        "board_queries": board_queries,
        "town_queries": town_queries,
        "minimal_ms": _median_ms(lambda: client.get("/_bench/trivial/"), 51),
        "demo_build_s": round(demo.seconds, 1),
    }


if __name__ == "__main__":
    print(json.dumps(_inner(int(sys.argv[1]))))
