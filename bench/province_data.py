"""A generated province for the scale path: 100 counties, about 15,000 villages, with bulk writes.

    python -m bench.province_data [--counties 99] [--towns 10] [--villages 15]

Adds a fictional province (code 980000000000, the ``province`` level of the registry) and under
it ``--counties`` fictional counties (codes 98CCCC000000) of ``--towns`` towns of ``--villages``
villages each, beside whatever the database holds (the demo county makes the hundredth), with
one ``bulk_create`` per level: no service call per unit, since a province is
loaded once from its division lists and then grows one unit at a time through the services.
Prints one JSON line: counts and seconds. Idempotent: counties already there are skipped.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

PROVINCE_CODE = "980000000000"


def build(*, counties: int, towns: int, villages: int) -> dict:
    from django.db import transaction

    from openvillage.org.models import Level, Unit, UnitKind

    started = time.perf_counter()
    have = set(
        Unit.objects.filter(code__startswith="98", level=Level.COUNTY).values_list(
            "code", flat=True
        )
    )
    # 98 (province) + 2 digits of city + 2 of county: up to 9,999 counties, none 980000000000.
    wanted = [f"98{c // 100:02d}{c % 100:02d}000000" for c in range(1, counties + 1)]
    new = [code for code in wanted if code not in have]
    with transaction.atomic():
        province, _ = Unit.objects.get_or_create(
            code=PROVINCE_CODE,
            defaults={
                "name": "试验省",
                "level": Level.PROVINCE,
                "kind": UnitKind.PROVINCE,
                "path": f"/{PROVINCE_CODE}/",
            },
        )
        county_rows = Unit.objects.bulk_create(
            Unit(
                code=code,
                name=f"试验县{code[2:6]}",
                level=Level.COUNTY,
                kind=UnitKind.COUNTY,
                parent=province,
                path=f"{province.path}{code}/",
            )
            for code in new
        )
        town_rows = Unit.objects.bulk_create(
            Unit(
                code=f"{c.code[:6]}{t:03d}000",
                name=f"{c.name}第{t}镇",
                level=Level.TOWN,
                kind=UnitKind.TOWN,
                parent=c,
                path=f"{c.path}{c.code[:6]}{t:03d}000/",
            )
            for c in county_rows
            for t in range(1, towns + 1)
        )
        Unit.objects.bulk_create(
            (
                Unit(
                    code=f"{t.code[:9]}{200 + v:03d}",  # 200-399: villagers' committees
                    name=f"{t.name}{v}村",
                    level=Level.VILLAGE,
                    kind=UnitKind.VILLAGE,
                    parent=t,
                    path=f"{t.path}{t.code[:9]}{200 + v:03d}/",
                )
                for t in town_rows
                for v in range(1, villages + 1)
            ),
            batch_size=2000,
        )
    return {
        "provinces": Unit.objects.filter(level=Level.PROVINCE).count(),
        "counties": Unit.objects.filter(level=Level.COUNTY).count(),
        "towns": Unit.objects.filter(level=Level.TOWN).count(),
        "villages": Unit.objects.filter(level=Level.VILLAGE).count(),
        "seconds": round(time.perf_counter() - started, 1),
    }


def _main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.province_data")
    parser.add_argument("--counties", type=int, default=99)
    parser.add_argument("--towns", type=int, default=10)
    parser.add_argument("--villages", type=int, default=15)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openvillage.settings")
    import django

    django.setup()
    report = build(counties=args.counties, towns=args.towns, villages=args.villages)
    print(json.dumps(report, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
