"""Reads of the public record: roots, proofs, heads and pages of entries.

Everything here is public (the log holds only hashes and public records). Each root or proof
reads the O(log n) stored subtree roots that :mod:`merkle` lists, in one query.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext

from openvillage.core.errors import InvalidInput, NotFound
from openvillage.core.text import gettext_noop
from openvillage.ledger import merkle, offline
from openvillage.ledger.models import AuditRun, Entry, LogState, Node, TreeHead, node_key

MAX_ENTRIES_PAGE = 1000
LEVEL_ONE = node_key(1, 0)
MAX_HEADS_PAGE = 1000


class BadRequest(InvalidInput):
    """A malformed hash or size, or a size beyond the log (HTTP 400)."""

    http_status = 400


class LedgerCorrupt(RuntimeError):
    """A stored subtree root that the log needs is missing: run `openvillage ledger audit`."""


@dataclass(frozen=True)
class InclusionProof:
    leaf_index: int
    tree_size: int
    leaf_hash: str
    audit_path: list[str]
    root_hash: str


@dataclass(frozen=True)
class ConsistencyProof:
    first: int
    second: int
    first_root: str
    second_root: str
    proof: list[str]


# --- Parsing input -----------------------------------------------------------------------------


def parse_hash(value: str, field: str) -> str:
    """Return the hash as 64 lower-case hex digits, or raise BadRequest naming the field."""
    text = (value or "").strip().lower()
    if not offline.is_hash_hex(text):
        raise BadRequest(
            gettext_noop("%(field)s must be a SHA-256 hash: 64 hexadecimal digits."),
            {"field": field},
            field=field,
        )
    return text


def parse_size(value: str | int, field: str, *, minimum: int = 0) -> int:
    """Return a whole number >= minimum, or raise BadRequest naming the field."""
    text = str(value).strip()
    if not text.isascii() or not text.isdigit() or len(text) > 20 or int(text) < minimum:
        raise BadRequest(
            gettext_noop("%(field)s must be a whole number of at least %(minimum)s."),
            {"field": field, "minimum": minimum},
            field=field,
        )
    return int(text)


def _beyond(field: str, size: int, log_size: int) -> BadRequest:
    return BadRequest(
        gettext_noop("%(field)s is %(size)s, beyond the log, which has %(log)s entries."),
        {"field": field, "size": size, "log": log_size},
        field=field,
    )


# --- Subtree roots -----------------------------------------------------------------------------


def log_size() -> int:
    return LogState.objects.filter(pk=1).values_list("size", flat=True).first() or 0


def _coordinates(start: int, end: int) -> tuple[int, int]:
    level = (end - start).bit_length() - 1
    return level, start >> level


def subtree_roots(ranges: Iterable[merkle.Subtree]) -> dict[merkle.Subtree, bytes]:
    """Fetch MTH(D[start:end]) of aligned perfect subtrees in one query (leaves from Entry).

    Raw SQL on purpose: building the same OR of ~40 lookups with the ORM costs milliseconds of
    Python per proof, the query itself a few dozen microseconds (both read by primary key).
    """
    wanted = {node_key(*_coordinates(s, e)): (s, e) for s, e in ranges}
    if not wanted:
        return {}
    # Identifiers come from the models; every value is a parameter.
    q = connection.ops.quote_name
    entries, nodes_table, index = q(Entry._meta.db_table), q(Node._meta.db_table), q("index")
    parts, params = [], []
    leaves = [key for key in wanted if key < LEVEL_ONE]  # level 0: the key is the index
    if leaves:
        marks = ", ".join(["%s"] * len(leaves))
        parts.append(f"SELECT {index}, leaf_hash FROM {entries} WHERE {index} IN ({marks})")  # noqa: S608
        params += leaves
    keys = [key for key in wanted if key >= LEVEL_ONE]
    if keys:
        marks = ", ".join(["%s"] * len(keys))
        parts.append(f"SELECT {q('key')}, hash FROM {nodes_table} WHERE {q('key')} IN ({marks})")  # noqa: S608
        params += keys
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        found = {wanted[key]: bytes.fromhex(h) for key, h in cursor.fetchall()}
    missing = [r for r in wanted.values() if r not in found]
    if missing:
        raise LedgerCorrupt(f"stored subtree roots are missing for leaf ranges {missing[:5]}")
    return found


def _lookup(roots: dict[merkle.Subtree, bytes]) -> merkle.SubtreeRoot:
    return lambda start, end: roots[(start, end)]


def root_at(tree_size: int) -> bytes:
    """MTH(D[tree_size]) from the stored subtree roots (the caller checks the size)."""
    roots = subtree_roots(merkle.root_subtrees(tree_size))
    return merkle.root_from(tree_size, _lookup(roots))


# --- Proofs ------------------------------------------------------------------------------------


def inclusion_proof_at(index: int, tree_size: int) -> InclusionProof:
    """The inclusion proof of leaf ``index`` in the tree of ``tree_size`` (checked by caller)."""
    needed = merkle.inclusion_subtrees(tree_size, index) + merkle.root_subtrees(tree_size)
    needed.append((index, index + 1))
    roots = subtree_roots(needed)
    path = merkle.inclusion_proof_from(tree_size, index, _lookup(roots))
    return InclusionProof(
        leaf_index=index,
        tree_size=tree_size,
        leaf_hash=roots[(index, index + 1)].hex(),
        audit_path=[p.hex() for p in path],
        root_hash=merkle.root_from(tree_size, _lookup(roots)).hex(),
    )


def inclusion_proof_for(leaf_hash_hex: str, tree_size: str | int) -> InclusionProof:
    """Prove the first entry with this leaf hash is in the tree of ``tree_size``."""
    leaf = parse_hash(leaf_hash_hex, "leaf_hash")
    size = parse_size(tree_size, "tree_size", minimum=1)
    current = log_size()
    if size > current:
        raise _beyond("tree_size", size, current)
    index = (
        Entry.objects.filter(leaf_hash=leaf, index__lt=size)
        .order_by("index")
        .values_list("index", flat=True)
        .first()
    )
    if index is None:
        raise NotFound(
            gettext_noop("No entry among the first %(size)s has the leaf hash %(leaf)s."),
            {"size": size, "leaf": leaf},
        )
    return inclusion_proof_at(index, size)


def consistency_proof_for(first: str | int, second: str | int) -> ConsistencyProof:
    """Prove the tree of size ``second`` extends the tree of size ``first``."""
    old = parse_size(first, "first", minimum=1)
    new = parse_size(second, "second", minimum=1)
    if old > new:
        raise BadRequest(
            gettext_noop("first (%(first)s) must not be larger than second (%(second)s)."),
            {"first": old, "second": new},
            field="first",
        )
    current = log_size()
    if new > current:
        raise _beyond("second", new, current)
    needed = merkle.consistency_subtrees(new, old)
    needed += merkle.root_subtrees(old) + merkle.root_subtrees(new)
    roots = subtree_roots(needed)
    proof = merkle.consistency_proof_from(new, old, _lookup(roots))
    return ConsistencyProof(
        first=old,
        second=new,
        first_root=merkle.root_from(old, _lookup(roots)).hex(),
        second_root=merkle.root_from(new, _lookup(roots)).hex(),
        proof=[p.hex() for p in proof],
    )


# --- Entries and heads -------------------------------------------------------------------------


def entries(start: str | int, end: str | int) -> list[dict]:
    """Entries ``start`` to ``end - 1`` (at most 1000, fewer at the end of the log), in order."""
    first = parse_size(start, "start")
    last = parse_size(end, "end", minimum=1)
    current = log_size()
    if first >= current:
        raise _beyond("start", first, current)
    if last <= first:
        raise BadRequest(gettext_noop("end must be larger than start."), field="end")
    last = min(last, current, first + MAX_ENTRIES_PAGE)
    rows = Entry.objects.filter(index__gte=first, index__lt=last).order_by("index")
    return list(rows.values("index", "leaf_hash", "record"))


def head_dict(head: TreeHead) -> dict:
    return {
        "tree_size": head.tree_size,
        "root_hash": head.root_hash,
        "timestamp": head.timestamp,
        "signature": head.signature,
        "key_id": head.key_id,
    }


def latest_head() -> TreeHead | None:
    return TreeHead.objects.order_by("-tree_size", "-id").first()


def tree_head(size: str | int) -> TreeHead:
    """The latest signed head of this size, or NotFound."""
    tree_size = parse_size(size, "tree_size", minimum=1)
    head = TreeHead.objects.filter(tree_size=tree_size).order_by("-id").first()
    if head is None:
        raise NotFound(
            gettext_noop("No signed tree head has the size %(size)s."), {"size": tree_size}
        )
    return head


def heads_page(offset: str | int, limit: int = MAX_HEADS_PAGE) -> list[TreeHead]:
    """Signed heads in the order they were signed, from ``offset`` (for mirrors)."""
    first = parse_size(offset, "offset")
    return list(TreeHead.objects.order_by("id")[first : first + min(limit, MAX_HEADS_PAGE)])


def head_time(head: TreeHead) -> datetime:
    return datetime.fromtimestamp(head.timestamp / 1000, tz=UTC)


def latest_head_short() -> str:
    """The latest head in a line for posters: "size 1234 · root 9f86d081… · 2026-11-23"."""
    head = latest_head()
    if head is None:
        return ""
    day = timezone.localtime(head_time(head)).date().isoformat()
    return gettext("size %(size)s · root %(root)s… · %(date)s") % {
        "size": head.tree_size,
        "root": head.root_hash[:8],
        "date": day,
    }


def latest_audit() -> AuditRun | None:
    return AuditRun.objects.exclude(finished_at=None).order_by("-id").first()


def entries_for_object(object_type: str, object_id: str) -> list[Entry]:
    """Every entry recorded for one object, oldest version first."""
    rows = Entry.objects.filter(object_type=object_type, object_id=str(object_id))
    return list(rows.order_by("version", "index"))


def proof_context(entry: Entry) -> dict:
    """The context of ``ledger/_proof.html`` for one entry: entry, head, proof (hex list).

    ``head`` is None, and ``proof`` empty, while no signed head covers the entry yet.
    """
    head = latest_head()
    if head is None or head.tree_size <= entry.index:
        return {"entry": entry, "head": None, "proof": []}
    proof = inclusion_proof_at(entry.index, head.tree_size)
    return {"entry": entry, "head": head, "proof": proof.audit_path}
