"""The province's view (issue 16 §7): 15,000 villages in 100 counties, one full day's fill, the
province's ranking of counties and the county dashboard against a minimal view, in one run.

In a temporary SQLite database: the demo county (its accounts and staff frame, 30 villages) and a
generated province (``bench.province_data``: a province unit over BENCH_PROVINCE_COUNTIES counties
of 10 towns of 15 villages each, bulk writes). Then:

1. ``DAYS - 1`` days of counts for every registered stat and village, generated in the database
   (one ``INSERT ... SELECT`` per stat and day over the villages, pseudo-random values) and rolled
   up to towns, counties and the province as the fill does;
2. the last day filled by the real fill (``analytics.fill.fill_day``) for every stat at a
   province's volume: each stat's ``fill(day)`` answers a value for every one of the villages
   (the generated province has no domain rows, so the domain's own grouped query is timed
   separately, over the demo county's real rows: ``fill_domain_s``);
3. through Django's test client, signed in as a province administrator: the province dashboard,
   the province's ranking of counties, a county's dashboard and a minimal staff page (the staff
   frame, no figures), each cold (cache emptied before each view, untimed) and warm (the real case:
   the figures change once a day, the first view after the fill computes them).

    python -m bench province_view
"""

from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import replace

from bench.county_view import _median_ms
from bench.http import run_in_child

DAYS = 35  # this month and the last: what the rankings and the 30-day dashboards read


def run(counties: int | None = None) -> dict:
    counties = counties or int(os.environ.get("BENCH_PROVINCE_COUNTIES", "") or 100)
    result = run_in_child("bench.province_view", counties, "openvillage-bench-province-")
    result["summary"] = (
        f"province view on {result['database']}, {result['villages']} villages in "
        f"{result['counties']} counties, "
        f"{result['stats']} stats x {DAYS} days ({result['counts']} counts, written in "
        f"{result['counts_written_s']} s): one full day's fill {result['fill_day_s']} s "
        f"({result['fill_day_rows']} village values, + {result['fill_domain_s']} s of domain "
        f"queries); county dashboard warm {result['county_dashboard_ms']} ms "
        f"({result['county_dashboard_ratio_pct']} % of the minimal view's throughput), cold "
        f"{result['county_dashboard_cold_ms']} ms ({result['county_dashboard_cold_ratio_pct']} %);"
        f" province ranking of counties warm {result['province_ranking_ms']} ms "
        f"({result['province_ranking_ratio_pct']} %), cold {result['province_ranking_cold_ms']} "
        f"ms; province dashboard warm {result['province_dashboard_ms']} ms, cold "
        f"{result['province_dashboard_cold_ms']} ms; minimal {result['minimal_ms']} ms"
    )
    return result


def _inner(counties: int) -> dict:
    import django

    django.setup()
    from datetime import timedelta

    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.shortcuts import render
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import clear_url_caches, path

    import openvillage.urls as root
    from bench import province_data
    from openvillage.accounts.models import User
    from openvillage.analytics import fill
    from openvillage.analytics.models import FillState, UnitCount
    from openvillage.core import extensions
    from openvillage.core.clock import local_today
    from openvillage.core.roles import Role
    from openvillage.org.demo import build_demo
    from openvillage.org.models import Level, Unit

    call_command("migrate", verbosity=0)
    build_demo(villages=30, households_per_village=3)
    built = province_data.build(counties=counties, towns=10, villages=15)
    province = Unit.objects.get(code=province_data.PROVINCE_CODE)
    county = Unit.objects.filter(parent=province).order_by("code").first()
    specs = list(extensions.analytics_stats)
    end = local_today() - timedelta(days=1)
    table, units = UnitCount._meta.db_table, Unit._meta.db_table
    first = end - timedelta(days=DAYS - 1)
    days = [first + timedelta(days=i) for i in range(DAYS - 1)]  # all but the last
    each_day = " UNION ALL ".join(["SELECT %s AS day, %s AS i"] * len(days))
    generate = (
        f"INSERT INTO {table} (stat, day, unit_id, level, value)"  # noqa: S608 (constants)
        f" SELECT %s, d.day, u.id, u.level, (u.id * 7 + %s * 13 + d.i * 3) %% 13"
        f" FROM {units} u CROSS JOIN ({each_day}) d WHERE u.level = 'village'"
    )
    day_params = [value for i, day in enumerate(days) for value in (day, i)]
    started = time.perf_counter()
    for number, spec in enumerate(specs):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(generate, [spec.name, number, *day_params])
            fill._rollup(spec.name, days[0], days[-1])
        FillState.objects.update_or_create(
            stat=spec.name, defaults={"day": days[-1], "state": FillState.State.DONE}
        )
    counts_s = round(time.perf_counter() - started, 1)

    # The last day by the fill itself, at a province's volume: every village has a value.
    villages = fill.village_ids()
    values = {vid: 1 + vid % 9 for vid in villages}
    started = time.perf_counter()
    rows = sum(
        fill.fill_day(replace(spec, fill=lambda day: values), end, villages) for spec in specs
    )
    fill_s = round(time.perf_counter() - started, 2)
    # The domain's grouped queries of that day over the demo county's real rows (not written).
    started = time.perf_counter()
    for spec in specs:
        spec.fill(end)
    domain_s = round(time.perf_counter() - started, 2)

    reader = User.objects.create(
        username="province_admin", role=Role.PROVINCE_ADMIN, unit=province, is_staff=False
    )

    def minimal_view(request):
        """The minimal staff page: signed in, the staff frame (menu, language), no figures."""
        return render(request, "web/staff/base.html", {})

    root.urlpatterns.append(path("_bench/minimal/", minimal_view))
    clear_url_caches()
    client = Client()
    client.force_login(reader)
    pages = {
        "county_dashboard": f"/staff/dashboard/{county.code}/",
        "province_ranking": f"/staff/dashboard/{province.code}/ranking/?level=county",
        "province_dashboard": f"/staff/dashboard/{province.code}/",
    }

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            answer = client.get(url)
        assert answer.status_code == 200, (url, answer.status_code)
        return len(ctx.captured_queries)

    cache.clear()
    cold_queries = {name: queries(url) for name, url in pages.items()}
    warm_queries = {name: queries(url) for name, url in pages.items()}
    assert client.get("/_bench/minimal/").status_code == 200
    minimal = _median_ms(lambda: client.get("/_bench/minimal/"), 51)
    result = {
        "database": connection.vendor,
        "villages": Unit.objects.filter(
            level=Level.VILLAGE, path__startswith=province.path
        ).count(),
        "counties": Unit.objects.filter(parent=province).count(),
        "stats": len(specs),
        "counts": UnitCount.objects.count(),
        "counts_written_s": counts_s,
        "fill_day_s": fill_s,
        "fill_day_rows": rows,
        "fill_domain_s": domain_s,
        "province_built_s": built["seconds"],
        "minimal_ms": minimal,
    }
    for name, url in pages.items():
        warm = _median_ms(lambda url=url: client.get(url), 21)
        cold = _median_ms(lambda url=url: client.get(url), 5, before=cache.clear)
        result[f"{name}_ms"] = warm
        result[f"{name}_cold_ms"] = cold
        result[f"{name}_queries"] = cold_queries[name]
        result[f"{name}_warm_queries"] = warm_queries[name]
        result[f"{name}_ratio_pct"] = round(100 * minimal / warm, 1)
        result[f"{name}_cold_ratio_pct"] = round(100 * minimal / cold, 1)
    ranking = client.get(pages["province_ranking"]).content.decode()
    result["ranking_lists_counties"] = ranking.count("试验县")
    return result


if __name__ == "__main__":
    print(json.dumps(_inner(int(sys.argv[1]))))
