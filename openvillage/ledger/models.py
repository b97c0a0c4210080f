"""The public record: an append-only RFC 9162 Merkle log with stored subtree roots and signed heads.

Hashes are stored as 64 lower-case hex digits: the same text compares and indexes alike on
SQLite and PostgreSQL. Rows are only ever inserted by :mod:`openvillage.ledger.services`.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RowIdKey(models.BigIntegerField):
    """A 64-bit primary key that SQLite stores as the rowid (its type must read "integer").

    Django's SQLite type for BigIntegerField is "bigint", which makes a separate index beside
    the table; "integer PRIMARY KEY" makes the key the order the table itself is stored in, so
    a range of entries or nodes is one sequential read. PostgreSQL keeps bigint.
    """

    def db_type(self, connection):
        if connection.vendor == "sqlite":
            return "integer"
        return super().db_type(connection)


class Entry(models.Model):
    """One leaf of the log: the canonical JSON record exactly as hashed, and its leaf hash."""

    index = RowIdKey(_("index"), primary_key=True)
    leaf_hash = models.CharField(_("leaf hash"), max_length=64, db_index=True)
    # The bytes hashed are record.encode("utf-8"); never re-serialize it.
    record = models.TextField(_("record"))
    kind = models.CharField(_("kind"), max_length=80)
    object_type = models.CharField(_("object type"), max_length=80)
    object_id = models.CharField(_("object id"), max_length=64)
    version = models.PositiveIntegerField(_("version"))
    unit_path = models.CharField(_("unit path"), max_length=120, blank=True, db_index=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("entry of the public record")
        verbose_name_plural = _("entries of the public record")
        ordering = ["index"]
        indexes = [
            models.Index(
                fields=["object_type", "object_id", "version"], name="ledger_entry_obj_idx"
            )
        ]

    def __str__(self) -> str:
        return f"#{self.index} {self.kind} {self.object_type}:{self.object_id} v{self.version}"


POSITION_BITS = 48


def node_key(level: int, position: int) -> int:
    """The primary key of the node at (level, position): level in the high bits, then position.

    One integer key makes the nodes of a level a contiguous range of the primary key, which on
    SQLite is the rowid the table is stored by: the audit reads a level as one sequential scan,
    and a proof fetches its nodes with ``key IN (...)``.
    """
    return level << POSITION_BITS | position


class Node(models.Model):
    """The root of the aligned perfect subtree at ``level`` >= 1 and ``position``.

    It covers leaves ``[position << level, (position + 1) << level)``; level 0 is
    ``Entry.leaf_hash``. Written once, when the append of its last leaf completes it
    (:func:`merkle.completed_subtrees`), so any root or proof reads O(log n) rows. The primary
    key :func:`node_key` is the only place level and position are stored, so they are unique.
    """

    key = RowIdKey(_("key"), primary_key=True)
    hash = models.CharField(_("hash"), max_length=64)

    def __str__(self) -> str:
        return f"L{self.level}#{self.position}"

    @property
    def level(self) -> int:
        return self.key >> POSITION_BITS

    @property
    def position(self) -> int:
        return self.key & ((1 << POSITION_BITS) - 1)


class TreeHead(models.Model):
    """A signed tree head: Ed25519 over :func:`openvillage.ledger.offline.head_message`.

    Several heads may share a size (the daily head of a log that did not grow); all are kept.
    """

    tree_size = models.BigIntegerField(_("tree size"), db_index=True)
    root_hash = models.CharField(_("root hash"), max_length=64)
    timestamp = models.BigIntegerField(_("timestamp (ms)"))
    signature = models.CharField(_("signature"), max_length=128)
    key_id = models.CharField(_("key id"), max_length=16)

    class Meta:
        verbose_name = _("signed tree head")
        verbose_name_plural = _("signed tree heads")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"size {self.tree_size} root {self.root_hash[:8]}"


class LogState(models.Model):
    """The singleton row (pk 1) holding the log size; locking it serializes appends."""

    size = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"size {self.size}"


class AuditRun(models.Model):
    """The outcome of one self-audit: the log recomputed from the stored records."""

    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    ok = models.BooleanField(_("passed"), default=False)
    entries = models.BigIntegerField(_("entries checked"), default=0)
    heads = models.BigIntegerField(_("heads checked"), default=0)
    broken_index = models.BigIntegerField(_("first broken entry"), null=True, blank=True)
    message = models.TextField(_("result"), blank=True)

    class Meta:
        verbose_name = _("self-audit")
        verbose_name_plural = _("self-audits")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} {'ok' if self.ok else 'FAILED'}"
