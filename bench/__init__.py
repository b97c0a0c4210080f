"""Benchmarks of OpenVillage: `make bench` (`python -m bench`) runs every one registered here.

A benchmark is a module with ``run(...) -> dict``; add it to ``BENCHMARKS`` in one line. Each runs
against its own throw-away data directory, on loopback only.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

# name -> "module:function". The function takes no required argument and returns a dict whose
# "summary" (if any) is the one line printed in the table of `python -m bench`.
BENCHMARKS: dict[str, str] = {
    "village_page": "bench.village_page:run",
    "import_roll": "bench.import_roll:run",
    "ledger": "bench.ledger:run",
    "disclosure_pages": "bench.disclosure_pages:run",
    "election_count": "bench.election_count:run",
    "feedback": "bench.feedback:run",
    "elections_board": "bench.elections_board:run",
    "red_flags": "bench.red_flags:run",
    "campaign_nightly": "bench.campaign_nightly:run",
    "supervision": "bench.supervision:run",
    "scoring": "bench.scoring:run",
    "county_view": "bench.county_view:run",
    "province_view": "bench.province_view:run",
    "load": "bench.load:run",
}


def load(name: str) -> Callable[[], dict]:
    """The run function of a registered benchmark (ImportError if its module is not there)."""
    module, _, function = BENCHMARKS[name].partition(":")
    return getattr(importlib.import_module(module), function)
