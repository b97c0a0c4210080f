"""The county's view served from the aggregates (issue 16): dashboard and ranking against a
minimal view in the same run, and the time of one day's fill.

Builds the demo county (BENCH_COUNTY_VILLAGES, default 300 villages) in a temporary SQLite
database, writes 60 days of pre-aggregated counts for every registered stat and village with
bulk inserts (rolled up to towns and the county as the fill does), then renders through Django's
test client, signed in as the county administrator: the county dashboard, the ranking of all
the county's villages and the ranking of its towns, and a minimal view (the staff page frame
behind the same middleware: the staff frame, signed in, with no figures; a bare HttpResponse is
timed too). Each page is timed warm (its figures cached by a first view after the fill: the real
case, since the counts change once a day) and cold (the cache emptied before each view, untimed).
Throughput ratio = the minimal view's median time over the page's (one client, in the same
process). Then it times one full day's fill of every stat over the demo's real rows (each stat:
one grouped query for the villages, one multi-row insert, one INSERT ... SELECT per level).

    python -m bench county_view
"""

from __future__ import annotations

import json
import os
import sys
import time

from bench.http import run_in_child

DAYS = 60


def run(villages: int | None = None) -> dict:
    villages = villages or int(os.environ.get("BENCH_COUNTY_VILLAGES", "") or 300)
    result = run_in_child("bench.county_view", villages, "openvillage-bench-county-")
    result["summary"] = (
        f"county view on {result['database']}, {result['villages']} villages, "
        f"{result['stats']} stats x {DAYS} days "
        f"({result['counts']} counts): dashboard warm {result['dashboard_ms']} ms "
        f"({result['dashboard_ratio_pct']} % of the minimal view's throughput), cold "
        f"{result['dashboard_cold_ms']} ms ({result['dashboard_cold_ratio_pct']} %); village "
        f"ranking warm {result['ranking_ms']} ms ({result['ranking_ratio_pct']} %), cold "
        f"{result['ranking_cold_ms']} ms; town ranking warm {result['town_ranking_ms']} ms, cold "
        f"{result['town_ranking_cold_ms']} ms; minimal {result['minimal_ms']} ms; one day's fill "
        f"{result['fill_day_s']} s"
    )
    return result


def _median_ms(func, n: int, before=None) -> float:
    """The median time of ``func`` over ``n`` calls; ``before`` runs untimed before each."""
    samples = []
    for _ in range(n):
        if before is not None:
            before()
        started = time.perf_counter()
        func()
        samples.append(time.perf_counter() - started)
    samples.sort()
    return round(samples[len(samples) // 2] * 1000, 2)


def _inner(villages: int) -> dict:
    import django

    django.setup()
    import random
    from datetime import timedelta

    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.http import HttpResponse
    from django.shortcuts import render
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import clear_url_caches, path

    import openvillage.urls as root
    from openvillage.accounts.models import User
    from openvillage.analytics import fill
    from openvillage.analytics.models import FillState, UnitCount
    from openvillage.core import extensions
    from openvillage.core.clock import local_today
    from openvillage.org.demo import build_demo
    from openvillage.org.models import Level, Unit

    call_command("migrate", verbosity=0)
    demo = build_demo(villages=villages, households_per_village=10)
    admin = User.objects.get(username="county_admin")
    end = local_today() - timedelta(days=1)
    rnd = random.Random(16)
    specs = list(extensions.analytics_stats)
    village_ids = list(
        Unit.objects.filter(level=Level.VILLAGE).values_list("pk", flat=True).order_by("pk")
    )
    started = time.perf_counter()
    for spec in specs:
        for i in range(DAYS):
            day = end - timedelta(days=i)
            UnitCount.objects.bulk_create(
                [
                    UnitCount(stat=spec.name, day=day, unit_id=v, level=Level.VILLAGE,
                              value=rnd.randint(0, 12))
                    for v in village_ids
                ],
                batch_size=5000,
            )  # fmt: skip
            fill._rollup(spec.name, day)
        FillState.objects.update_or_create(
            stat=spec.name, defaults={"day": end, "state": FillState.State.DONE}
        )
    counts_s = round(time.perf_counter() - started, 1)

    def minimal_view(request):
        """The minimal staff page: signed in, the staff frame (menu, language), no figures."""
        return render(request, "web/staff/base.html", {})

    root.urlpatterns.append(path("_bench/minimal/", minimal_view))
    root.urlpatterns.append(path("_bench/plain/", lambda r: HttpResponse("ok")))
    clear_url_caches()
    client = Client()
    client.force_login(admin)
    county = demo.county.code
    pages = {
        "dashboard": f"/staff/dashboard/{county}/",
        "ranking": f"/staff/dashboard/{county}/ranking/?level=village",
        "town_ranking": f"/staff/dashboard/{county}/ranking/?level=town",
    }

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200, url
        return len(ctx.captured_queries)

    cache.clear()
    found = {name: queries(url) for name, url in pages.items()}  # cold: computes and caches
    found_warm = {name: queries(url) for name, url in pages.items()}
    assert client.get("/_bench/minimal/").status_code == 200
    minimal = _median_ms(lambda: client.get("/_bench/minimal/"), 51)
    plain = _median_ms(lambda: client.get("/_bench/plain/"), 51)
    result = {
        "database": connection.vendor,
        "villages": villages,
        "stats": len(specs),
        "counts": UnitCount.objects.count(),
        "counts_written_s": counts_s,
        "minimal_ms": minimal,
        "plain_response_ms": plain,
    }
    for name, url in pages.items():
        # Warm: the figures were computed by a first view after the fill (the real case: the
        # counts change once a day). Cold: the cache emptied before each view (untimed).
        ms = _median_ms(lambda url=url: client.get(url), 21)
        cold = _median_ms(lambda url=url: client.get(url), 9, before=cache.clear)
        result[f"{name}_ms"] = ms
        result[f"{name}_cold_ms"] = cold
        result[f"{name}_queries"] = found[name]
        result[f"{name}_warm_queries"] = found_warm[name]
        result[f"{name}_ratio_pct"] = round(100 * minimal / ms, 1)
        result[f"{name}_cold_ratio_pct"] = round(100 * minimal / cold, 1)
    # One full day's fill over the demo's real rows (the demo writes no domain rows for most
    # stats: this measures the queries and the roll-up, not the volume of a real county).
    UnitCount.objects.filter(day=end).delete()
    started = time.perf_counter()
    for spec in specs:
        fill.fill_day(spec, end)
    result["fill_day_s"] = round(time.perf_counter() - started, 2)
    result["demo_build_s"] = round(demo.seconds, 1)
    return result


if __name__ == "__main__":
    print(json.dumps(_inner(int(sys.argv[1]))))
