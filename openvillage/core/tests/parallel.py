"""Run writes truly in parallel against PostgreSQL: threads, each with its own connection,
released together by a barrier. SQLite serializes writers, so these tests run on PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite serializes writers; the race needs PostgreSQL"
)


def run_in_parallel(count: int, work: Callable[[int], Any]) -> list[Any]:
    """Call ``work(i)`` for i in range(count) in ``count`` threads started at the same moment;
    return each call's result, or the exception it raised."""
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = work(index)
        except BaseException as error:  # the test inspects it
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results
