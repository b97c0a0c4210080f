"""The signing key and the signed heads."""

from __future__ import annotations

import os
import stat

import pytest
from django.db import transaction

from openvillage.core import periodic
from openvillage.ledger import offline, services, signing
from openvillage.ledger.models import AuditRun, TreeHead
from openvillage.ledger.tests.conftest import append


def test_the_key_is_created_once_with_mode_0600(ledger_key):
    assert not ledger_key.exists()
    first = signing.public_key_pem()
    assert stat.S_IMODE(os.stat(ledger_key).st_mode) == 0o600
    signing._keys.clear()
    assert signing.public_key_pem() == first


def test_a_head_signs_the_documented_message(db):
    append(2)
    head = services.sign_tree_head()
    message = f"openvillage-sth-v1\n2\n{head.root_hash}\n{head.timestamp}".encode()
    key = offline.load_public_key(signing.public_key_pem())
    key.verify(bytes.fromhex(head.signature), message)  # raises if wrong
    assert head.key_id == signing.key_id()


def test_signing_again_at_the_same_size_returns_the_same_head_unless_forced(db):
    append(2)
    first = services.sign_tree_head()
    assert services.sign_tree_head() == first
    forced = services.sign_tree_head(force=True)
    assert forced.tree_size == 2 and forced.timestamp > first.timestamp


def test_an_empty_log_signs_nothing(db):
    assert services.sign_tree_head() is None


def test_one_head_is_scheduled_per_transaction(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        append(3)
    assert len(callbacks) == 1
    assert list(TreeHead.objects.values_list("tree_size", flat=True)) == [3]


@pytest.mark.django_db
def test_the_daily_job_signs_a_head_and_audits():
    append(3)
    outcome = periodic.JOBS["ledger.daily"].run()
    assert outcome.startswith("audit ok")
    assert TreeHead.objects.count() == 1
    assert AuditRun.objects.get().ok
    periodic.JOBS["ledger.daily"].run()
    assert TreeHead.objects.count() == 1  # one head today is enough
