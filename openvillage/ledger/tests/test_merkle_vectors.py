"""Run the transparency-dev/merkle conformance vectors for RFC 9162 proofs.

The vectors live beside the repository checkout in ``shared/vectors/rfc9162`` (or wherever
``OPENVILLAGE_VECTORS_DIR`` points); the module is skipped when they are absent. Each file is one
case: ``wantErr`` true means a correct verifier must reject it.
"""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path
from typing import Any

import pytest

from openvillage.ledger import merkle

VECTORS_DIR = Path(
    os.environ.get("OPENVILLAGE_VECTORS_DIR")
    or Path(__file__).resolve().parents[3].parent / "shared" / "vectors" / "rfc9162"
)

if not (VECTORS_DIR / "inclusion").is_dir() or not (VECTORS_DIR / "consistency").is_dir():
    pytest.skip(
        f"RFC 9162 vectors not found in {VECTORS_DIR}; set OPENVILLAGE_VECTORS_DIR to run them",
        allow_module_level=True,
    )


def _cases(kind: str) -> list[Any]:
    folder = VECTORS_DIR / kind
    return [
        pytest.param(path, id=path.relative_to(folder).with_suffix("").as_posix())
        for path in sorted(folder.rglob("*.json"))
    ]


INCLUSION_CASES = _cases("inclusion")
CONSISTENCY_CASES = _cases("consistency")


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _bytes(value: str | None) -> bytes:
    return base64.b64decode(value or "")


def _proof(value: list[str] | None) -> list[bytes]:
    return [_bytes(item) for item in value or []]


def test_the_vector_folder_holds_both_kinds_of_case() -> None:
    assert len(INCLUSION_CASES) >= 50
    assert len(CONSISTENCY_CASES) >= 50


@pytest.mark.parametrize("path", INCLUSION_CASES)
def test_inclusion_vector_gets_the_expected_verdict(path: Path) -> None:
    case = _load(path)
    verified = merkle.verify_inclusion(
        _bytes(case["leafHash"]),
        case["leafIdx"],
        case["treeSize"],
        _proof(case["proof"]),
        _bytes(case["root"]),
    )
    assert verified is not case["wantErr"], case["desc"]


@pytest.mark.parametrize("path", CONSISTENCY_CASES)
def test_consistency_vector_gets_the_expected_verdict(path: Path) -> None:
    case = _load(path)
    verified = merkle.verify_consistency(
        case["size1"],
        case["size2"],
        _bytes(case["root1"]),
        _bytes(case["root2"]),
        _proof(case["proof"]),
    )
    assert verified is not case["wantErr"], case["desc"]


def _standard_leaves() -> list[bytes]:
    roots = _load(VECTORS_DIR / "roots.json")
    return [merkle.leaf_hash(bytes.fromhex(data)) for data in roots["leaf_inputs_hex"]]


HAPPY_INCLUSION = [case for case in INCLUSION_CASES if case.id.endswith("/happy-path")]
HAPPY_CONSISTENCY = [case for case in CONSISTENCY_CASES if case.id.endswith("/happy-path")]


@pytest.mark.parametrize("path", HAPPY_INCLUSION)
def test_happy_path_inclusion_proof_is_the_one_we_generate(path: Path) -> None:
    case = _load(path)
    leaves = _standard_leaves()[: case["treeSize"]]
    assert merkle.root_hash(leaves) == _bytes(case["root"])
    assert merkle.inclusion_proof(leaves, case["leafIdx"]) == _proof(case["proof"])


@pytest.mark.parametrize("path", HAPPY_CONSISTENCY)
def test_happy_path_consistency_proof_is_the_one_we_generate(path: Path) -> None:
    case = _load(path)
    leaves = _standard_leaves()[: case["size2"]]
    assert merkle.root_hash(leaves) == _bytes(case["root2"])
    assert merkle.consistency_proof(leaves, case["size1"]) == _proof(case["proof"])
