"""Periodic jobs (daily overdue checks, tree heads, audits) run by `openvillage worker`.

An app registers a job with :func:`register`; the worker calls :func:`run_due_jobs` every loop.
Each job runs at most once per period across all workers: the worker first inserts a
``PeriodicRun(job, period)`` row, and the unique constraint lets only one insert win.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from openvillage.core.clock import local_now
from openvillage.core.models import PeriodicRun

log = logging.getLogger(__name__)


# The county's staff home shows a daily job in red when its last run is older than this: a day,
# and two hours of slack for a job that runs from 01:00 after a slow night.
STALE_AFTER = timedelta(hours=26)


@dataclass(frozen=True)
class Job:
    name: str
    run: Callable[[], str | None]
    hour: int = 1  # local hour (Asia/Shanghai) from which the daily run is due
    label: str = ""  # what the job does, for people (a lazy translation)


JOBS: dict[str, Job] = {}


def register(
    name: str, *, hour: int = 1, label: str = ""
) -> Callable[[Callable[[], str | None]], Callable[[], str | None]]:
    def decorator(func: Callable[[], str | None]) -> Callable[[], str | None]:
        JOBS[name] = Job(name=name, run=func, hour=hour, label=label)
        return func

    return decorator


@dataclass(frozen=True)
class JobStatus:
    job: Job
    last_finished: datetime | None
    outcome: str
    stale: bool  # never ran, or last finished more than STALE_AFTER ago

    @property
    def failed(self) -> bool:
        return self.outcome.startswith("failed")


def job_statuses(now: datetime) -> list[JobStatus]:
    """When each registered daily job last finished, and whether that is too long ago."""
    from django.db.models import Max

    last = dict(
        PeriodicRun.objects.filter(job__in=list(JOBS), finished_at__isnull=False)
        .values("job")
        .annotate(last=Max("finished_at"))
        .values_list("job", "last")
    )
    outcomes = dict(
        PeriodicRun.objects.filter(
            job__in=list(last), finished_at__in=list(last.values())
        ).values_list("job", "outcome")
    )
    return [
        JobStatus(
            job=job,
            last_finished=last.get(name),
            outcome=outcomes.get(name, ""),
            stale=last.get(name) is None or now - last[name] > STALE_AFTER,
        )
        for name, job in sorted(JOBS.items())
    ]


def run_due_jobs() -> list[str]:
    """Run every daily job whose hour has come and that has not run today; return their names."""
    now = local_now()
    period = now.date().isoformat()
    ran = []
    # One read first: most loops find every job of the day done, and a failed INSERT per job
    # per loop per worker is log noise and WAL on the primary.
    done = set(PeriodicRun.objects.filter(period=period).values_list("job", flat=True))
    for job in JOBS.values():
        if now.hour < job.hour or job.name in done:
            continue
        try:
            with transaction.atomic():
                claim = PeriodicRun.objects.create(job=job.name, period=period)
        except IntegrityError:
            continue  # another worker has it
        try:
            outcome = job.run() or "ok"
        except Exception as error:  # a failed job is recorded and retried tomorrow
            log.exception("periodic job %s failed", job.name)
            outcome = f"failed: {error!r}"
        claim.finished_at = timezone.now()
        claim.outcome = outcome[:2000]
        claim.save(update_fields=["finished_at", "outcome"])
        ran.append(job.name)
    return ran
