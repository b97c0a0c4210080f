"""The ledger API: heads, proofs and entries with typed answers, 400 and 404 with a sentence."""

from __future__ import annotations

import pytest
from django.db import transaction

from openvillage.ledger import merkle, offline, services
from openvillage.ledger.models import Entry
from openvillage.ledger.tests.conftest import append

API = "/api/v1/ledger"


@pytest.fixture
def log(db):
    """Seven entries and a signed head of size 7."""
    append(7)
    services.sign_tree_head()
    return [bytes.fromhex(h) for h in Entry.objects.values_list("leaf_hash", flat=True)]


def test_the_latest_head_is_signed_by_the_published_key(client, log):
    head = client.get(f"{API}/sth").json()
    key = client.get(f"{API}/key").json()
    assert head["tree_size"] == 7
    assert head["root_hash"] == merkle.root_hash(log).hex()
    assert head["key_id"] == key["key_id"]
    assert offline.head_signature_ok(offline.load_public_key(key["public_key_pem"]), head)
    assert client.get(f"{API}/sth/7").json() == head


def test_an_inclusion_proof_verifies_against_the_head(client, log):
    body = client.get(f"{API}/proof/inclusion", {"leaf_hash": log[4].hex(), "tree_size": 7}).json()
    assert body["leaf_index"] == 4
    proof = [bytes.fromhex(h) for h in body["audit_path"]]
    assert merkle.verify_inclusion(log[4], 4, 7, proof, merkle.root_hash(log))


def test_a_consistency_proof_verifies_between_two_sizes(client, log):
    body = client.get(f"{API}/proof/consistency", {"first": 3, "second": 7}).json()
    proof = [bytes.fromhex(h) for h in body["proof"]]
    old, new = merkle.root_hash(log[:3]), merkle.root_hash(log)
    assert body["first_root"] == old.hex()
    assert merkle.verify_consistency(3, 7, old, new, proof)


def test_entries_come_in_pages_that_stop_at_the_end_of_the_log(client, log):
    body = client.get(f"{API}/entries", {"start": 5, "end": 100}).json()
    assert [e["index"] for e in body["entries"]] == [5, 6]
    first = body["entries"][0]
    assert offline.record_leaf_hash(first["record"]).hex() == first["leaf_hash"]


def test_heads_are_listed_for_mirrors(client, log):
    with transaction.atomic():
        append(1, start=7)
    services.sign_tree_head()
    sizes = [h["tree_size"] for h in client.get(f"{API}/heads").json()]
    assert sizes == [7, 8]


@pytest.mark.parametrize(
    ("path", "params", "status", "field"),
    [
        ("proof/inclusion", {"leaf_hash": "xyz", "tree_size": 7}, 400, "leaf_hash"),
        ("proof/inclusion", {"leaf_hash": "ab" * 31, "tree_size": 7}, 400, "leaf_hash"),
        ("proof/inclusion", {"leaf_hash": "00" * 32, "tree_size": "seven"}, 400, "tree_size"),
        ("proof/inclusion", {"leaf_hash": "00" * 32, "tree_size": 8}, 400, "tree_size"),
        ("proof/inclusion", {"leaf_hash": "00" * 32, "tree_size": 0}, 400, "tree_size"),
        ("proof/consistency", {"first": 5, "second": 3}, 400, "first"),
        ("proof/consistency", {"first": 3, "second": 70}, 400, "second"),
        ("proof/consistency", {"first": -1, "second": 3}, 400, "first"),
        ("entries", {"start": 7, "end": 9}, 400, "start"),
        ("entries", {"start": 3, "end": 3}, 400, "end"),
        ("sth/abc", {}, 400, "tree_size"),
    ],
)
def test_malformed_input_and_sizes_beyond_the_log_are_400_naming_the_field(
    client, log, path, params, status, field
):
    response = client.get(f"{API}/{path}", params)
    assert response.status_code == status
    assert response.json()["field"] == field
    assert response.json()["detail"]


def test_an_unknown_leaf_or_head_size_is_404(client, log):
    response = client.get(f"{API}/proof/inclusion", {"leaf_hash": "00" * 32, "tree_size": 7})
    assert response.status_code == 404
    assert "leaf hash" in response.json()["detail"]
    assert client.get(f"{API}/sth/6").status_code == 404


def test_an_empty_log_has_no_head_yet(client, db):
    assert client.get(f"{API}/sth").status_code == 404


def test_every_ledger_endpoint_is_in_the_openapi_document(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in [
        "/sth",
        "/sth/{size}",
        "/heads",
        "/proof/inclusion",
        "/proof/consistency",
        "/entries",
        "/key",
    ]:
        assert f"{API}{path}" in paths
