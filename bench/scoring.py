"""Scoring a county from its points ledger: 600 party organizations and 20,000 members, with a
ledger of 2,000,000 entries (BENCH_LEDGER), in a temporary SQLite database.

The product's scoring (``assessment.services.compute``) sums the ledger per subject and item in
the database (one GROUP BY over a covering index), then applies the scheme's arithmetic and ranks
in Python. The baseline, in the same run over the same rows, is the row-by-row way: read every
ledger entry into Python and sum it there, then the same arithmetic. The whole write
(``cycle_score``: lock, state move, audit, every rating inserted or updated) is timed too.

    python -m bench scoring
"""

from __future__ import annotations

import json
import os
import random
import sys
import time

from bench.http import run_in_child

TOWNS, VILLAGES_PER_TOWN, MEMBERS = 15, 40, 20_000


def run(entries: int | None = None) -> dict:
    entries = entries or int(os.environ.get("BENCH_LEDGER", "") or 2_000_000)
    result = run_in_child("bench.scoring", entries, "openvillage-bench-scoring-")
    result["summary"] = (
        f"{result['organizations']} organizations and {result['members']:,} members from "
        f"{result['entries']:,} ledger entries: scores, stars and ranks set-based "
        f"{result['compute_s']} s against row by row {result['baseline_s']} s "
        f"({result['speedup']}x); the whole scoring with every rating written "
        f"{result['scoring_s']} s (organizations {result['organizations_s']} s, members "
        f"{result['members_s']} s), a re-score {result['rescore_members_s']} s; ledger written "
        f"in {result['insert_s']} s"
    )
    return result


def _county():
    from datetime import date

    from openvillage.org.models import PartyOrganization, Person, Unit
    from openvillage.org.services import unit_path

    def unit(code, level, parent):
        return Unit.objects.create(
            code=code, name=code, level=level, kind=level, parent=parent,
            path=unit_path(code, parent),
        )  # fmt: skip

    county = unit("990100000000", "county", None)
    villages = []
    for t in range(1, TOWNS + 1):
        town = unit(f"990100{t:03d}000", "town", county)
        villages += [
            unit(f"990100{t:03d}{v:03d}", "village", town) for v in range(1, VILLAGES_PER_TOWN + 1)
        ]
    orgs = PartyOrganization.objects.bulk_create(
        [PartyOrganization(unit=v, kind="party_branch", name=f"{v.code} 党支部") for v in villages]
    )
    people = Person.objects.bulk_create(
        [
            Person(
                village=villages[i % len(villages)],
                name=f"党员{i}",
                gender="male",
                birth_date=date(1970, 1, 1),
                party_status="full",
                party_joined_on=date(2000, 7, 1),
            )  # fmt: skip
            for i in range(MEMBERS)
        ],
        batch_size=2000,
    )
    return county, villages, orgs, people


def _ledger(cycle, subjects, field: str, codes: list[str], n: int, rnd: random.Random) -> None:
    """Write ``n`` approved ledger entries spread over ``subjects`` with one executemany per
    chunk (the ORM's objects for two million rows would not fit in memory)."""
    from django.db import connection
    from django.utils import timezone

    now = timezone.now().isoformat()
    sql = (
        "INSERT INTO assessment_pointentry (cycle_id, village_id, unit_path, organization_id, "
        "person_id, item_code, count, source, fact_source, evidence, reason, state, "
        "created_at) VALUES (%s, %s, %s, %s, %s, %s, %s, 'manual', '', '', '', 'approved', %s)"
    )
    chunk = 50_000
    with connection.cursor() as cursor:
        for start in range(0, n, chunk):
            rows = []
            for i in range(start, min(n, start + chunk)):
                subject, village_id, path = subjects[i % len(subjects)]
                org = subject if field == "organization" else None
                person = subject if field == "person" else None
                rows.append((cycle.pk, village_id, path, org, person, rnd.choice(codes), 1, now))
            cursor.executemany(sql, rows)


def _baseline(cycle, spec) -> float:
    """Row by row: every ledger entry read into Python and summed there, then the arithmetic."""
    from openvillage.assessment.models import EntryState, PointEntry, Subject
    from openvillage.assessment.rules.stars import rate

    started = time.perf_counter()
    key = "organization_id" if cycle.subject == Subject.PARTY_ORGANIZATION else "person_id"
    counts: dict[int, dict[str, int]] = {}
    rows = PointEntry.objects.filter(cycle=cycle, state=EntryState.APPROVED).values_list(
        key, "item_code", "count"
    )
    for subject, code, count in rows.iterator(chunk_size=10_000):
        items = counts.setdefault(subject, {})
        items[code] = items.get(code, 0) + count
    rate(spec.scheme(), list(counts.items()))
    return time.perf_counter() - started


def _inner(entries: int) -> dict:
    import django

    django.setup()
    from datetime import date

    from django.core.management import call_command
    from django.db import transaction

    call_command("migrate", verbosity=0)
    from openvillage.accounts.models import User
    from openvillage.assessment import services, store

    rnd = random.Random(20261205)
    county, villages, orgs, people = _county()
    actor = User.objects.create_superuser("bench", "bench@example.org", "pw-bench")
    period = {"starts_on": date(2026, 1, 1), "ends_on": date(2026, 12, 31)}
    org_cycle = services.cycle_open(
        actor=actor, unit=county, name="orgs", scheme_code="organization_five_star", **period
    )
    member_cycle = services.cycle_open(
        actor=actor, unit=county, name="members", scheme_code="member_points", **period
    )
    org_spec, member_spec = store.scheme(org_cycle.scheme_code), store.scheme("member_points")
    by_path = {v.pk: v.path for v in villages}
    org_entries = entries // 10
    started = time.perf_counter()
    with transaction.atomic():
        _ledger(
            org_cycle, [(o.pk, o.unit_id, by_path[o.unit_id]) for o in orgs], "organization",
            [i.code for i in org_spec.items], org_entries, rnd,
        )  # fmt: skip
        _ledger(
            member_cycle, [(p.pk, p.village_id, by_path[p.village_id]) for p in people], "person",
            [i.code for i in member_spec.items], entries - org_entries, rnd,
        )  # fmt: skip
    insert_s = time.perf_counter() - started

    baseline = _baseline(org_cycle, org_spec) + _baseline(member_cycle, member_spec)
    started = time.perf_counter()
    services.compute(org_cycle)
    services.compute(member_cycle)
    compute_s = time.perf_counter() - started
    started = time.perf_counter()
    services.cycle_score(actor=actor, cycle=org_cycle)
    organizations_s = time.perf_counter() - started
    started = time.perf_counter()
    services.cycle_score(actor=actor, cycle=member_cycle)
    members_s = time.perf_counter() - started
    # A second scoring (a re-score after an appeal) updates the ratings in place.
    started = time.perf_counter()
    services.cycle_score(actor=actor, cycle=member_cycle)
    rescore_s = time.perf_counter() - started
    baseline = min(baseline, _baseline(org_cycle, org_spec) + _baseline(member_cycle, member_spec))
    started = time.perf_counter()
    services.compute(org_cycle)
    services.compute(member_cycle)
    compute_s = min(compute_s, time.perf_counter() - started)
    scoring = organizations_s + members_s
    assert org_cycle.ratings.count() == len(orgs) and member_cycle.ratings.count() == MEMBERS
    return {
        "organizations": len(orgs),
        "members": MEMBERS,
        "entries": entries,
        "insert_s": round(insert_s, 1),
        "organizations_s": round(organizations_s, 2),
        "members_s": round(members_s, 2),
        "rescore_members_s": round(rescore_s, 2),
        "scoring_s": round(scoring, 2),
        "compute_s": round(compute_s, 2),
        "baseline_s": round(baseline, 2),
        "speedup": round(baseline / compute_s, 1),
    }


if __name__ == "__main__":
    print(json.dumps(_inner(int(sys.argv[1]))))
