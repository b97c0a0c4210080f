"""Counting 1,000,000 ballots in `ballots` mode (issue: elections, aim under 5 s).

The baseline, in the same run, is a naive count of the same ballots: one pass adding every mark
to a Counter, with no validity rules. The product's count applies every rule (ballot validity,
thresholds, ties, seats) and still comes out faster, because it counts identical ballots once.
The whole command (JSON parsing included) is timed too, as `openvillage count` reading a file
on standard input.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from openvillage.elections.rules.bench import sample_document
from openvillage.elections.rules.count_cli import run_count


def _baseline(ballots: list[dict[str, list[str]]]) -> float:
    start = time.perf_counter()
    counts: Counter[tuple[str, str]] = Counter()
    for ballot in ballots:
        for post, names in ballot.items():
            for name in names:
                counts[(post, name)] += 1
    return time.perf_counter() - start


def run(n: int = 1_000_000) -> dict:
    document = sample_document(n)
    baseline = min(_baseline(document["ballots"]) for _ in range(2))
    timings = []
    for _ in range(2):
        start = time.perf_counter()
        code, _ = run_count(document)
        timings.append(time.perf_counter() - start)
        assert code == 0
    counting = min(timings)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "round.json"
        path.write_text(json.dumps(document, ensure_ascii=False))
        start = time.perf_counter()
        with path.open() as stdin:
            done = subprocess.run(
                [sys.executable, "-m", "openvillage.cli", "count"],
                stdin=stdin,
                capture_output=True,
                check=False,
            )
        command = time.perf_counter() - start
        assert done.returncode == 0, done.stderr
    result = {
        "ballots": n,
        "counting_s": round(counting, 3),
        "baseline_counter_s": round(baseline, 3),
        "ratio_to_baseline": round(counting / baseline, 2),
        "command_with_json_s": round(command, 3),
    }
    result["summary"] = (
        f"{n:,} ballots counted in {counting:.2f} s (aim < 5 s); a naive per-mark count takes "
        f"{baseline:.2f} s ({counting / baseline:.1f}x); `openvillage count` with JSON parsing "
        f"{command:.2f} s"
    )
    return result


if __name__ == "__main__":
    print(run()["summary"])
