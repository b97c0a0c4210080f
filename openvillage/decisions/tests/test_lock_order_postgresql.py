"""Publishing a case's resolution from the disclosures and from the case at the same moment never
deadlocks: both lock the disclosure item before the case (the lock order of core.writes).

Only PostgreSQL has row locks, so the test is skipped on SQLite. Two threads, each with its own
connection, are forced to interleave: the clerk's transaction holds the item (as ``item_publish``
does first) when the secretary presses "publish" on the case; only once the secretary's
transaction waits on a lock does the clerk publish, and the on-publish handler locks the case.
On code that locks the case before the item when publishing from the case, the two wait for each
other and PostgreSQL breaks the cycle by failing one ("deadlock detected").
"""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import connection, connections, transaction

from openvillage.core import writes
from openvillage.core.errors import WrongState
from openvillage.core.tests.postgres import someone_waits_on_a_lock
from openvillage.decisions import services
from openvillage.decisions.models import StepRecord
from openvillage.decisions.tests.conftest import at, walk_to_resolution
from openvillage.disclosure import services as disclosure
from openvillage.disclosure.models import Item

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks exist on PostgreSQL only"
    ),
]
SEP = date(2026, 9, 1).replace


def test_publishing_the_resolution_twice_at_once_records_the_step_once(cast, registry, village_a1):
    # Given a case whose resolution the town has approved
    with at(SEP(day=1)):
        case = services.case_open(
            actor=cast["vic"], village=village_a1, power_code="major_decision", amount=None,
            description="repairing the village road",
        )  # fmt: skip
    walk_to_resolution(cast["vic"], case)
    with at(SEP(day=28)):
        first = services.case_publish_resolution(
            actor=cast["vic"], case=case, title="决议公开", body="<p>修路</p>"
        )
        disclosure.item_approve(actor=cast["tom"], item=first.item)
    errors: list[BaseException] = []
    refusals: list[WrongState] = []
    clerk_holds_item = threading.Barrier(2, timeout=10)

    def clerk() -> None:
        try:
            with transaction.atomic():
                writes.locked(Item.objects.filter(pk=first.item.pk)).get()
                clerk_holds_item.wait()
                assert someone_waits_on_a_lock()
                disclosure.item_publish(actor=cast["vic"], item=first.item)
        except BaseException as error:  # reported below: an assert in a thread is lost
            errors.append(error)
        finally:
            connections.close_all()

    def secretary() -> None:
        try:
            clerk_holds_item.wait()
            services.case_publish_resolution(actor=cast["sam"], case=case)
        except WrongState as refusal:  # the step was recorded by the clerk's publication
            refusals.append(refusal)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    # When both press "publish" at once
    with at(SEP(day=29)):
        threads = [threading.Thread(target=clerk), threading.Thread(target=secretary)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)

    # Then neither failed on the database, and the step is recorded once
    assert errors == []
    assert [r.code for r in refusals] in ([], ["step_already_passed"])
    records = StepRecord.objects.filter(case=case, step_code="resolution_disclosure")
    assert records.count() == 1
