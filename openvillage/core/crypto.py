"""Phones, bank accounts and contacts are stored encrypted, with a lookup hash and a mask.

Issue 11 §4 (PIPL 2021 art. 51): a value kept for staff to use (the phone a code is sent to, a
recipient's bank account) is sealed with AES-256-GCM under a key derived from
``settings.FIELD_KEY`` (kept in ``DATA_DIR/field_key``, apart from the database). Equality
lookups ("is this phone already registered?") compare an HMAC-SHA256 under a second key derived
from the same secret, so the table of hashes cannot be reversed by hashing every mobile number
without the key. The column a page shows holds only the masked form (``138****5678``).

A sealed value reads ``v1.<base64url(nonce | ciphertext | tag)>``; the version names the scheme
so that a later key or cipher can be told apart.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

from openvillage.core.errors import InvalidInput
from openvillage.core.masking import MASK, mask_phone, mask_text

PREFIX = "v1."
_NONCE_BYTES = 12


@lru_cache(maxsize=4)
def _keys(secret: str) -> tuple[bytes, bytes]:
    """Derive the encryption key and the lookup-hash key from the configured secret."""
    root = secret.encode()
    seal_key = hmac.new(root, b"openvillage field encryption v1", hashlib.sha256).digest()
    hash_key = hmac.new(root, b"openvillage field lookup v1", hashlib.sha256).digest()
    return seal_key, hash_key


@lru_cache(maxsize=4)
def _box(secret: str) -> AESGCM:
    return AESGCM(_keys(secret)[0])


def seal(plain: str) -> str:
    """Return ``plain`` encrypted and authenticated ("" stays "")."""
    if not plain:
        return ""
    nonce = os.urandom(_NONCE_BYTES)
    sealed = _box(settings.FIELD_KEY).encrypt(nonce, plain.encode(), PREFIX.encode())
    return PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode().rstrip("=")


def unseal(token: str) -> str:
    """Return the value sealed by :func:`seal` (raises ``InvalidTag`` if it was altered)."""
    if not token:
        return ""
    if not token.startswith(PREFIX):
        raise ValueError("not a sealed value")
    raw = base64.urlsafe_b64decode(token[len(PREFIX) :] + "=" * (-len(token) % 4))
    return (
        _box(settings.FIELD_KEY)
        .decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], PREFIX.encode())
        .decode()
    )


def lookup_hash(value: str) -> str:
    """Return the keyed hash that stands in for ``value`` in equality lookups ("" stays "")."""
    if not value:
        return ""
    return hmac.new(_keys(settings.FIELD_KEY)[1], value.encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class ProtectedPhone:
    masked: str
    sealed: str
    hash: str

    def fields(self, name: str = "phone") -> dict[str, str]:
        """The model fields ``<name>``, ``<name>_sealed`` and ``<name>_hash``."""
        return {name: self.masked, f"{name}_sealed": self.sealed, f"{name}_hash": self.hash}


def mask_number(value: str, keep_end: int = 4) -> str:
    """Return ``value`` with every digit but the last ``keep_end`` ones as ``*``.

    For a number that is not a mobile (a landline, a passbook number): ``*******5678``.
    """
    digits = [i for i, c in enumerate(value) if c.isdigit()]
    chars = list(value)
    for i in digits[: max(len(digits) - keep_end, 0)]:
        chars[i] = MASK
    return "".join(chars)


def mask_any_phone(phone: str) -> str:
    """Return ``138****5678`` for a mobile number, the last 4 digits only for any other number."""
    try:
        return mask_phone(phone)
    except InvalidInput:
        return mask_number(phone)


def protect_phone(phone: str) -> ProtectedPhone:
    """Return the masked, sealed and hashed forms of a phone number ("" stays "")."""
    phone = (phone or "").strip()
    if not phone:
        return ProtectedPhone("", "", "")
    return ProtectedPhone(mask_any_phone(phone)[:20], seal(phone), lookup_hash(phone))


def protect_text(value: str) -> tuple[str, str]:
    """Return ``(masked, sealed)`` for a free value such as a reporter's contact.

    Every mobile, ID and bank number in it is masked (core.masking), and any other run of 7 or
    more digits too, keeping its last 4 (a landline, a QQ number).
    """
    value = (value or "").strip()
    masked = re.sub(r"[0-9]{7,}", lambda m: mask_number(m.group()), mask_text(value))
    return masked, seal(value)


def sealed_fields(name: str, value: str, *, max_length: int = 60) -> dict[str, str]:
    """Return the model fields ``<name>`` (masked, cut to ``max_length``) and ``<name>_sealed``."""
    masked, sealed = protect_text(value)
    return {name: masked[:max_length], f"{name}_sealed": sealed}


def seal_existing(model: Any, field: str, *, sealed: bool = True, hashed: bool = True) -> int:
    """Data migrations: seal, hash and mask the clear values of ``model.<field>``; return the count.

    A value that already holds ``*`` was masked before and is left alone.
    """
    count = 0
    for row in model.objects.exclude(**{field: ""}).iterator():
        value = getattr(row, field)
        if MASK in value:
            continue
        protected = protect_phone(value)
        setattr(row, field, protected.masked)
        fields = [field]
        if sealed:
            setattr(row, f"{field}_sealed", protected.sealed)
            fields.append(f"{field}_sealed")
        if hashed:
            setattr(row, f"{field}_hash", protected.hash)
            fields.append(f"{field}_hash")
        row.save(update_fields=fields)
        count += 1
    return count
