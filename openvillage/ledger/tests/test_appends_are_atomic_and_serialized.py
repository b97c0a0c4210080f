"""Appends commit with the caller's transaction, or not at all, and concurrent ones queue."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import pytest
from django.db import connection, transaction

from openvillage.ledger import merkle, selectors
from openvillage.ledger.models import Entry, LogState, Node, TreeHead, node_key
from openvillage.ledger.services import ledger_append
from openvillage.ledger.tests.conftest import append


class Boom(Exception):
    pass


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_leaves_no_entry_no_node_and_no_head():
    append(3)
    head = TreeHead.objects.get()
    with pytest.raises(Boom), transaction.atomic():
        append(5, start=3)
        assert Entry.objects.count() == 8
        raise Boom
    assert Entry.objects.count() == 3
    assert list(Node.objects.values_list("key", flat=True)) == [node_key(1, 0)]
    assert LogState.objects.get(pk=1).size == 3
    assert list(TreeHead.objects.all()) == [head]
    append(1, start=9)
    assert list(Entry.objects.values_list("index", flat=True)) == [0, 1, 2, 3]


@pytest.mark.django_db(transaction=True)
def test_one_head_is_signed_per_committed_transaction():
    append(4)
    append(2, start=4)
    assert list(TreeHead.objects.order_by("id").values_list("tree_size", flat=True)) == [4, 6]


@pytest.mark.django_db(transaction=True)
def test_an_append_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError, match="inside the caller's transaction"):
        ledger_append(kind="k", object_type="t", object_id="1", version=1, content="x")


def hammer(threads: int = 4, per_thread: int = 6) -> None:
    """Append from several threads, each with its own connection; check the log after."""
    errors: list[Exception] = []

    def worker(number: int) -> None:
        try:
            for i in range(per_thread):
                append(1, start=number * 100 + i)
        except Exception as error:  # reported below: an assert in a thread would be lost
            errors.append(error)
        finally:
            connection.close()

    pool = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    assert errors == []
    indexes = list(Entry.objects.order_by("index").values_list("index", flat=True))
    assert indexes == list(range(threads * per_thread))
    hexes = Entry.objects.order_by("index").values_list("leaf_hash", flat=True)
    leaves = [bytes.fromhex(h) for h in hexes]
    assert selectors.root_at(len(leaves)) == merkle.root_hash(leaves)
    assert selectors.latest_head().root_hash == merkle.root_hash(leaves).hex()


HAMMER_SCRIPT = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from openvillage.ledger.tests.test_appends_are_atomic_and_serialized import hammer
hammer()
print("hammer ok")
"""


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_give_a_gap_free_log_with_the_right_root(tmp_path):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:"):
        # The in-memory test database is one shared cache, where writers fail at once instead
        # of queueing: run the same threads on a real file with the product's IMMEDIATE mode.
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "openvillage.settings_test",
            "DATA_DIR": str(tmp_path),
            "DATABASE_URL": f"sqlite:///{tmp_path}/hammer.sqlite3",
        }
        done = subprocess.run(
            [sys.executable, "-c", HAMMER_SCRIPT], env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr[-3000:]
        assert "hammer ok" in done.stdout
    else:
        hammer()
