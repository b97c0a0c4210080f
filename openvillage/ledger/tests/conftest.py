"""Fixtures of the public record: a throw-away signing key and a helper to append entries."""

from __future__ import annotations

import pytest
from django.db import transaction

from openvillage.ledger.services import ledger_append


@pytest.fixture(autouse=True)
def ledger_key(settings, tmp_path):
    """Each test signs with its own key, created on first use in a temporary directory."""
    settings.LEDGER_KEY_PATH = tmp_path / "keys" / "ledger_ed25519.pem"
    return settings.LEDGER_KEY_PATH


def append(n: int, *, start: int = 0, kind: str = "disclosure.version") -> list:
    """Append ``n`` entries in one transaction; object ids count from ``start``."""
    with transaction.atomic():
        return [
            ledger_append(
                kind=kind,
                object_type="disclosure.item",
                object_id=str(start + i),
                version=1,
                content={"title": f"公开事项 {start + i}", "amount": start + i},
                attachments=[("minutes.pdf", b"%PDF-" + bytes([i % 256]))],
                unit_path="/990100000000/990100001000/990100001001/",
                unit_code="990100001001",
            )
            for i in range(n)
        ]
