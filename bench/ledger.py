"""The public record (RFC 9162 log): appends, inclusion proofs in a 1,000,000-entry log, audit.

    python -m bench.ledger [--entries 1000000] [--batches 30] [--proofs 1000]

Aims (Tamper-evident public record issue): an inclusion proof under 10 ms in a log of a million
entries; a full self-audit at 50% or more of the raw hashlib rate for the same hashes, both
measured in the same run. Runs in its own process on a fresh SQLite file in a temporary DATA_DIR
(Django reads DATA_DIR once); prints one JSON line that :func:`run` returns.

- appends: ``ledger_append`` in transactions of 100 (each commit signs one tree head);
- the million-entry log is built directly with bulk inserts of rows computed by merkle.py;
- proofs: ``selectors.inclusion_proof_for`` (leaf-hash lookup + one subtree query) for random
  leaves, median and p99;
- audit: ``services.ledger_audit`` (records read from the database, every leaf, subtree and head
  recomputed) against the time hashlib alone takes for the same leaf and node hashes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime

AIM_PROOF_MS = 10.0
AIM_AUDIT_RATIO = 0.50
CHUNK = 1 << 14


def run(entries: int | None = None, batches: int | None = None, proofs: int | None = None) -> dict:
    """Run the benchmark in a child process with a throw-away data directory."""
    entries = entries or int(os.environ.get("BENCH_LEDGER_ENTRIES", "1000000"))
    data_dir = tempfile.mkdtemp(prefix="ov-bench-ledger-")
    env = {
        **os.environ,
        "DATA_DIR": data_dir,
        "DJANGO_SETTINGS_MODULE": "openvillage.settings",
        "SECRET_KEY": "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
        "ID_HASH_KEY": "bench-only-id-hash-key-0123456789abcdefghijklmnopqrstuvwxyz",
        "DATABASE_URL": f"sqlite:///{data_dir}/ledger.sqlite3",
        "DEBUG": "0",
        "LOG_LEVEL": "WARNING",
    }
    command = [sys.executable, "-m", "bench.ledger", "--entries", str(entries)]
    command += ["--batches", str(batches or 30), "--proofs", str(proofs or 1000)]
    try:
        out = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    except subprocess.CalledProcessError as error:
        print(error.stdout[-2000:], error.stderr[-4000:], sep="\n", file=sys.stderr)
        raise
    print(out.stdout, end="")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _records(start: int, end: int) -> list[str]:
    """Deterministic records shaped like real ones (same fields and lengths)."""
    from openvillage.ledger.services import build_record

    moment = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    return [
        build_record(
            kind="disclosure.version",
            object_type="disclosure.item",
            object_id=str(100000 + i),
            version=1 + i % 3,
            content=f"item {i}".encode(),
            attachments=[("minutes.pdf", i.to_bytes(8, "big"))] if i % 2 else [],
            unit_code=f"9901000{i % 300:05d}",
            moment=moment,
        )
        for i in range(start, end)
    ]


def _bench_appends(batches: int) -> float:
    from django.db import transaction

    from openvillage.ledger.services import ledger_append

    started = 0.0
    for batch in range(batches + 1):
        if batch == 1:  # batch 0 warms up: key file, statements, caches
            started = time.perf_counter()
        with transaction.atomic():
            for i in range(100):
                ledger_append(
                    kind="disclosure.version",
                    object_type="disclosure.item",
                    object_id=str(batch * 100 + i),
                    version=1,
                    content={"title": "村务公开", "n": i},
                    attachments=[("a.pdf", b"%PDF-1.7")],
                    unit_path="/990100000000/",
                    unit_code="990100000000",
                )
    return batches * 100 / (time.perf_counter() - started)


def _build_log(size: int) -> None:
    """Fill Entry and Node with ``size`` entries computed here (much faster than appends)."""
    from django.db import connection, transaction

    from openvillage.ledger import merkle
    from openvillage.ledger.models import Entry, LogState, Node, TreeHead, node_key
    from openvillage.ledger.services import sign_tree_head

    for model in (Entry, Node, TreeHead, LogState):
        model.objects.all().delete()
    q = connection.ops.quote_name
    columns = "leaf_hash, record, kind, object_type, object_id, version, unit_path, created_at"
    entry_table, node_table = q(Entry._meta.db_table), q(Node._meta.db_table)
    entry_sql = (
        f"INSERT INTO {entry_table} ({q('index')}, {columns}) VALUES ({', '.join(['%s'] * 9)})"  # noqa: S608
    )
    node_sql = f"INSERT INTO {node_table} ({q('key')}, hash) VALUES (%s, %s)"  # noqa: S608
    carry: list[tuple[int, bytes]] = []
    created = datetime(2026, 11, 23, tzinfo=UTC).isoformat()
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, size, CHUNK):
            end = min(start + CHUNK, size)
            records = _records(start, end)
            leaves = [merkle.leaf_hash(r.encode()) for r in records]
            cursor.executemany(
                entry_sql,
                [
                    (
                        start + i,
                        leaf.hex(),
                        r,
                        "disclosure.version",
                        "disclosure.item",
                        str(100000 + start + i),
                        1,
                        "/990100000000/",
                        created,
                    )
                    for i, (r, leaf) in enumerate(zip(records, leaves, strict=True))
                ],
            )
            nodes = []
            for leaf_index, leaf in enumerate(leaves, start=start):
                level, value = 0, leaf
                while carry and carry[-1][0] == level:
                    value = merkle.node_hash(carry.pop()[1], value)
                    level += 1
                    nodes.append((node_key(level, (leaf_index + 1 >> level) - 1), value.hex()))
                carry.append((level, value))
            cursor.executemany(node_sql, sorted(nodes))
        LogState.objects.create(pk=1, size=size)
    sign_tree_head()


def _bench_proofs(size: int, count: int) -> dict:
    import random

    from openvillage.ledger import merkle, selectors
    from openvillage.ledger.models import Entry

    rng = random.Random(9162)
    head = selectors.latest_head()
    picks = [rng.randrange(size) for _ in range(count)]
    leaves = dict(Entry.objects.filter(index__in=picks).values_list("index", "leaf_hash"))
    timings = []
    for index in picks:
        started = time.perf_counter()
        proof = selectors.inclusion_proof_for(leaves[index], size)
        timings.append((time.perf_counter() - started) * 1000)
        if proof.leaf_index != index:  # a duplicate leaf is impossible here: records differ
            raise AssertionError(f"proof for {index} names {proof.leaf_index}")
        path = [bytes.fromhex(h) for h in proof.audit_path]
        root = bytes.fromhex(head.root_hash)
        if not merkle.verify_inclusion(bytes.fromhex(leaves[index]), index, size, path, root):
            raise AssertionError(f"the proof of leaf {index} does not verify")
    timings.sort()
    return {
        "proof_median_ms": round(statistics.median(timings), 3),
        "proof_p99_ms": round(timings[int(len(timings) * 0.99) - 1], 3),
    }


def _raw_hash_seconds(size: int) -> float:
    """Time hashlib alone on the same leaf and node hashes the audit computes (data prepared)."""
    sha = hashlib.sha256
    total = 0.0
    for start in range(0, size, CHUNK):
        data = [b"\x00" + r.encode() for r in _records(start, min(start + CHUNK, size))]
        began = time.perf_counter()
        level = [sha(d).digest() for d in data]
        while len(level) > 1:
            level = [
                sha(b"\x01" + level[i] + level[i + 1]).digest() for i in range(0, len(level) - 1, 2)
            ]
        total += time.perf_counter() - began
    return total


def _child(entries: int, batches: int, proofs: int) -> dict:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from openvillage.ledger.services import ledger_audit

    result: dict = {"appends_per_second": round(_bench_appends(batches), 1), "batch": 100}
    began = time.perf_counter()
    _build_log(entries)
    result["build_seconds"] = round(time.perf_counter() - began, 1)
    result["entries"] = entries
    result.update(_bench_proofs(entries, proofs))
    began = time.perf_counter()
    run_ = ledger_audit()
    audit_seconds = time.perf_counter() - began
    if not run_.ok:
        raise AssertionError(run_.message)
    raw = _raw_hash_seconds(entries)
    result["audit_seconds"] = round(audit_seconds, 2)
    result["raw_hash_seconds"] = round(raw, 2)
    result["audit_ratio"] = round(raw / audit_seconds, 3)
    result["summary"] = (
        f"{result['appends_per_second']:.0f} appends/s (batches of 100); proof in "
        f"{entries:,} entries median {result['proof_median_ms']} ms, p99 "
        f"{result['proof_p99_ms']} ms (aim < {AIM_PROOF_MS}); audit {audit_seconds:.1f} s = "
        f"{result['audit_ratio']:.0%} of raw hashlib (aim >= {AIM_AUDIT_RATIO:.0%})"
    )
    return result


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ledger")
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--batches", type=int, default=30)
    parser.add_argument("--proofs", type=int, default=1000)
    args = parser.parse_args(argv)
    if "DATA_DIR" not in os.environ:  # run directly: go through run() for a fresh data dir
        print(json.dumps(run(args.entries, args.batches, args.proofs)))
        return 0
    try:
        print(json.dumps(_child(args.entries, args.batches, args.proofs)))
    finally:
        if os.environ["DATA_DIR"].startswith(tempfile.gettempdir()):
            shutil.rmtree(os.environ["DATA_DIR"], ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
