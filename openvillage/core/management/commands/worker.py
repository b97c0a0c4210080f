"""Run queued background tasks (Django Tasks, database backend) and the periodic jobs.

A transient database error (a lock held by a long import, a serialization failure, a lost
connection) does not end the worker: it closes its connections, waits a growing delay and goes
on. Any other error ends it, and ``openvillage serve`` starts a new one.
"""

import logging
import os
import socket
import time

from django.core.management.base import BaseCommand
from django.db import DatabaseError, connections
from django_tasks_db.management.commands.db_worker import Worker

from openvillage.core import periodic, replicas
from openvillage.core.transient import backoff_seconds, is_transient

log = logging.getLogger(__name__)

MAX_RETRIES_ONCE = 5  # with --once, give up after this many transient errors in a row


def _close_connections() -> None:
    """Close every connection outside a transaction, so that a broken one is not reused."""
    for conn in connections.all(initialized_only=True):
        if not conn.in_atomic_block:
            conn.close()


class Command(BaseCommand):
    help = "Run background tasks and daily jobs until stopped."

    sleep = staticmethod(time.sleep)

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=2.0, help="Seconds between polls.")
        parser.add_argument("--once", action="store_true", help="Run what is due, then exit.")

    def handle(self, *args, interval: float, once: bool, **options):
        worker_id = f"{socket.gethostname()}-{os.getpid()}"[:64]
        if not once:
            replicas.start_heartbeat()  # the replicas' lag is the age of their copy of it
        failures = 0
        while True:
            try:
                self.run_once(worker_id)
            except DatabaseError as error:
                failures += 1
                if not is_transient(error) or (once and failures > MAX_RETRIES_ONCE):
                    raise
                delay = backoff_seconds(failures)
                log.warning("worker: %s; retrying in %s s (%s in a row)", error, delay, failures)
                self.stderr.write(f"database busy or unreachable ({error}); retry in {delay} s")
                _close_connections()
                self.sleep(delay)
                continue
            failures = 0
            if once:
                return
            self.sleep(interval)

    def run_once(self, worker_id: str) -> None:
        """Run the daily jobs that are due, then every queued task."""
        for name in periodic.run_due_jobs():
            self.stdout.write(f"periodic job {name} done")
        Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        ).run()
