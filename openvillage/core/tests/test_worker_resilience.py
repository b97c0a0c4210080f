"""The worker survives a locked or lost database, serve restarts it, the county sees the jobs."""

import signal
import sqlite3
import subprocess
import sys
from datetime import timedelta

import psycopg.errors
import pytest
from django.db import IntegrityError, OperationalError
from django.utils import timezone

from openvillage.cli import supervise
from openvillage.core.management.commands.worker import Command as WorkerCommand
from openvillage.core.models import PeriodicRun
from openvillage.core.transient import backoff_seconds, is_transient


def locked_error(tmp_path) -> OperationalError:
    """A real "database is locked" from SQLite, wrapped the way Django wraps it."""
    path = tmp_path / "lock.sqlite3"
    holder = sqlite3.connect(path, timeout=0, isolation_level=None)
    holder.execute("CREATE TABLE IF NOT EXISTS t (x INTEGER)")
    holder.execute("BEGIN IMMEDIATE")
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        other.execute("INSERT INTO t VALUES (1)")
    except sqlite3.OperationalError as error:
        return wrapped(error)  # as Django's backend wraps the driver's error
    finally:
        holder.close()
        other.close()
    raise AssertionError("the second writer was not refused")


def wrapped(pg_error: Exception) -> OperationalError:
    error = OperationalError(str(pg_error))
    error.__cause__ = pg_error
    return error


def test_a_locked_sqlite_database_is_transient(tmp_path):
    error = locked_error(tmp_path)
    assert "database is locked" in str(error) and is_transient(error)


@pytest.mark.parametrize(
    "pg_error",
    [
        psycopg.errors.SerializationFailure("could not serialize access"),
        psycopg.errors.DeadlockDetected("deadlock detected"),
        psycopg.errors.AdminShutdown("terminating connection due to administrator command"),
        psycopg.errors.ConnectionFailure("connection failure"),
    ],
)
def test_postgresql_serialization_deadlock_and_connection_errors_are_transient(pg_error):
    assert is_transient(wrapped(pg_error))


def test_other_database_errors_are_not_transient(tmp_path):
    assert not is_transient(IntegrityError("UNIQUE constraint failed"))
    assert not is_transient(OperationalError("no such table: org_person"))
    assert not is_transient(wrapped(psycopg.errors.UndefinedTable("no such table")))
    assert not is_transient(ValueError("database is locked"))


def test_the_backoff_doubles_up_to_a_minute():
    assert [backoff_seconds(n) for n in (1, 2, 3, 4, 7, 8, 20)] == [1, 2, 4, 8, 60, 60, 60]


class FlakyWorker(WorkerCommand):
    """The worker whose first runs meet a given error (a real one, raised by SQLite).

    The run that succeeds does no work: django-tasks-db's worker closes the database connections
    when it ends, which would end the test's transaction on PostgreSQL.
    """

    def __init__(self, errors):
        super().__init__()
        self.errors, self.slept, self.runs = list(errors), [], 0
        self.sleep = self.slept.append

    def run_once(self, worker_id):
        self.runs += 1
        if self.errors:
            raise self.errors.pop(0)


@pytest.mark.django_db
def test_the_worker_retries_a_locked_database_with_growing_delays(tmp_path):
    worker = FlakyWorker([locked_error(tmp_path), locked_error(tmp_path), locked_error(tmp_path)])
    worker.handle(interval=0, once=True)
    assert worker.runs == 4 and worker.slept == [1, 2, 4]


@pytest.mark.django_db
def test_the_worker_stops_on_an_error_that_is_not_transient():
    worker = FlakyWorker([OperationalError("no such table: django_tasks_database_dbtaskresult")])
    with pytest.raises(OperationalError):
        worker.handle(interval=0, once=True)
    assert worker.runs == 1 and worker.slept == []


@pytest.fixture
def signals():
    saved = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGINT)}
    yield
    for number, handler in saved.items():
        signal.signal(number, handler)


def test_serve_restarts_a_worker_that_exits(signals):
    web = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(3)"])
    started = []

    def start_worker():
        started.append(subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"]))
        return started[-1]

    assert supervise(web, start_worker, poll=0.05, max_delay=0.2) == 0
    assert len(started) >= 3 and all(p.returncode == 3 for p in started[:-1])


def test_serve_stops_its_worker_when_the_web_server_ends(signals):
    web = subprocess.Popen([sys.executable, "-c", "raise SystemExit(0)"])
    worker = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    assert supervise(web, lambda: worker, poll=0.05) == 0
    assert worker.poll() is not None


def ran(job: str, hours_ago: int, outcome: str = "ok") -> None:
    finished = timezone.now() - timedelta(hours=hours_ago)
    PeriodicRun.objects.create(
        job=job,
        period=f"{finished:%Y-%m-%d}",
        started_at=finished,
        finished_at=finished,
        outcome=outcome,
    )


def test_the_county_home_shows_in_red_a_daily_job_that_has_not_run_for_26_hours(client, cast):
    ran("ledger.daily", hours_ago=25)
    ran("disclosure.dues", hours_ago=27)
    client.force_login(cast["alice"])
    page = client.get("/staff/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    start = page.index('id="daily-jobs"')
    section = page[start : page.index("</section>", start)]
    ledger = next(line for line in section.split("<li")[1:] if "公开记录" in line)
    dues = next(line for line in section.split("<li")[1:] if "公开事项到期" in line)
    assert 'class="error"' not in ledger and 'class="error"' in dues and "逾期" in dues
    assert "ledger.daily" not in section and "disclosure.dues" not in section


def test_a_village_clerk_does_not_see_the_daily_jobs(client, cast):
    client.force_login(cast["vic"])
    assert 'id="daily-jobs"' not in client.get("/staff/").content.decode()
