"""Benchmark helpers for counting in ``ballots`` mode (the lead's ``bench/`` calls these)."""

from __future__ import annotations

import random
import time
from typing import Any

from .count_cli import run_count

_MEMBERS = tuple(f"候选人{i}" for i in range(1, 8))
_DIRECTORS = ("张三", "李四", "王五")


def sample_document(n: int, *, seed: int = 2024) -> dict[str, Any]:
    """Return a villagers' committee input with ``n`` ballots: blank, invalid, write-ins mixed."""
    rng = random.Random(seed)
    ballots: list[dict[str, list[str]]] = []
    for _ in range(n):
        roll = rng.random()
        if roll < 0.03:
            ballots.append({})
            continue
        members = rng.sample(_MEMBERS, rng.choice((1, 2, 3, 3, 3, 4)))
        if roll < 0.08:
            members.append(f"另选{rng.randrange(5000)}")
        ballots.append({"director": [rng.choice(_DIRECTORS)], "member": members})
    return {
        "law": "villagers_committee",
        "eligible": n + n // 3,
        "present": n,
        "ballots_issued": n,
        "ballots_collected": n,
        "seats": {"director": 1, "member": 3},
        "candidates": {"director": list(_DIRECTORS), "member": list(_MEMBERS)},
        "ballots": ballots,
    }


def bench_count_ballots(n: int) -> float:
    """Return the seconds :func:`run_count` takes on ``n`` generated ballots (input prebuilt)."""
    document = sample_document(n)
    start = time.perf_counter()
    code, _ = run_count(document)
    elapsed = time.perf_counter() - start
    if code != 0:
        raise RuntimeError("benchmark document was rejected")
    return elapsed


if __name__ == "__main__":  # pragma: no cover
    print(f"{bench_count_ballots(1_000_000):.2f} s for 1,000,000 ballots")
