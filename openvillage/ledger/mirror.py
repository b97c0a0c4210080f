"""Copy the public record from a server into a directory, check it, and extend it later.

Pure Python (no Django): ``openvillage ledger mirror BASE_URL --dir DIR`` calls :func:`mirror`.
The directory holds ``key.pem``, ``heads.jsonl`` and ``entries.jsonl`` (see
:mod:`openvillage.ledger.offline`). Each run fetches the key, every signed head, and the entries
the mirror lacks; it checks every signature and recomputes every head's root from *its own*
older entries plus the new ones. A new head that does not fit a head seen before is a fork: the
server rewrote history. Nothing is written unless everything checks; files are replaced
atomically, so a failed run keeps what the mirror had.
"""

from __future__ import annotations

import json
import os
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from openvillage.ledger import merkle, offline

Fetch = Callable[[str], bytes]
"""Return the body of a GET of the URL; raise MirrorError if it cannot (status other than 200)."""


class MirrorError(Exception):
    """The server cannot be reached or sent something that is not a valid log (exit 2)."""


class ForkDetected(MirrorError):
    """A head from the server is inconsistent with a head seen before (exit 1)."""


@dataclass
class MirrorResult:
    entries_before: int
    entries_after: int
    heads_before: int
    heads_after: int


def urllib_fetch(url: str, timeout: float = 30.0) -> bytes:
    if not url.startswith(("http://", "https://")):
        raise MirrorError(f"not an http(s) URL: {url}")
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310
            return response.read()
    except urllib.error.HTTPError as error:
        raise MirrorError(f"{url} answered HTTP {error.code}") from None
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise MirrorError(f"cannot reach {url}: {reason}") from None


def _json(fetch: Fetch, url: str) -> object:
    body = fetch(url)
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise MirrorError(f"{url} did not answer with JSON (garbage: {body[:60]!r})") from None


def _describe(head: dict) -> str:
    return f"head of size {head['tree_size']} (root {head['root_hash']}, time {head['timestamp']})"


def _head_key(head: dict) -> tuple:
    return (head["tree_size"], head["timestamp"], head["root_hash"])


class _Mirror:
    def __init__(self, base_url: str, directory: Path, fetch: Fetch, page: int) -> None:
        self.api = base_url.rstrip("/") + "/api/v1/ledger"
        self.dir, self.fetch, self.page = directory, fetch, page
        self.entries_path = directory / "entries.jsonl"
        self.heads_path = directory / "heads.jsonl"
        self.key_path = directory / "key.pem"

    def load_old(self) -> tuple[str | None, list[dict]]:
        if not self.key_path.exists():
            return None, []
        copy = offline.load_copy(self.dir)
        return copy.public_key_pem, copy.heads

    def fetch_key(self, old_pem: str | None) -> tuple[str, object]:
        data = _json(self.fetch, f"{self.api}/key")
        pem = data.get("public_key_pem") if isinstance(data, dict) else None
        if not isinstance(pem, str):
            raise MirrorError(f"{self.api}/key did not give a public key")
        try:
            public_key = offline.load_public_key(pem)
        except offline.LedgerFileError as error:
            raise MirrorError(f"{self.api}/key: {error}") from None
        if old_pem is not None and old_pem.strip() != pem.strip():
            raise ForkDetected("the server now signs with a different key than the one mirrored")
        return pem, public_key

    def fetch_heads(self, public_key) -> list[dict]:
        heads: list[dict] = []
        while True:
            batch = _json(self.fetch, f"{self.api}/heads?offset={len(heads)}")
            if not isinstance(batch, list):
                raise MirrorError(f"{self.api}/heads did not give a list of heads")
            for head in batch:
                if not offline.head_shape_ok(head):
                    raise MirrorError(f"the server sent a malformed head: {str(head)[:120]}")
                if not offline.head_signature_ok(public_key, head):
                    raise MirrorError(f"the signature of the {_describe(head)} does not verify")
            heads += [
                {k: h[k] for k in ("tree_size", "root_hash", "timestamp", "signature", "key_id")}
                for h in batch
            ]
            if len(batch) < 1000:
                return heads

    def check_consistency(self, old: dict, new: dict) -> None:
        """Ask the server to prove ``new`` extends ``old``; a proof that fails means a fork."""
        if new["tree_size"] < old["tree_size"]:
            old, new = new, old
        url = f"{self.api}/proof/consistency?first={old['tree_size']}&second={new['tree_size']}"
        try:
            data = _json(self.fetch, url)
        except ForkDetected:
            raise
        except MirrorError:
            data = None
        proof = data.get("proof") if isinstance(data, dict) else None
        try:
            hashes = [bytes.fromhex(h) for h in proof] if isinstance(proof, list) else None
        except (TypeError, ValueError):
            hashes = None
        ok = hashes is not None and merkle.verify_consistency(
            old["tree_size"],
            new["tree_size"],
            bytes.fromhex(old["root_hash"]),
            bytes.fromhex(new["root_hash"]),
            hashes,
        )
        if not ok:
            raise ForkDetected(
                f"FORK: the {_describe(new)} is not consistent with the {_describe(old)}"
            )

    def stream(self, heads: list[dict], tmp_entries: Path) -> tuple[int, int, dict[int, bytes]]:
        """Copy the old entries, fetch the new ones, recompute roots at every head size."""
        wanted = {h["tree_size"] for h in heads}
        target = max(wanted, default=0)
        acc, roots = offline.RootAccumulator(), {}
        with tmp_entries.open("w", encoding="utf-8") as out:
            if self.entries_path.exists():
                for entry in offline.load_copy(self.dir).entries:
                    self._push(acc, entry, roots, wanted, "the mirror on disk")
                    out.write(json.dumps(entry, ensure_ascii=False) + "\n")
            before = acc.size
            while acc.size < target:
                end = min(acc.size + self.page, target)
                data = _json(self.fetch, f"{self.api}/entries?start={acc.size}&end={end}")
                batch = data.get("entries") if isinstance(data, dict) else None
                if not isinstance(batch, list) or not batch:
                    raise MirrorError(f"the server sent no entries from {acc.size}")
                for item in batch:
                    entry = {k: item.get(k) for k in ("index", "leaf_hash", "record")}
                    self._push(acc, entry, roots, wanted, "the server")
                    out.write(json.dumps(entry, ensure_ascii=False) + "\n")
            out.flush()
            os.fsync(out.fileno())
        return before, acc.size, roots

    @staticmethod
    def _push(acc, entry, roots, wanted, source: str) -> None:
        problem = offline.entry_problem(entry, acc.size)
        if problem:
            raise MirrorError(f"{source}: {problem}")
        acc.push(bytes.fromhex(entry["leaf_hash"]))
        if acc.size in wanted:
            roots[acc.size] = acc.root()


def _nearest(old_heads: list[dict], size: int) -> dict:
    below = [h for h in old_heads if h["tree_size"] <= size]
    if below:
        return max(below, key=lambda h: h["tree_size"])
    return min(old_heads, key=lambda h: h["tree_size"])


def mirror(
    base_url: str, directory: str | Path, *, fetch: Fetch = urllib_fetch, page: int = 1000
) -> MirrorResult:
    """Create or extend the mirror; raise MirrorError (or ForkDetected) and keep the old files."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    m = _Mirror(base_url, directory, fetch, page)
    try:
        old_pem, old_heads = m.load_old()
    except offline.LedgerFileError as error:
        raise MirrorError(f"the mirror in {directory} is damaged: {error}") from None
    pem, public_key = m.fetch_key(old_pem)
    server_heads = m.fetch_heads(public_key)
    if not server_heads:
        raise MirrorError("the server has not signed any tree head yet")
    known = {_head_key(h) for h in old_heads}
    new_heads = [h for h in server_heads if _head_key(h) not in known]
    if old_heads and new_heads:
        latest_old = max(old_heads, key=lambda h: (h["tree_size"], h["timestamp"]))
        latest_new = max(new_heads, key=lambda h: (h["tree_size"], h["timestamp"]))
        m.check_consistency(latest_old, latest_new)
    all_heads = old_heads + new_heads
    fd, tmp_name = tempfile.mkstemp(dir=directory, prefix=".entries-", suffix=".tmp")
    os.close(fd)
    tmp_entries = Path(tmp_name)
    try:
        before, after, roots = m.stream(all_heads, tmp_entries)
        for head in all_heads:
            if roots.get(head["tree_size"]) != bytes.fromhex(head["root_hash"]):
                if _head_key(head) in known:
                    raise MirrorError(f"the mirror on disk does not match its {_describe(head)}")
                if old_heads:
                    raise ForkDetected(
                        f"FORK: the {_describe(head)} is not consistent with the "
                        f"{_describe(_nearest(old_heads, head['tree_size']))} seen before"
                    )
                raise MirrorError(f"the server's entries do not match its {_describe(head)}")
        _write_atomic(directory / "key.pem", pem)
        os.replace(tmp_entries, m.entries_path)
        heads_text = "".join(json.dumps(h, sort_keys=True) + "\n" for h in all_heads)
        _write_atomic(m.heads_path, heads_text)
    finally:
        if tmp_entries.exists():
            tmp_entries.unlink()
    return MirrorResult(before, after, len(old_heads), len(all_heads))


def _write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
