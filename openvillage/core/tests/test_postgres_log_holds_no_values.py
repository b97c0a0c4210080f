"""Issue 11 §5: a failing insert does not put the row's values into PostgreSQL's own log.

PostgreSQL logs the statement that failed (``log_min_error_statement = error`` by default). With
client-side binding the statement carries the values inlined; with server-side binding it shows
``$1, $2`` and the values stay out. Runs on PostgreSQL only, when ``scripts/pg-test.sh`` tells
where the server writes its log (``OPENVILLAGE_PG_LOG``).
"""

from __future__ import annotations

import os
import time
from datetime import date
from pathlib import Path

import pytest
from django.db import IntegrityError, connection, transaction

from openvillage.org.models import Person

LOG = os.environ.get("OPENVILLAGE_PG_LOG", "")

pytestmark = pytest.mark.skipif(
    not LOG or not Path(LOG).exists(), reason="needs PostgreSQL's server log (scripts/pg-test.sh)"
)

NAME = "日志测试甲乙丙"
ADDRESS_NOTE = "1958-07-21"


def _log_tail(start: int) -> str:
    with open(LOG, "rb") as handle:
        handle.seek(start)
        return handle.read().decode("utf-8", "replace")


@pytest.mark.django_db(transaction=True)
def test_a_failing_insert_leaves_no_name_or_birth_date_in_the_server_log(village_a1):
    assert connection.vendor == "postgresql"
    start = Path(LOG).stat().st_size
    Person.objects.create(
        village=village_a1,
        name="先登记者",
        gender="male",
        birth_date=date(1970, 1, 1),
        id_hash="h" * 64,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(
            village=village_a1,
            name=NAME,
            gender="female",
            birth_date=date(1958, 7, 21),
            id_hash="h" * 64,  # the same key: the insert fails on the unique index
        )
    time.sleep(0.5)  # the server's logging collector writes asynchronously
    logged = _log_tail(start)
    assert "duplicate key" in logged  # the failure itself is logged, so the log is the right one
    assert NAME not in logged and ADDRESS_NOTE not in logged
