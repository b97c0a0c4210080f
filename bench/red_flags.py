"""The nightly red-flag run over a register of 100,000 contracts (issue: Five Clears).

The baseline, in the same run, is the least any nightly pass must do over the same contracts:
one loop that reads each contract's payments and sums what is unpaid. The product's run applies
all fifteen rules (calendar arithmetic of Civil Code Art. 201-202, caps, arrears ages, keywords)
and records each flag with its detail. The whole command (`openvillage contracts check`, JSON
parsing and output included) is timed too.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from openvillage.campaigns.rules.contracts_cli import parse_contract
from openvillage.campaigns.rules.redflags import Contract, Params, check_register

TODAY = date(2026, 12, 4)
KINDS = ["lease", "farmland", "grassland", "forest_land", "four_wastes", "transfer"]


def sample(n: int, seed: int = 20261204) -> list[dict]:
    """``n`` contracts as `contracts check` reads them, reproducibly, about half with a flag."""
    rnd = random.Random(seed)
    contracts = []
    for i in range(n):
        start = date(1995, 1, 1) + timedelta(days=rnd.randrange(11000))
        end = start + timedelta(days=rnd.randrange(180, 365 * 35))
        kind = rnd.choice(KINDS)
        payments = [
            {
                "due": (start + timedelta(days=365 * k)).isoformat(),
                "amount_fen": 120_000,
                "paid_fen": rnd.choice([0, 60_000, 120_000, 120_000, 120_000]),
            }
            for k in range(rnd.randrange(1, 6))
        ]
        contracts.append(
            {
                "id": f"HT-{i:06d}",
                "kind": kind,
                "start": start.isoformat(),
                "end": end.isoformat(),
                "written": rnd.random() < 0.9,
                "decision": rnd.choice(["completed", "completed", "in_progress", "none"]),
                "outside_party": rnd.random() < 0.2,
                "two_thirds_consent": rnd.random() < 0.5,
                "township_approval": rnd.random() < 0.5,
                "competition": rnd.random() < 0.7,
                "competition_required": rnd.random() < 0.5,
                "annual_rent_fen": rnd.randrange(10_000, 500_000),
                "reference_rent_fen": rnd.choice([None, rnd.randrange(10_000, 500_000)]),
                "parent_end": end.isoformat() if kind == "transfer" else None,
                "clauses_text": rnd.choice(["", "到期补偿", "按年交租，逾期加收违约金"]),
                "recovered": rnd.random() < 0.3,
                "cadre_relation": rnd.random() < 0.05,
                "missing_clauses": rnd.choice([[], [], ["四至"], ["面积", "用途"]]),
                "payments": payments,
            }
        )
    return contracts


def _baseline(contracts: list[Contract]) -> float:
    start = time.perf_counter()
    total = 0
    for contract in contracts:
        for payment in contract.payments:
            if payment.due < TODAY and payment.paid_fen < payment.amount_fen:
                total += payment.amount_fen - payment.paid_fen
    return time.perf_counter() - start


def run(n: int = 100_000) -> dict:
    documents = sample(n)
    contracts = [parse_contract(doc, i) for i, doc in enumerate(documents)]
    baseline = min(_baseline(contracts) for _ in range(3))
    timings = []
    for _ in range(3):
        start = time.perf_counter()
        findings = check_register(contracts, TODAY, Params())
        timings.append(time.perf_counter() - start)
    engine = min(timings)
    flagged = sum(1 for f in findings if f.flags)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "register.json"
        path.write_text(json.dumps({"today": TODAY.isoformat(), "contracts": documents}))
        start = time.perf_counter()
        with path.open() as stdin:
            done = subprocess.run(
                [sys.executable, "-m", "openvillage.cli", "contracts", "check"],
                stdin=stdin,
                capture_output=True,
                check=True,
            )
        command = time.perf_counter() - start
    assert len(json.loads(done.stdout)["contracts"]) == n
    return {
        "contracts": n,
        "flagged": flagged,
        "baseline_s": baseline,
        "engine_s": engine,
        "ratio": engine / baseline,
        "command_s": command,
        "summary": (
            f"{n:,} contracts, {flagged:,} flagged: rules {engine:.2f} s against a bare arrears "
            f"pass {baseline:.3f} s ({engine / baseline:.0f}x); the whole command {command:.1f} s"
        ),
    }
