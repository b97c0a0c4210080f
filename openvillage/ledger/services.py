"""Writes to the public record: append an entry, sign a tree head, audit the log.

:func:`ledger_append` is the one call other apps make when something becomes public. It runs
inside the caller's ``transaction.atomic``: if that transaction rolls back, the entry, its
subtree roots and the new size go with it, and no head is signed.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from datetime import UTC, datetime

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from openvillage.core.audit import audit_log
from openvillage.ledger import merkle, offline, selectors, selfaudit, signing
from openvillage.ledger.models import AuditRun, Entry, LogState, Node, TreeHead, node_key

log = logging.getLogger(__name__)

RECORD_VERSION = 1


def _lock_state() -> LogState:
    """Lock the singleton LogState row, creating it if missing; the lock serializes appends.

    On PostgreSQL ``select_for_update`` makes a second writer wait for the first to commit. On
    SQLite it is a no-op, but the IMMEDIATE transactions of settings.sqlite_database take the
    database write lock at BEGIN, which serializes writers just the same.
    """
    state = LogState.objects.select_for_update().filter(pk=1).first()
    if state is None:
        size = (Entry.objects.aggregate(top=Max("index"))["top"] or -1) + 1
        try:
            with transaction.atomic():  # a savepoint: losing the race must not spoil the caller
                LogState.objects.create(pk=1, size=size)
        except IntegrityError:
            pass  # another transaction created it first; we now wait for its lock
        state = LogState.objects.select_for_update().get(pk=1)
    return state


def _content_bytes(content: bytes | str | dict) -> bytes:
    if isinstance(content, bytes):
        return content
    if isinstance(content, str):
        return content.encode("utf-8")
    if isinstance(content, dict):
        return offline.canonical_json(content).encode("utf-8")
    raise TypeError("content must be bytes, str or dict")


def _utc_text(moment: datetime) -> str:
    return (
        moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
    )


def build_record(
    *,
    kind: str,
    object_type: str,
    object_id: str,
    version: int,
    content: bytes | str | dict,
    attachments: Sequence[tuple[str, bytes]],
    unit_code: str,
    moment: datetime,
) -> str:
    """Return the canonical JSON text of one record (what the leaf hash covers)."""
    return offline.canonical_json(
        {
            "v": RECORD_VERSION,
            "kind": kind,
            "object": {"type": object_type, "id": str(object_id)},
            "version": version,
            "content_sha256": hashlib.sha256(_content_bytes(content)).hexdigest(),
            "attachments": [
                {"name": name, "sha256": hashlib.sha256(data).hexdigest()}
                for name, data in attachments
            ],
            "unit": unit_code,
            "time": _utc_text(moment),
        }
    )


def _store_nodes(size: int, leaf: bytes) -> None:
    """Insert the subtree roots that the leaf at ``size - 1`` completes (levels >= 1)."""
    completed = merkle.completed_subtrees(size)[1:]  # [0] is the leaf itself, kept in Entry
    if not completed:
        return
    # The left half of each completed subtree is an older subtree one level down.
    lefts = [(start, start + (end - start) // 2) for start, end in completed]
    roots = selectors.subtree_roots(lefts)
    nodes, value = [], leaf
    for (start, end), left in zip(completed, lefts, strict=True):
        value = merkle.node_hash(roots[left], value)
        level = (end - start).bit_length() - 1
        nodes.append(Node(key=node_key(level, start >> level), hash=value.hex()))
    Node.objects.bulk_create(nodes)


def ledger_append(
    *,
    kind: str,
    object_type: str,
    object_id: str,
    version: int,
    content: bytes | str | dict,
    attachments: Sequence[tuple[str, bytes]] = (),
    unit_path: str = "",
    unit_code: str = "",
) -> Entry:
    """Append the record of something that became public; call inside the caller's atomic.

    The record holds the SHA-256 of ``content`` (bytes as given, str as UTF-8, dict as canonical
    JSON) and of each attachment, never the content itself. A tree head is signed once after the
    transaction commits, however many entries it appended.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("ledger_append must run inside the caller's transaction.atomic")
    with transaction.atomic():
        state = _lock_state()
        moment = timezone.now()
        record = build_record(
            kind=kind,
            object_type=object_type,
            object_id=object_id,
            version=version,
            content=content,
            attachments=attachments,
            unit_code=unit_code,
            moment=moment,
        )
        leaf = offline.record_leaf_hash(record)
        entry = Entry.objects.create(
            index=state.size,
            leaf_hash=leaf.hex(),
            record=record,
            kind=kind,
            object_type=object_type,
            object_id=str(object_id),
            version=version,
            unit_path=unit_path,
            created_at=moment,
        )
        _store_nodes(state.size + 1, leaf)
        state.size += 1
        state.save(update_fields=["size"])
    _sign_once_after_commit()
    return entry


def _sign_after_commit() -> None:
    sign_tree_head()


def _sign_once_after_commit() -> None:
    # Debounce: one head per transaction. Django drops callbacks of a rolled-back savepoint from
    # run_on_commit, so a later append in the same transaction registers again if needed.
    connection = transaction.get_connection()
    if any(func is _sign_after_commit for _, func, _ in connection.run_on_commit):
        return
    transaction.on_commit(_sign_after_commit, robust=True)


def sign_tree_head(*, force: bool = False) -> TreeHead | None:
    """Sign the current size unless a head of that size exists (or ``force``); None if empty."""
    with transaction.atomic():
        state = _lock_state()
        if state.size == 0:
            return None
        existing = TreeHead.objects.filter(tree_size=state.size).order_by("-id").first()
        if existing is not None and not force:
            return existing
        root = selectors.root_at(state.size).hex()
        stamp = int(timezone.now().timestamp() * 1000)
        if existing is not None:
            stamp = max(stamp, existing.timestamp + 1)
        return TreeHead.objects.create(
            tree_size=state.size,
            root_hash=root,
            timestamp=stamp,
            signature=signing.sign_head(state.size, root, stamp),
            key_id=signing.key_id(),
        )


def ledger_audit() -> AuditRun:
    """Recompute the log from the stored records; record the outcome; flag a failure to staff."""
    run = AuditRun.objects.create()
    outcome = selfaudit.audit_stored_log(signing.private_key().public_key())
    run.finished_at = timezone.now()
    run.ok = outcome.ok
    run.entries, run.heads = outcome.entries, outcome.heads
    run.broken_index = outcome.broken_index
    run.message = outcome.message
    run.save(update_fields=["finished_at", "ok", "entries", "heads", "broken_index", "message"])
    if not outcome.ok:
        log.error("ledger self-audit failed: %s", outcome.message)
        audit_log(
            actor="ledger self-audit",
            action="ledger.log.audit_failed",
            unit_path=_county_path(),
            object_type="ledger.entry",
            object_id="" if outcome.broken_index is None else str(outcome.broken_index),
            object_label="public record",
            note=outcome.message,
        )
    return run


def _county_path() -> str:
    """The county's path, so that the county administrator sees a failed audit in the audit log."""
    from openvillage.org.models import Level, Unit

    unit = Unit.objects.filter(level=Level.COUNTY).order_by("code").first()
    return unit.path if unit else ""
