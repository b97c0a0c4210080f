"""ID numbers (GB 11643) are never stored in clear: only a keyed hash and a masked form.

The hash is HMAC-SHA256 under ``settings.ID_HASH_KEY`` (a server secret kept apart from
``SECRET_KEY``), so that the table of hashes cannot be reversed by hashing every possible number
without the key. Matching a villager's ID against the roll compares hashes.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings

from openvillage.core.masking import mask_id_number, validate_id_number


@dataclass(frozen=True)
class ProtectedId:
    hash: str
    masked: str


def id_hash(normalized: str) -> str:
    key = settings.ID_HASH_KEY.encode()
    return hmac.new(key, normalized.encode(), hashlib.sha256).hexdigest()


def protect_id_number(raw: str) -> ProtectedId:
    """Validate an ID number and return its keyed hash and masked form (InvalidInput if bad)."""
    normalized = validate_id_number(raw)
    return ProtectedId(hash=id_hash(normalized), masked=mask_id_number(normalized))
