"""`python -m bench [name ...]`: run the registered benchmarks (all by default), print a summary.

Exit status 1 if any benchmark failed or is unknown.
"""

from __future__ import annotations

import sys
import time
import traceback

from bench import BENCHMARKS, load


def _summary(result: dict) -> str:
    if "summary" in result:
        return str(result["summary"])
    plain = {k: v for k, v in result.items() if isinstance(v, int | float | str)}
    return ", ".join(
        f"{k}={v:.4g}" if isinstance(v, float) else f"{k}={v}" for k, v in plain.items()
    )


def main(argv: list[str]) -> int:
    names = argv or list(BENCHMARKS)
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(BENCHMARKS)}")
        return 1
    rows, failed = [], False
    for name in names:
        print(f"== {name}", flush=True)
        started = time.perf_counter()
        try:
            result = load(name)()
            line = _summary(result)
        except ModuleNotFoundError as error:
            if not error.name or not error.name.startswith("bench."):
                raise
            line, failed = f"not available ({error.name} is missing)", True
        except Exception:  # one broken benchmark must not hide the others' figures
            traceback.print_exc()
            line, failed = "FAILED (see above)", True
        rows.append((name, time.perf_counter() - started, line))
    print("\nbenchmark        time  result")
    for name, seconds, line in rows:
        print(f"{name:<14} {seconds:5.0f}s  {line}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
