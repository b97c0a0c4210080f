"""Helpers of the tests that force two PostgreSQL transactions to interleave (lock order)."""

from __future__ import annotations

import time

from django.db import connections


def someone_waits_on_a_lock(timeout: float = 10.0) -> bool:
    """Poll the server until another backend waits on a row lock; False after ``timeout``."""
    deadline = time.monotonic() + timeout
    with connections["default"].cursor() as cursor:
        while time.monotonic() < deadline:
            # Within a transaction the server answers from one snapshot of its activity.
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.02)
    return False
