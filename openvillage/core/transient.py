"""Which database errors are worth retrying: a lock, a serialization failure, a lost connection.

The worker retries these with a growing delay instead of dying (a long import holds SQLite's
write lock for many seconds; PostgreSQL may cancel one of two conflicting transactions, or
restart). Anything else is a bug or a wrong state, and is left to fail loudly.
"""

from __future__ import annotations

from django.db import DatabaseError, InterfaceError, OperationalError

# SQLSTATE classes and codes (PostgreSQL, appendix A): connection exceptions, serialization
# failure, deadlock, and the server shutting down or being restarted.
TRANSIENT_SQLSTATE_CLASSES = ("08",)
TRANSIENT_SQLSTATES = {"40001", "40P01", "55P03", "57P01", "57P02", "57P03"}
TRANSIENT_SQLITE_MESSAGES = ("database is locked", "database table is locked", "disk i/o error")
MAX_DELAY_SECONDS = 60


def is_transient(error: BaseException) -> bool:
    """Whether retrying the same work later may succeed."""
    if not isinstance(error, DatabaseError):
        return False
    cause = error.__cause__ or error
    sqlstate = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    if sqlstate:
        return sqlstate in TRANSIENT_SQLSTATES or sqlstate[:2] in TRANSIENT_SQLSTATE_CLASSES
    if isinstance(error, InterfaceError):
        return True  # the connection is gone (closed under us): a new one may work
    if isinstance(error, OperationalError):
        message = str(cause).lower()
        return any(m in message for m in TRANSIENT_SQLITE_MESSAGES) or "connection" in message
    return False


def backoff_seconds(failures: int) -> int:
    """1, 2, 4, ... seconds after the 1st, 2nd, 3rd failure in a row, at most a minute."""
    return min(MAX_DELAY_SECONDS, 2 ** max(0, failures - 1))
