"""A closed-loop HTTP load harness on loopback: start gunicorn, load URLs, report percentiles.

Client: several processes (multiprocessing), each with one http.client connection, sending the
next request as soon as the last answer is read (closed loop). http.client keeps the connection
alive when the server allows it and reconnects when it does not (gunicorn's sync workers close
after every response, as in production behind nginx). Every process starts at the same instant
and stops after a fixed duration; latencies are wall-clock per request.
"""

from __future__ import annotations

import http.client
import multiprocessing
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

HOST = "127.0.0.1"  # loopback only, never another address


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(
    env: dict[str, str],
    *,
    log: Path,
    workers: int = 2,
    ready_path: str = "/",
    timeout: float = 60,
) -> Iterator[int]:
    """Serve openvillage on a free loopback port for the ``with`` block; yield the port.

    The server's output goes to ``log`` (an error page under load would flood the terminal).
    It runs in its own process group so that the master and its workers all stop on leaving
    the block, whatever happened inside it.
    """
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "openvillage.wsgi:application"]
    command += ["--workers", str(workers), "--bind", f"{HOST}:{port}", "--log-level", "warning"]
    with open(log, "ab") as out:
        server = subprocess.Popen(
            command, env={**os.environ, **env}, stdout=out, stderr=out, start_new_session=True
        )
    try:
        _wait_until_up(server, port, ready_path, timeout)
        yield port
    finally:
        _stop(server)


def first_error(log: Path, lines: int = 12) -> str:
    """The last lines of the first traceback in a server log, or ''."""
    text = log.read_text(errors="replace").splitlines() if log.exists() else []
    start = next((i for i, line in enumerate(text) if line.startswith("Traceback")), None)
    if start is None:
        return ""
    end = next((i for i in range(start + 1, len(text)) if not text[i].startswith(" ")), start)
    return "\n".join(text[max(start, end - lines) : end + 1])


def _wait_until_up(server: subprocess.Popen, port: int, path: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with status {server.returncode}")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", path)
            status = conn.getresponse().status
            conn.close()
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer {path} within {timeout:.0f} s")


def _stop(server: subprocess.Popen) -> None:
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)  # our own child's group: master and workers
    try:
        server.wait(15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(5)


@dataclass
class Load:
    """The figures of one load (several rounds of one target are merged with ``+``)."""

    requests: int
    errors: int
    seconds: float
    latencies: list[float]
    client_cpu: float  # CPU seconds the client processes used
    bytes: int = 0

    def __add__(self, other: Load) -> Load:
        return Load(
            self.requests + other.requests,
            self.errors + other.errors,
            self.seconds + other.seconds,
            self.latencies + other.latencies,
            self.client_cpu + other.client_cpu,
            self.bytes + other.bytes,
        )

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile_ms(self, p: float) -> float:
        """Nearest-rank percentile of the latencies, in milliseconds."""
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        rank = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
        return ordered[rank] * 1000

    def figures(self) -> dict:
        return {
            "requests": self.requests,
            "errors": self.errors,
            "rps": round(self.rps, 1),
            "p50_ms": round(self.percentile_ms(50), 2),
            "p99_ms": round(self.percentile_ms(99), 2),
            "client_cpu_share": round(self.client_cpu / self.seconds / (os.cpu_count() or 1), 3),
            "bytes_per_response": self.bytes // self.requests if self.requests else 0,
        }


def closed_loop(
    port: int, paths: list[str], start_at: float, stop_at: float, offset: int
) -> tuple[list[float], int, int]:
    """One connection's closed loop over ``paths`` from start_at to stop_at (time.time):
    the latencies of the answered requests, the errors (no answer or not 200), the bytes read."""
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    latencies: list[float] = []
    errors = size = 0
    i = offset
    time.sleep(max(0.0, start_at - time.time()))
    while time.time() < stop_at:
        path = paths[i % len(paths)]
        i += 1
        began = time.perf_counter()
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException):
            errors += 1
            conn.close()
            continue
        latencies.append(time.perf_counter() - began)
        size += len(body)
        if response.status != 200:
            errors += 1
    conn.close()
    return latencies, errors, size


def _client(port: int, paths: list[str], start_at: float, stop_at: float, offset: int) -> tuple:
    """One client process: one closed loop, and the CPU it cost (sleeping costs none)."""
    cpu = time.process_time()
    latencies, errors, size = closed_loop(port, paths, start_at, stop_at, offset)
    return latencies, errors, size, time.process_time() - cpu


def load(port: int, paths: list[str], *, seconds: float, concurrency: int) -> Load:
    """Run ``concurrency`` closed-loop clients against ``paths`` for ``seconds``."""
    # Processes start before the clock: the measured window begins once all of them are up.
    start_at = time.time() + 0.3 + 0.05 * concurrency
    stop_at = start_at + seconds
    context = multiprocessing.get_context("fork")
    with context.Pool(concurrency) as pool:
        args = [(port, paths, start_at, stop_at, k) for k in range(concurrency)]
        parts = pool.starmap(_client, args)
    latencies = [x for part in parts for x in part[0]]
    return Load(
        requests=len(latencies),
        errors=sum(p[1] for p in parts),
        seconds=seconds,
        latencies=latencies,
        client_cpu=sum(p[3] for p in parts),
        bytes=sum(p[2] for p in parts),
    )


def choose_concurrency(
    port: int, path: str, *, candidates: tuple[int, ...] = (1, 2, 3, 4, 6), seconds: float = 3.0
) -> tuple[int, dict[int, float]]:
    """The smallest client count within 5% of the best throughput on ``path``.

    Too few clients leave the server's workers idle while the answer travels back; too many only
    add queueing (and, on a small box, take CPU from the server). The sweep shows which.
    """
    sweep = {c: load(port, [path], seconds=seconds, concurrency=c).rps for c in candidates}
    best = max(sweep.values())
    chosen = min(c for c, rps in sweep.items() if rps >= 0.95 * best)
    return chosen, {c: round(r, 1) for c, r in sweep.items()}


def temp_dir(prefix: str) -> Path:
    import tempfile

    return Path(tempfile.mkdtemp(prefix=prefix))


def run_in_child(module: str, argument: int, prefix: str) -> dict:
    """Run ``python -m <module> <argument>`` with its own data dir and SQLite database, and return
    the JSON document it prints last (in-process benchmarks through Django's test client).

    ``BENCH_DATABASE_URL`` (an empty PostgreSQL database, e.g. the one scripts/pg-test.sh starts:
    ``scripts/pg-test.sh sh -c 'BENCH_DATABASE_URL=$DATABASE_URL python -m bench county_view'``)
    runs it on that database instead; the child migrates it and builds its data there."""
    import json

    env = {
        **os.environ,
        "DATA_DIR": str(temp_dir(prefix)),
        "DJANGO_SETTINGS_MODULE": "openvillage.settings",
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", ""),
    }
    out = subprocess.run(
        [sys.executable, "-m", module, str(argument)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])
