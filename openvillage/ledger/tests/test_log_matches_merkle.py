"""The stored log gives the same roots and proofs as merkle.py's list-based functions."""

from __future__ import annotations

import json

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openvillage.ledger import merkle, selectors
from openvillage.ledger.models import Entry, LogState, Node
from openvillage.ledger.tests.conftest import append

DB_SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _leaves() -> list[bytes]:
    return [
        bytes.fromhex(h)
        for h in Entry.objects.order_by("index").values_list("leaf_hash", flat=True)
    ]


@DB_SETTINGS
@given(size=st.integers(1, 40), data=st.data())
def test_roots_and_proofs_from_the_database_equal_the_list_based_ones(db, size, data):
    with transaction.atomic():
        append(size)
        leaves = _leaves()
        assert len(leaves) == size
        for n in range(1, size + 1):
            assert selectors.root_at(n) == merkle.root_hash(leaves[:n])
        tree_size = data.draw(st.integers(1, size), label="tree_size")
        index = data.draw(st.integers(0, tree_size - 1), label="index")
        proof = selectors.inclusion_proof_for(leaves[index].hex(), tree_size)
        assert proof.leaf_index == index
        assert proof.audit_path == [
            p.hex() for p in merkle.inclusion_proof(leaves[:tree_size], index)
        ]
        assert proof.root_hash == merkle.root_hash(leaves[:tree_size]).hex()
        old = data.draw(st.integers(1, tree_size), label="old")
        consistency = selectors.consistency_proof_for(old, tree_size)
        expected = merkle.consistency_proof(leaves[:tree_size], old)
        assert consistency.proof == [p.hex() for p in expected]
        assert merkle.verify_consistency(
            old,
            tree_size,
            bytes.fromhex(consistency.first_root),
            bytes.fromhex(consistency.second_root),
            expected,
        )
        transaction.set_rollback(True)


def test_an_append_stores_exactly_the_subtrees_it_completes(db):
    append(8)
    stored = {(node.level, node.position) for node in Node.objects.all()}
    assert stored == {(1, 0), (1, 1), (1, 2), (1, 3), (2, 0), (2, 1), (3, 0)}
    assert LogState.objects.get(pk=1).size == 8


def test_the_record_is_canonical_json_with_hashes_and_never_the_content(db):
    entry = append(1)[0]
    record = json.loads(entry.record)
    assert entry.record == json.dumps(
        record, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    assert set(record) == {
        "v",
        "kind",
        "object",
        "version",
        "content_sha256",
        "attachments",
        "unit",
        "time",
    }
    assert record["object"] == {"type": "disclosure.item", "id": "0"}
    assert record["unit"] == "990100001001"
    assert record["attachments"][0]["name"] == "minutes.pdf"
    assert len(record["content_sha256"]) == 64
    assert "公开事项" not in entry.record
    assert entry.leaf_hash == merkle.leaf_hash(entry.record.encode()).hex()


def test_a_proof_reads_one_query_of_stored_subtrees(db, django_assert_max_num_queries):
    append(37)
    leaf = Entry.objects.get(index=20).leaf_hash
    with django_assert_max_num_queries(3):  # size, the leaf's index, the subtree roots
        selectors.inclusion_proof_for(leaf, 37)
