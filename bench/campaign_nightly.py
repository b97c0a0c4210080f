"""The campaign's nightly red-flag run over a large register, and its board for a large county.

Builds, in a temporary SQLite database, a county of BENCH_CAMPAIGN_VILLAGES villages (default
600) holding BENCH_CONTRACTS contracts (default 100,000) from bench.red_flags.sample, one campaign
item per contract, a quarter of them moved on by a step.

- Nightly run: ``campaigns.services.nightly_flags`` (read every contract, apply RF1-RF16 with
  the region's rule set, bring its flags up to date, store arrears and lawful end), the first
  night (every flag new) and the next (most flags hold and keep their rows), against a baseline
  in the same run that does the least any nightly database pass must do over the same rows:
  read every contract in the same chunks and write back one computed field (the arrears).
- Board: ``campaigns.selectors.board`` for the whole county (pre-aggregated counts per village
  and step kept by the transitions, ranking of towns and villages), against a baseline that
  lists the county's villages.

    python -m bench campaign_nightly
"""

from __future__ import annotations

import json
import os
import sys
import time

from bench.http import run_in_child


def run(contracts: int | None = None) -> dict:
    contracts = contracts or int(os.environ.get("BENCH_CONTRACTS", "") or 100_000)
    result = run_in_child("bench.campaign_nightly", contracts, "openvillage-bench-campaign-")
    result["summary"] = (
        f"nightly red flags over {result['contracts']} contracts: {result['nightly_s']} s "
        f"({result['flags']} flags) vs baseline {result['baseline_s']} s = "
        f"x{result['ratio']} (next night {result['next_night_s']} s = x{result['next_ratio']}); "
        f"board of {result['villages']} villages: {result['board_ms']} ms, "
        f"{result['board_queries']} queries vs village list {result['list_ms']} ms"
    )
    return result


def _build(contracts: int, villages: int):
    from datetime import date

    from bench.red_flags import sample
    from openvillage.accounts.models import User
    from openvillage.campaigns import services
    from openvillage.campaigns.models import Campaign, CampaignVillage, Contract, Item
    from openvillage.campaigns.rules import steps
    from openvillage.org.models import Unit
    from openvillage.org.services import unit_path

    def unit(code, name, level, parent):
        return Unit.objects.create(code=code, name=name, level=level, kind=level, parent=parent,
                                   path=unit_path(code, parent))  # fmt: skip

    county = unit("990100000000", "基准区", "county", None)
    towns = [unit(f"9901{t:04d}0000", f"街道{t}", "town", county) for t in range(1, 21)]
    units = [
        unit(f"9901{(v % 20) + 1:04d}{v // 20 + 1:04d}", f"村{v}", "village", towns[v % 20])
        for v in range(villages)
    ]
    admin = User.objects.create_superuser("bench", "bench@example.org", "x")
    campaign = Campaign.objects.create(
        county=county, name="五清强基", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31),
        weights={"completion": 60, "recovery": 30, "spot_check": 10}, min_items=3,
    )  # fmt: skip
    CampaignVillage.objects.bulk_create(
        CampaignVillage(campaign=campaign, village=v) for v in units
    )
    rows = sample(contracts)
    batch = []
    for i, raw in enumerate(rows):
        v = units[i % villages]
        batch.append(Contract(
            village=v, unit_path=v.path, number=raw["id"], collective_party="合作社",
            counterparty_name="承包人", kind=raw["kind"], start=date.fromisoformat(raw["start"]),
            end=date.fromisoformat(raw["end"]), written=raw["written"], decision=raw["decision"],
            outside_party=raw["outside_party"], two_thirds_consent=raw["two_thirds_consent"],
            township_approval=raw["township_approval"], competition=raw["competition"],
            competition_required=raw["competition_required"],
            annual_rent_fen=raw["annual_rent_fen"], reference_rent_fen=raw["reference_rent_fen"],
            parent_end=date.fromisoformat(raw["parent_end"]) if raw["parent_end"] else None,
            clauses_text=raw["clauses_text"], recovered=raw["recovered"],
            cadre_relation=raw["cadre_relation"], missing_clauses=raw["missing_clauses"],
            payments=raw["payments"],
        ))  # fmt: skip
    Contract.objects.bulk_create(batch, batch_size=2000)
    moved = [steps.REGISTERED, steps.FACT_CHECK, steps.NEGOTIATION, steps.CLOSED]
    Item.objects.bulk_create(
        (Item(campaign=campaign, village_id=c.village_id, unit_path=c.unit_path,
              target="contracts", title=c.number, contract_id=c.pk, state=moved[c.pk % 4])
         for c in Contract.objects.only("pk", "village_id", "unit_path", "number")),
        batch_size=2000,
    )  # fmt: skip
    services.counts_rebuild(campaign)  # the items were bulk-loaded, not moved by transitions
    return campaign, admin


def _baseline(chunk: int = 2000) -> float:
    from datetime import date

    from django.db import transaction

    from openvillage.campaigns.models import Contract
    from openvillage.org.models import Unit

    today = date(2026, 12, 4)
    started = time.perf_counter()
    for village in Unit.objects.filter(level="village").order_by("pk"):
        ids = list(Contract.objects.filter(village=village).values_list("pk", flat=True))
        for start in range(0, len(ids), chunk):
            with transaction.atomic():
                batch = list(Contract.objects.filter(pk__in=ids[start : start + chunk]))
                for c in batch:
                    c.arrears_fen = sum(
                        max(0, p["amount_fen"] - p["paid_fen"])
                        for p in c.payments
                        if date.fromisoformat(p["due"]) < today
                    )
                Contract.objects.bulk_update(batch, ["arrears_fen"], batch_size=500)
    return time.perf_counter() - started


def _inner(contracts: int) -> dict:
    import django

    django.setup()
    from datetime import date

    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from openvillage.campaigns import selectors, services
    from openvillage.campaigns.models import RedFlag
    from openvillage.org.models import Unit

    call_command("migrate", verbosity=0)
    villages = int(os.environ.get("BENCH_CAMPAIGN_VILLAGES", "") or 600)
    campaign, admin = _build(contracts, villages)
    baseline = _baseline()
    started = time.perf_counter()
    services.nightly_flags(today=date(2026, 12, 4))
    nightly = time.perf_counter() - started
    flags = RedFlag.objects.count()
    # The next night: most flags hold again and keep their rows; a day later ages the arrears.
    started = time.perf_counter()
    services.nightly_flags(today=date(2026, 12, 5))
    next_night = time.perf_counter() - started

    def timed(func, n=5):
        samples = []
        for _ in range(n):
            t = time.perf_counter()
            func()
            samples.append(time.perf_counter() - t)
        return round(sorted(samples)[n // 2] * 1000, 1)

    board_ms = timed(lambda: selectors.board(campaign, admin))
    list_ms = timed(lambda: list(Unit.objects.filter(level="village").select_related("parent")))
    with CaptureQueriesContext(connection) as queries:
        selectors.board(campaign, admin)
    return {
        "contracts": contracts,
        "villages": villages,
        "flags": flags,
        "nightly_s": round(nightly, 2),
        "baseline_s": round(baseline, 2),
        "ratio": round(nightly / baseline, 2),
        "next_night_s": round(next_night, 2),
        "next_ratio": round(next_night / baseline, 2),
        "board_ms": board_ms,
        "list_ms": list_ms,
        "board_queries": len(queries),
    }


if __name__ == "__main__":
    print(json.dumps(_inner(int(sys.argv[1]))))
