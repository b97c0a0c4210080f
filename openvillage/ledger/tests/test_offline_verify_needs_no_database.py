"""`openvillage verify` works from the files alone: these tests may not touch the database."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.core.management import CommandError, call_command

from openvillage.ledger import merkle, offline


def write_export(path, size: int = 10, head_sizes=(4, 10)) -> dict:
    private = Ed25519PrivateKey.generate()
    records = [offline.canonical_json({"kind": "test", "n": i}) for i in range(size)]
    entries = [
        {"index": i, "leaf_hash": offline.record_leaf_hash(r).hex(), "record": r}
        for i, r in enumerate(records)
    ]
    leaves = [bytes.fromhex(e["leaf_hash"]) for e in entries]
    heads = []
    for n in head_sizes:
        root = merkle.root_hash(leaves[:n]).hex()
        stamp = 1_760_000_000_000 + n
        signature = private.sign(offline.head_message(n, root, stamp)).hex()
        heads.append(
            {
                "tree_size": n,
                "root_hash": root,
                "timestamp": stamp,
                "signature": signature,
                "key_id": "test",
            }
        )
    pem = private.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
    data = {
        "format": offline.EXPORT_FORMAT,
        "public_key_pem": pem.decode(),
        "heads": heads,
        "entries": entries,
    }
    path.write_text(json.dumps(data))
    return data


def test_a_good_export_verifies_without_a_database(tmp_path, capsys):
    write_export(tmp_path / "e.json")
    call_command("verify", str(tmp_path / "e.json"))
    assert "OK: 10 entries, 2 signed heads verified" in capsys.readouterr().out


def test_a_missing_entry_is_named(tmp_path):
    data = write_export(tmp_path / "e.json")
    del data["entries"][6]
    (tmp_path / "e.json").write_text(json.dumps(data))
    with pytest.raises(CommandError, match="entry 6 is missing or out of order"):
        call_command("verify", str(tmp_path / "e.json"))


def test_a_head_beyond_the_copy_is_named(tmp_path):
    data = write_export(tmp_path / "e.json")
    data["entries"] = data["entries"][:8]
    (tmp_path / "e.json").write_text(json.dumps(data))
    with pytest.raises(CommandError, match="head of size 10 .*only 8 entries"):
        call_command("verify", str(tmp_path / "e.json"))


def test_the_checker_runs_with_python_alone(tmp_path):
    write_export(tmp_path / "e.json")
    done = subprocess.run(
        [sys.executable, "-m", "openvillage.ledger.offline", str(tmp_path / "e.json")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "OK: 10 entries" in done.stdout


def test_the_offline_module_imports_no_django():
    code = "import sys, openvillage.ledger.offline; print(any(m == 'django' for m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "False"
