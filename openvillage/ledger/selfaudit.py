"""Recompute the stored log from its records: every leaf hash, subtree root and head root.

Streams the log in aligned chunks of ``2**CHUNK_BITS`` entries, so time is O(n) and memory is
bounded. Within a chunk the tree is hashed level by level and compared with the stored rows as
one byte string per level (a single comparison, located only when it fails). Subtree roots
above the chunk and head roots are folded from a carried compact range.
"""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass
from operator import itemgetter

from django.db import connection

from openvillage.ledger import merkle, offline
from openvillage.ledger.models import POSITION_BITS, Entry, LogState, Node, TreeHead, node_key

CHUNK_BITS = 14


@dataclass
class Outcome:
    ok: bool = True
    entries: int = 0
    heads: int = 0
    broken_index: int | None = None
    message: str = ""

    def fail(self, message: str, index: int | None = None) -> Outcome:
        self.ok, self.message, self.broken_index = False, message, index
        return self


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _select(model, columns: list[str], where: str, order: list[str]) -> str:
    """Raw SELECT for the slow path; identifiers come from the model, values are parameters."""
    names, ordering = ", ".join(map(_q, columns)), ", ".join(map(_q, order))
    table = _q(model._meta.db_table)
    return f"SELECT {names} FROM {table} WHERE {where} ORDER BY {ordering}"  # noqa: S608


def _concat(column: str, order: str) -> str:
    """An aggregate that joins a column's values in order into one string."""
    if connection.vendor == "postgresql":
        return f"string_agg({_q(column)}, '' ORDER BY {_q(order)})"
    if sqlite3.sqlite_version_info >= (3, 44):
        return f"group_concat({_q(column)}, '' ORDER BY {_q(order)})"
    return f"group_concat({_q(column)}, '')"  # older SQLite: the rows come in index order


def _records_with_leaves(start: int, end: int) -> list[tuple[str, bytes]]:
    """(stored leaf hash, record as UTF-8 bytes) in index order; the database does the encoding."""
    if connection.vendor == "postgresql":
        record = f"convert_to({_q('record')}, 'UTF8')"
    elif connection.vendor == "sqlite":
        record = f"CAST({_q('record')} AS BLOB)"
    else:
        record = _q("record")
    index, table = _q("index"), _q(Entry._meta.db_table)
    sql = (
        f"SELECT leaf_hash, {record} FROM {table}"  # noqa: S608
        f" WHERE {index} >= %s AND {index} < %s ORDER BY {index}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [start, end])
        rows = cursor.fetchall()
    if rows and not isinstance(rows[0][1], bytes):  # a backend that gives str or memoryview
        rows = [(h, r.encode("utf-8") if isinstance(r, str) else bytes(r)) for h, r in rows]
    return rows


def _level_summaries(wanted: dict[int, tuple[int, int]]) -> dict[int, tuple[int, str]]:
    """For each ``level: (first, stop)``, the node count and hashes joined in position order."""
    if not wanted:
        return {}
    table, key = _q(Node._meta.db_table), _q("key")
    part = (
        f"SELECT %s, count(*), {_concat('hash', 'key')} FROM {table}"  # noqa: S608
        f" WHERE {key} >= %s AND {key} < %s"
    )
    params = [v for lv, (a, b) in wanted.items() for v in (lv, node_key(lv, a), node_key(lv, b))]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join([part] * len(wanted)), params)
        return {int(level): (count, joined or "") for level, count, joined in cursor.fetchall()}


def _fetch_entries(start: int, end: int) -> list[tuple[int, str, str]]:
    where = f"{_q('index')} >= %s AND {_q('index')} < %s"
    sql = _select(Entry, ["index", "leaf_hash", "record"], where, ["index"])
    with connection.cursor() as cursor:
        cursor.execute(sql, [start, end])
        return cursor.fetchall()


def _fetch_nodes(wanted: dict[int, tuple[int, int]]) -> dict[int, list[tuple[int, str]]]:
    """Stored nodes per level for position ranges ``{level: (first, stop)}``, in order."""
    key = _q("key")
    where = " OR ".join(f"({key} >= %s AND {key} < %s)" for _ in wanted)
    params = [v for lv, (a, b) in wanted.items() for v in (node_key(lv, a), node_key(lv, b))]
    sql = _select(Node, ["key", "hash"], where, ["key"])
    found: dict[int, list[tuple[int, str]]] = {level: [] for level in wanted}
    mask = (1 << POSITION_BITS) - 1
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for number, value in cursor.fetchall():
            found[number >> POSITION_BITS].append((number & mask, value))
    return found


def _fold(hashes: list[bytes]) -> bytes:
    result = hashes[-1]
    for left in reversed(hashes[:-1]):
        result = merkle.node_hash(left, result)
    return result


class _Auditor:
    def __init__(self, public_key, outcome: Outcome) -> None:
        self.public_key = public_key
        self.outcome = outcome
        self.carry: list[tuple[int, bytes]] = []  # compact range of the leaves before the chunk

    def check_chunk(self, start: int, end: int, heads: list[dict]) -> bool:
        sha = hashlib.sha256
        rows = _records_with_leaves(start, end)
        leaves = [sha(b"\x00" + record).digest() for _, record in rows]
        joined = "".join(map(itemgetter(0), rows))
        stored_ok = len(rows) == end - start and joined == b"".join(leaves).hex()
        if not stored_ok and not self._locate_entry(start, end):
            return False
        levels = [leaves]
        while len(levels[-1]) > 1:
            prev = levels[-1]
            levels.append(
                [sha(b"\x01" + prev[i] + prev[i + 1]).digest() for i in range(0, len(prev) - 1, 2)]
            )
        if not self._check_levels(start, levels):
            return False
        for head in heads:
            if not self._check_head(head, start, levels):
                return False
        return self._carry_up(start, end, levels)

    def _locate_entry(self, start: int, end: int) -> bool:
        """Slow path: find the first entry of the chunk that is missing or changed."""
        rows = _fetch_entries(start, end)
        got = {row[0] for row in rows}
        missing = next((i for i in range(start, end) if i not in got), None)
        if missing is not None:
            self.outcome.fail(f"entry {missing} is missing from the stored log", missing)
            return False
        for index, leaf, record in rows:
            if offline.record_leaf_hash(record).hex() != leaf:
                self.outcome.fail(
                    f"entry {index}: its stored record does not match its leaf hash", index
                )
                return False
        return True  # the fast comparison only disagreed on order: nothing is wrong

    def _check_levels(self, start: int, levels: list[list[bytes]]) -> bool:
        wanted = {
            lv: (start >> lv, (start >> lv) + len(nodes))
            for lv, nodes in enumerate(levels)
            if lv and nodes
        }
        summaries = _level_summaries(wanted)
        for level, (first, _) in wanted.items():
            computed = levels[level]
            if summaries[level] == (len(computed), b"".join(computed).hex()):
                continue
            by_position = dict(_fetch_nodes({level: wanted[level]})[level])
            for i, value in enumerate(computed):
                if by_position.get(first + i) != value.hex():
                    self._node_failure(level, first + i)
                    return False
        return True

    def _node_failure(self, level: int, position: int) -> None:
        low, high = position << level, ((position + 1) << level) - 1
        self.outcome.fail(
            f"the stored subtree root at level {level}, position {position} (entries {low} to "
            f"{high}) is missing or does not match the entries below it",
            low,
        )

    def _check_head(self, head: dict, start: int, levels: list[list[bytes]]) -> bool:
        pieces = [value for _, value in self.carry]
        cursor, end = start, head["tree_size"]
        while cursor < end:
            level = (end - cursor).bit_length() - 1
            pieces.append(levels[level][(cursor - start) >> level])
            cursor += 1 << level
        root = _fold(pieces)
        if root.hex() != head["root_hash"]:
            self.outcome.fail(
                f"signed head of size {end}: the root recomputed from the stored records is "
                f"{root.hex()}, not the signed {head['root_hash']}",
                None,
            )
            return False
        if not offline.head_signature_ok(self.public_key, head):
            self.outcome.fail(f"signed head of size {end}: the signature does not verify")
            return False
        return True

    def _carry_up(self, start: int, end: int, levels: list[list[bytes]]) -> bool:
        """Push the chunk's perfect subtrees onto the carry; check nodes above the chunk."""
        cursor = start
        while cursor < end:
            level = (end - cursor).bit_length() - 1
            self.carry.append((level, levels[level][(cursor - start) >> level]))
            cursor += 1 << level
        above: list[tuple[int, int, bytes]] = []
        while len(self.carry) > 1 and self.carry[-1][0] == self.carry[-2][0]:
            level, right = self.carry.pop()
            _, left = self.carry.pop()
            value = merkle.node_hash(left, right)
            self.carry.append((level + 1, value))
            above.append((level + 1, (end >> (level + 1)) - 1, value))
        if not above:
            return True
        stored = _fetch_nodes({lv: (pos, pos + 1) for lv, pos, _ in above})
        for level, position, value in above:
            if [v for _, v in stored[level]] != [value.hex()]:
                self._node_failure(level, position)
                return False
        return True


def audit_stored_log(public_key, *, chunk_bits: int = CHUNK_BITS) -> Outcome:
    """Recompute the stored log; return the first problem found, in log order."""
    outcome = Outcome()
    size = LogState.objects.filter(pk=1).values_list("size", flat=True).first() or 0
    count = Entry.objects.count()
    if count != size:
        return outcome.fail(f"the log says it has {size} entries but {count} are stored")
    heads = list(
        TreeHead.objects.order_by("tree_size", "id").values(
            "tree_size", "root_hash", "timestamp", "signature"
        )
    )
    outcome.heads = len(heads)
    if heads and heads[-1]["tree_size"] > size:
        return outcome.fail(f"a signed head has size {heads[-1]['tree_size']}, beyond the log")
    auditor = _Auditor(public_key, outcome)
    step, position = 1 << chunk_bits, 0
    for start in range(0, size, step):
        end = min(start + step, size)
        mine = []
        while position < len(heads) and heads[position]["tree_size"] <= end:
            mine.append(heads[position])
            position += 1
        if not auditor.check_chunk(start, end, mine):
            return outcome
        outcome.entries = end
    return outcome
