"""The deployment's Ed25519 key: created on first use at settings.LEDGER_KEY_PATH, never sent.

The private key is a PKCS#8 PEM file of mode 0600. Two processes starting at once both try to
create it: each writes a private temporary file and hard-links it into place, so exactly one key
wins and the other process reads it.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
    load_pem_private_key,
)
from django.conf import settings

from openvillage.ledger import offline

_keys: dict[str, Ed25519PrivateKey] = {}


def _create(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pem = Ed25519PrivateKey.generate().private_bytes(
        Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()
    )
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".ledger-key-")  # mode 0600
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(pem)
            handle.flush()
            os.fsync(handle.fileno())
        # Atomic, and refuses to replace a key that another process made first.
        with contextlib.suppress(FileExistsError):
            os.link(tmp, path)
    finally:
        os.unlink(tmp)


def private_key() -> Ed25519PrivateKey:
    """Return the signing key, creating the key file on first use."""
    path = Path(settings.LEDGER_KEY_PATH)
    key = _keys.get(str(path))
    if key is None:
        if not path.exists():
            _create(path)
        loaded = load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(loaded, Ed25519PrivateKey):
            raise RuntimeError(f"{path} does not hold an Ed25519 private key")
        key = _keys[str(path)] = loaded
    return key


def public_key_pem() -> str:
    public = private_key().public_key()
    return public.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo).decode("ascii")


def public_key_hex() -> str:
    return offline.public_raw(private_key().public_key()).hex()


def key_id() -> str:
    return offline.key_id(offline.public_raw(private_key().public_key()))


def sign_head(tree_size: int, root_hex: str, timestamp: int) -> str:
    """Sign :func:`offline.head_message` and return the 64-byte signature in hex."""
    return private_key().sign(offline.head_message(tree_size, root_hex, timestamp)).hex()
