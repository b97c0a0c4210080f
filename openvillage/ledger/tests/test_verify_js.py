"""The in-browser check (static/ledger/verify.js) agrees with merkle.py, run under node."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from openvillage.ledger import merkle, offline

SCRIPT = Path(__file__).resolve().parents[1] / "static" / "ledger" / "verify.js"

RUNNER = """
const v = require(process.argv[1]);
const cases = JSON.parse(require("fs").readFileSync(0, "utf8"));
(async () => {
  const out = [];
  for (const c of cases) {
    const ok = await v.checkEntry(c);
    const message = v.headMessage(c.treeSize, c.root, c.timestamp);
    const sig = await v.signatureValid(c.key, message, c.signature);
    out.push([ok, sig]);
  }
  console.log(JSON.stringify(out));
})();
"""


def test_the_script_exists_and_uses_only_web_crypto():
    text = SCRIPT.read_text()
    assert "crypto.subtle.digest" in text
    assert "import " not in text and "http" not in text


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_script_recomputes_the_root_that_merkle_py_computes():
    rng = random.Random(9162)
    private = Ed25519PrivateKey.generate()
    key_hex = offline.public_raw(private.public_key()).hex()
    cases, expected = [], []
    for size in [1, 2, 3, 5, 8, 13, 64, 100]:
        records = [json.dumps({"n": i, "t": "村务公开"}, ensure_ascii=False) for i in range(size)]
        leaves = [offline.record_leaf_hash(r) for r in records]
        root = merkle.root_hash(leaves).hex()
        index = rng.randrange(size)
        stamp = 1_760_000_000_000 + size
        signature = private.sign(offline.head_message(size, root, stamp)).hex()
        proof = [p.hex() for p in merkle.inclusion_proof(leaves, index)]
        common = {
            "index": index,
            "treeSize": size,
            "proof": proof,
            "root": root,
            "key": key_hex,
            "timestamp": stamp,
            "signature": signature,
        }
        cases.append({**common, "record": records[index]})
        expected.append([True, True])
        cases.append({**common, "record": records[index] + " "})  # a changed record
        expected.append([False, True])
        bad_sig = ("0" if signature[0] != "0" else "1") + signature[1:]
        cases.append({**common, "record": records[index], "signature": bad_sig})
        expected.append([True, False])
    done = subprocess.run(
        ["node", "-e", RUNNER, str(SCRIPT)],
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout)
    # Node without Ed25519 in WebCrypto answers null for the signature: accept it, not a wrong one.
    for (ok, sig), (want_ok, want_sig) in zip(got, expected, strict=True):
        assert ok == want_ok
        assert sig in (want_sig, None)
