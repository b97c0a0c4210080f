"""Check a copy of the public record without the server: pure Python, no Django, no network.

A copy is either a *mirror directory* (written by ``openvillage ledger mirror``) or an *export
file* (written by ``openvillage ledger export``):

- mirror directory: ``entries.jsonl`` (one entry per line), ``heads.jsonl`` (one signed tree head
  per line), ``key.pem`` (the deployment's Ed25519 public key);
- export file: one JSON object ``{"format": "openvillage-ledger-v1", "public_key_pem": ...,
  "heads": [...], "entries": [...]}``.

An entry is ``{"index": 0, "leaf_hash": "<64 hex>", "record": "<canonical JSON text>"}``; the
leaf hash is SHA-256(0x00 || UTF-8 record) (RFC 9162 section 2.1.1). A head is ``{"tree_size",
"root_hash", "timestamp", "signature", "key_id"}``; the signature is Ed25519 over
:func:`head_message`. Run it as ``openvillage verify PATH`` or, on a machine with only Python and
``cryptography``, as ``python -m openvillage.ledger.offline PATH``.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openvillage.ledger import merkle

EXPORT_FORMAT = "openvillage-ledger-v1"
HEAD_PREFIX = b"openvillage-sth-v1\n"
_HEX = frozenset("0123456789abcdef")


class LedgerFileError(Exception):
    """A mirror or export that cannot be read at all (missing file, not JSON, wrong shape)."""


def canonical_json(value: Any) -> str:
    """Serialize ``value`` the one way the log hashes it: sorted keys, no spaces, UTF-8 text."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def record_leaf_hash(record: str) -> bytes:
    """Return the leaf hash of a record text: SHA-256(0x00 || UTF-8 bytes) (RFC 9162 2.1.1)."""
    return merkle.leaf_hash(record.encode("utf-8"))


def head_message(tree_size: int, root_hex: str, timestamp: int) -> bytes:
    """Return the exact bytes a tree head signature covers.

    ``b"openvillage-sth-v1\\n" + ASCII decimal tree size + b"\\n" + lower-case hex root (64
    characters) + b"\\n" + ASCII decimal timestamp (milliseconds since 1970-01-01 UTC)``, with no
    trailing newline.
    """
    return HEAD_PREFIX + f"{tree_size}\n{root_hex}\n{timestamp}".encode("ascii")


def is_hash_hex(value: object) -> bool:
    """Whether ``value`` is 64 lower-case hex digits (a SHA-256 hash as the log writes it)."""
    return isinstance(value, str) and len(value) == 64 and set(value) <= _HEX


def key_id(public_raw: bytes) -> str:
    """Name a public key by the first 16 hex digits of SHA-256 over its 32 raw bytes."""
    return hashlib.sha256(public_raw).hexdigest()[:16]


def load_public_key(pem: str):
    """Parse an Ed25519 public key in PEM form; raise LedgerFileError for anything else."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    from cryptography.hazmat.primitives.serialization import load_pem_public_key

    try:
        key = load_pem_public_key(pem.encode("ascii"))
    except (ValueError, UnicodeEncodeError) as error:
        raise LedgerFileError(f"the public key is not a PEM key: {error}") from None
    if not isinstance(key, Ed25519PublicKey):
        raise LedgerFileError("the public key is not an Ed25519 key")
    return key


def public_raw(public_key) -> bytes:
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    return public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def head_signature_ok(public_key, head: dict) -> bool:
    """Whether the head's signature is a valid Ed25519 signature of :func:`head_message`."""
    from cryptography.exceptions import InvalidSignature

    try:
        message = head_message(head["tree_size"], head["root_hash"], head["timestamp"])
        public_key.verify(bytes.fromhex(head["signature"]), message)
    except (InvalidSignature, KeyError, TypeError, ValueError, UnicodeEncodeError):
        return False
    return True


class RootAccumulator:
    """Push leaf hashes in order; ask for the root of the tree so far at any time.

    Keeps the compact range: one perfect subtree root per binary digit of the size, so memory is
    O(log n) and ``root()`` folds them right to left as RFC 9162 section 2.1.1 defines MTH.
    """

    def __init__(self) -> None:
        self.size = 0
        self._stack: list[tuple[int, bytes]] = []  # (level, hash), levels strictly decreasing

    def push(self, leaf: bytes) -> None:
        level, value = 0, leaf
        stack = self._stack
        while stack and stack[-1][0] == level:
            value = merkle.node_hash(stack.pop()[1], value)
            level += 1
        stack.append((level, value))
        self.size += 1

    def root(self) -> bytes:
        if not self._stack:
            return merkle.EMPTY_ROOT
        result = self._stack[-1][1]
        for _, left in reversed(self._stack[:-1]):
            result = merkle.node_hash(left, result)
        return result


# --- Reading a copy ----------------------------------------------------------------------------


@dataclass
class LedgerCopy:
    """A copy of the log: the public key (PEM), the heads and an iterable of entries in order."""

    public_key_pem: str
    heads: list[dict]
    entries: Iterable[dict]


def _jsonl(path: Path) -> Iterator[dict]:
    try:
        handle = path.open(encoding="utf-8")
    except OSError as error:
        raise LedgerFileError(f"cannot read {path}: {error.strerror}") from None
    with handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except ValueError:
                raise LedgerFileError(f"{path.name} line {number} is not JSON") from None
            if not isinstance(item, dict):
                raise LedgerFileError(f"{path.name} line {number} is not an object")
            yield item


def load_copy(path: str | Path) -> LedgerCopy:
    """Open a mirror directory or an export file; entries of a mirror are read lazily."""
    path = Path(path)
    if path.is_dir():
        try:
            pem = (path / "key.pem").read_text(encoding="ascii")
        except (OSError, UnicodeDecodeError):
            raise LedgerFileError(f"cannot read {path / 'key.pem'}") from None
        return LedgerCopy(pem, list(_jsonl(path / "heads.jsonl")), _jsonl(path / "entries.jsonl"))
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise LedgerFileError(f"cannot read {path}: {error.strerror}") from None
    except ValueError:
        raise LedgerFileError(f"{path} is not a JSON export of the public record") from None
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise LedgerFileError(f"{path} is not an export in the format {EXPORT_FORMAT}")
    heads, entries, pem = data.get("heads"), data.get("entries"), data.get("public_key_pem")
    if not isinstance(heads, list) or not isinstance(entries, list) or not isinstance(pem, str):
        raise LedgerFileError(f"{path} lacks heads, entries or public_key_pem")
    return LedgerCopy(pem, heads, entries)


# --- Verifying a copy --------------------------------------------------------------------------


@dataclass
class Report:
    """The outcome of a check: ``problem`` names the first broken entry or head, or is empty."""

    entries: int = 0
    heads: int = 0
    problem: str = ""
    broken_index: int | None = None
    roots: dict[int, bytes] = field(default_factory=dict)  # tree size -> recomputed root

    @property
    def ok(self) -> bool:
        return not self.problem


def head_shape_ok(head: object) -> bool:
    if not isinstance(head, dict):
        return False
    size, stamp = head.get("tree_size"), head.get("timestamp")
    return (
        isinstance(size, int)
        and not isinstance(size, bool)
        and 0 < size <= merkle.MAX_TREE_SIZE
        and isinstance(stamp, int)
        and is_hash_hex(head.get("root_hash"))
        and isinstance(head.get("signature"), str)
    )


def _describe(head: dict) -> str:
    return f"head of size {head.get('tree_size')} (root {str(head.get('root_hash'))[:16]}…)"


def verify_copy(copy: LedgerCopy) -> Report:
    """Recompute every leaf hash and every head's root, and check every head's signature.

    Stops at the first problem, in log order. All heads' roots are recomputed from the same
    sequence of leaves, so two heads that both match are consistent with each other (each is a
    prefix of the next): that recomputation is the consistency check of each head with the next.
    """
    report = Report()
    try:
        public_key = load_public_key(copy.public_key_pem)
    except LedgerFileError as error:
        report.problem = str(error)
        return report
    for head in copy.heads:
        if not head_shape_ok(head):
            report.problem = f"a head is malformed: {str(head)[:200]}"
            return report
    heads = sorted(copy.heads, key=lambda h: (h["tree_size"], h["timestamp"]))
    report.heads = len(heads)
    for head in heads:
        if not head_signature_ok(public_key, head):
            report.problem = f"{_describe(head)}: the signature does not verify with the key"
            return report
    pending = iter(heads)
    head = next(pending, None)
    acc = RootAccumulator()
    for entry in copy.entries:
        problem = entry_problem(entry, acc.size)
        if problem:
            report.problem, report.broken_index = problem, acc.size
            return report
        acc.push(bytes.fromhex(entry["leaf_hash"]))
        while head is not None and head["tree_size"] == acc.size:
            root = report.roots.setdefault(acc.size, acc.root())
            if root.hex() != head["root_hash"]:
                report.problem = (
                    f"{_describe(head)}: the root recomputed from entries 0 to {acc.size - 1} is "
                    f"{root.hex()}, not the signed one; an entry below {acc.size} was changed"
                )
                return report
            head = next(pending, None)
    report.entries = acc.size
    if head is not None:
        report.problem = f"{_describe(head)}: the copy has only {acc.size} entries"
    return report


def entry_problem(entry: object, expected_index: int) -> str:
    """Describe what is wrong with one entry, or return an empty string."""
    if not isinstance(entry, dict) or entry.get("index") != expected_index:
        return f"entry {expected_index} is missing or out of order"
    record, claimed = entry.get("record"), entry.get("leaf_hash")
    if not isinstance(record, str) or not is_hash_hex(claimed):
        return f"entry {expected_index} is malformed"
    if record_leaf_hash(record).hex() != claimed:
        return f"entry {expected_index}: its record does not match its leaf hash (changed)"
    return ""


def record_texts(raw: bytes) -> list[str]:
    """Return the texts a record file may stand for: as written, then in canonical JSON form."""
    text = raw.decode("utf-8").removeprefix("\ufeff")
    texts = [text.rstrip("\r\n")]
    with contextlib.suppress(ValueError):
        texts.append(canonical_json(json.loads(text)))
    return list(dict.fromkeys(texts))


def find_inclusion(copy: LedgerCopy, raw_record: bytes) -> tuple[int, int] | None:
    """Find the record in the copy and prove it is in the largest head; return (index, size).

    Recomputes the inclusion proof from the copy's leaves and checks it with
    :func:`merkle.verify_inclusion` against the largest head's root. Returns None if the record
    is not among the entries the largest head covers.
    """
    wanted = {record_leaf_hash(text) for text in record_texts(raw_record)}
    heads = copy.heads
    if not heads:
        return None
    top = max(heads, key=lambda h: (h["tree_size"], h["timestamp"]))
    leaves = [bytes.fromhex(e["leaf_hash"]) for e in copy.entries][: top["tree_size"]]
    index = next((i for i, leaf in enumerate(leaves) if leaf in wanted), None)
    if index is None:
        return None
    proof = merkle.inclusion_proof(leaves, index)
    root = bytes.fromhex(top["root_hash"])
    if not merkle.verify_inclusion(leaves[index], index, len(leaves), proof, root):
        return None
    return index, top["tree_size"]


def run(path: str, record: str | None = None, out=sys.stdout) -> int:
    """Check the copy at ``path`` (and the record file, if given); print and return an exit code."""
    try:
        report = verify_copy(load_copy(path))
    except LedgerFileError as error:
        print(f"FAILED: {error}", file=out)
        return 2
    if not report.ok:
        print(f"FAILED: {report.problem}", file=out)
        return 1
    print(f"OK: {report.entries} entries, {report.heads} signed heads verified", file=out)
    if record is None:
        return 0
    try:
        raw = Path(record).read_bytes()
        found = find_inclusion(load_copy(path), raw)
    except (OSError, UnicodeDecodeError) as error:
        print(f"FAILED: cannot read the record {record}: {error}", file=out)
        return 2
    if found is None:
        print(
            "FAILED: the record is not in the public record covered by the signed heads", file=out
        )
        return 1
    index, size = found
    print(f"OK: the record is entry {index} of the public record (head of size {size})", file=out)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check a copy of the public record offline.")
    parser.add_argument("path", help="a mirror directory or an export file")
    parser.add_argument("--record", help="a record file (JSON) to find in the copy")
    args = parser.parse_args(argv)
    return run(args.path, args.record)


if __name__ == "__main__":
    sys.exit(main())
