"""PostgreSQL, as a read replica: a read that fails on the replica is retried once on the primary.

Django's ENGINE for the aliases of ``DATABASE_REPLICA_URLS`` (core.replicas). A replica that
cannot be reached, or whose connection breaks mid-query (stopped, failed over), is marked down
and the same SELECT runs on the primary, so that a visitor's GET does not fail.
"""

from __future__ import annotations

from django.db import OperationalError, connections
from django.db.backends.postgresql import base
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper


def _is_read(sql: str) -> bool:
    return sql.lstrip().lower().startswith(("select", "with"))


def _to_primary(wrapper: CursorWrapper) -> None:
    """Swap ``wrapper`` onto a cursor of the primary (``default``)."""
    from openvillage.core.replicas import health

    health.mark_down(wrapper.db.alias)
    primary = connections["default"].cursor()
    wrapper.db, wrapper.cursor = primary.db, primary.cursor


class _Retrying:
    def execute(self, sql, params=None):
        try:
            return super().execute(sql, params)
        except OperationalError:
            if self.db.alias == "default" or not _is_read(sql):
                raise
            _to_primary(self)
            return super().execute(sql, params)


class ReplicaCursorWrapper(_Retrying, CursorWrapper):
    pass


class ReplicaCursorDebugWrapper(_Retrying, CursorDebugWrapper):
    pass


class DatabaseWrapper(base.DatabaseWrapper):
    def make_cursor(self, cursor):
        return ReplicaCursorWrapper(cursor, self)

    def make_debug_cursor(self, cursor):
        return ReplicaCursorDebugWrapper(cursor, self)

    def cursor(self):
        try:
            return super().cursor()
        except OperationalError:  # the replica cannot be reached: read the primary
            from openvillage.core.replicas import health

            health.mark_down(self.alias)
            return connections["default"].cursor()
