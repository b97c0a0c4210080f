"""A write on one disclosure item locks that item's row alone, not its village's unit row, so the
village's other writes do not queue behind it (issue 10: select_for_update with select_related
locked the joined rows too). PostgreSQL only: SQLite has no row locks."""

from __future__ import annotations

import threading

import pytest
from django.db import DatabaseError, connection, connections, transaction

from openvillage.disclosure.services import _locked
from openvillage.disclosure.tests.conftest import content
from openvillage.org.models import Unit

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks exist on PostgreSQL only"
    ),
]


def test_locking_an_item_leaves_its_village_free(cast, village_a1):
    from openvillage.disclosure import services

    item = services.item_create(actor=cast["vic"], village=village_a1, content=content())
    holding, done = threading.Event(), threading.Event()
    outcome: list[object] = []

    def other_writer() -> None:
        try:
            holding.wait(10)
            with transaction.atomic():
                Unit.objects.select_for_update(nowait=True).get(pk=village_a1.pk)
                outcome.append("village free")
        except DatabaseError as error:  # "could not obtain lock on row"
            outcome.append(error)
        finally:
            done.set()
            connections.close_all()

    thread = threading.Thread(target=other_writer)
    thread.start()
    with transaction.atomic():
        locked = _locked(item)  # what every item write does first
        assert locked.village == village_a1  # read in the same query
        holding.set()
        done.wait(10)
    thread.join(10)
    assert outcome == ["village free"]
