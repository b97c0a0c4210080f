"""Periodic jobs (daily overdue checks, tree heads, audits) run by `openvillage worker`.

An app registers a job with :func:`register`; the worker calls :func:`run_due_jobs` every loop.
Each job runs at most once per period across all workers: the worker first inserts a
``PeriodicRun(job, period)`` row, and the unique constraint lets only one insert win.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from openvillage.core.clock import local_now
from openvillage.core.models import PeriodicRun

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    run: Callable[[], str | None]
    hour: int = 1  # local hour (Asia/Shanghai) from which the daily run is due


JOBS: dict[str, Job] = {}


def register(
    name: str, *, hour: int = 1
) -> Callable[[Callable[[], str | None]], Callable[[], str | None]]:
    def decorator(func: Callable[[], str | None]) -> Callable[[], str | None]:
        JOBS[name] = Job(name=name, run=func, hour=hour)
        return func

    return decorator


def run_due_jobs() -> list[str]:
    """Run every daily job whose hour has come and that has not run today; return their names."""
    now = local_now()
    period = now.date().isoformat()
    ran = []
    for job in JOBS.values():
        if now.hour < job.hour:
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
