"""requirements.lock (what make install and CI install) pins every dependency that
pyproject.toml names, within its range: a dependency added without `make lock` fails here."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[3]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")


def pins() -> dict[str, list[tuple[Version, str]]]:
    found: dict[str, list[tuple[Version, str]]] = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        match = PIN.match(line)
        if match:
            name = canonicalize_name(match[1])
            found.setdefault(name, []).append((Version(match[2]), (match[3] or "").strip()))
    return found


def declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    texts = project["dependencies"] + project["optional-dependencies"]["test"]
    return [Requirement(text) for text in texts]


def test_every_declared_dependency_is_pinned_within_its_range_with_hashes():
    locked = pins()
    wrong = []
    for requirement in declared():
        versions = locked.get(canonicalize_name(requirement.name), [])
        if not versions or not all(requirement.specifier.contains(v) for v, _ in versions):
            wrong.append(f"{requirement} (locked: {[str(v) for v, _ in versions] or 'none'})")
    assert wrong == [], f"run `make lock`: {wrong}"


def test_every_pinned_package_carries_a_hash():
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    blocks = [b for b in re.split(r"\n(?=[a-z0-9])", text) if PIN.match(b.splitlines()[0])]
    assert len(blocks) == sum(len(v) for v in pins().values()) > 50
    assert [b.splitlines()[0] for b in blocks if "--hash=sha256:" not in b] == []
