"""Reads from PostgreSQL streaming replicas, writes to the primary (docs/scaling.md).

With ``DATABASE_REPLICA_URLS`` set, :class:`ReplicaRouter` sends the reads of a web request to a
replica and every write to the primary (``default``). A replica is used only while it is healthy:
its copy of the primary's heartbeat row (written every second by each task worker, so that an
idle primary does not look like lag) is at most ``DATABASE_REPLICA_MAX_LAG`` seconds old. A
visitor who wrote is pinned to the primary for ``DATABASE_PIN_SECONDS`` (a signed cookie), so a
clerk sees what they just saved on their next pages even when the replica lags. A replica that
fails at connect or mid-query is marked down and the read is retried once on the primary
(``core.replica_backend``).

Only web requests read from replicas: the task worker, management commands, migrations and
tests read the primary, because they read what they are about to write.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import DatabaseError, connections

log = logging.getLogger(__name__)

PIN_COOKIE = "ov_primary"
_local = threading.local()


def replica_aliases() -> list[str]:
    return list(getattr(settings, "DATABASE_REPLICAS", ()))


# --- which database a read goes to ------------------------------------------------------------


@contextmanager
def replica_reads(*, pinned: bool) -> Iterator[None]:
    """Let the reads of this block go to a replica (one web request), unless ``pinned``."""
    _local.allowed, _local.pinned, _local.wrote = True, pinned, False
    try:
        yield
    finally:
        _local.allowed = False


def wrote() -> bool:
    """Whether this request wrote (the response then pins the visitor to the primary)."""
    return getattr(_local, "wrote", False)


class ReplicaRouter:
    """Reads to a fresh replica in a web request; writes and the reads after them to the primary."""

    def db_for_read(self, model, **hints) -> str:
        if not getattr(_local, "allowed", False) or getattr(_local, "pinned", False):
            return "default"
        if connections["default"].in_atomic_block:
            return "default"  # a transaction reads what it writes
        if model._meta.app_label == "django_tasks_db":
            return "default"
        return health.pick()

    def db_for_write(self, model, **hints) -> str:
        # From the first write on, the rest of the request reads the primary too; a model may
        # say its writes need no such thing (a page-view counter: ``pins_reads = False``).
        if getattr(model, "pins_reads", True):
            _local.pinned = _local.wrote = True
        return "default"

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # every alias holds the same data

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        return db == "default"


# --- replica health ---------------------------------------------------------------------------


class Health:
    """Per process: which replicas are fit to read from, checked at most once a second each."""

    CHECK_EVERY = 1.0

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._checked: dict[str, float] = {}
        self._healthy: dict[str, bool] = {}
        self.reads: dict[str, int] = {}

    def pick(self) -> str:
        fit = [alias for alias in replica_aliases() if self.healthy(alias)]
        alias = random.choice(fit) if fit else "default"  # noqa: S311 (load spreading)
        self.reads[alias] = self.reads.get(alias, 0) + 1
        return alias

    def healthy(self, alias: str) -> bool:
        now = time.monotonic()
        with self._lock:
            if now - self._checked.get(alias, -1e9) < self.CHECK_EVERY:
                return self._healthy.get(alias, False)
            self._checked[alias] = now
        ok = self._check(alias)
        with self._lock:
            self._healthy[alias] = ok
        return ok

    def mark_down(self, alias: str) -> None:
        """A query failed on ``alias``: read the primary until the next check."""
        with self._lock:
            self._healthy[alias], self._checked[alias] = False, time.monotonic()

    def _check(self, alias: str) -> bool:
        bound = settings.DATABASE_REPLICA_MAX_LAG
        conn = connections[alias]
        try:
            # The driver's own cursor: the replica backend's would answer from the primary.
            conn.ensure_connection()
            with conn.connection.cursor() as cursor:
                cursor.execute(
                    "SELECT EXTRACT(EPOCH FROM (now() - beat)) FROM core_heartbeat WHERE id = 1"
                )
                row = cursor.fetchone()
        except Exception as error:  # noqa: BLE001 (psycopg's errors as well as Django's)
            log.warning("replica %s unusable: %s", alias, error)
            connections[alias].close()
            return False
        lag = float(row[0]) if row else None
        if lag is None or lag > bound:
            log.warning("replica %s lags %s s (bound %s s): reading the primary", alias, lag, bound)
            return False
        return True


health = Health()


# --- the heartbeat the primary writes ------------------------------------------------------------


def beat() -> None:
    """Write the primary's heartbeat row (now), creating it on first use."""
    with connections["default"].cursor() as cursor:
        cursor.execute(
            "INSERT INTO core_heartbeat (id, beat) VALUES (1, now()) "
            "ON CONFLICT (id) DO UPDATE SET beat = EXCLUDED.beat"
        )


def start_heartbeat(interval: float = 1.0) -> threading.Thread | None:
    """Beat every ``interval`` seconds in a daemon thread (only when replicas are configured)."""
    if not replica_aliases():
        return None

    def run() -> None:
        while True:
            try:
                beat()
            except DatabaseError as error:  # the primary is away: the replicas will look stale
                log.warning("heartbeat: %s", error)
                connections["default"].close()
            time.sleep(interval)

    thread = threading.Thread(target=run, name="replica-heartbeat", daemon=True)
    thread.start()
    return thread


# --- the middleware that opens a request to replica reads ----------------------------------------


class ReplicaPinMiddleware:
    """Reads of a request go to a replica, unless the visitor wrote in the last few seconds."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        if not replica_aliases():
            return self.get_response(request)
        window = settings.DATABASE_PIN_SECONDS
        pinned = (
            request.method not in ("GET", "HEAD")
            or request.get_signed_cookie(PIN_COOKIE, default=None, max_age=window) is not None
        )
        with replica_reads(pinned=pinned):
            response = self.get_response(request)
            if wrote():
                response.set_signed_cookie(
                    PIN_COOKIE,
                    "1",
                    max_age=window,
                    httponly=True,
                    samesite="Lax",
                    secure=request.is_secure(),
                )
        return response
