"""Power list versions in the database, parsed once per process (keyed by their SHA-256), and
the misconduct and measure vocabularies (``misconduct.yaml``)."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from openvillage.decisions.models import PowerListVersion
from openvillage.decisions.rules import DEFAULT_POWER_LIST, PowerList
from openvillage.decisions.rules.powerlist import parse_power_list

MISCONDUCT_PATH = Path(__file__).resolve().parent / "misconduct.yaml"


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def parse_text(text: str) -> PowerList:
    """Parse and validate a YAML power list (InvalidInput naming power, step and field)."""
    return parse_power_list(text, field="yaml")


@lru_cache(maxsize=16)
def _parsed(sha: str, text: str) -> PowerList:
    return parse_text(text)


def parsed(version: PowerListVersion) -> PowerList:
    return _parsed(version.sha256, version.yaml_text)


def default_text() -> str:
    return DEFAULT_POWER_LIST.read_text(encoding="utf-8")


def current_version(region: str = "default") -> PowerListVersion:
    """Return the current list of the region, storing the shipped default on first use."""
    version = PowerListVersion.objects.filter(is_current=True, region=region).first()
    if version is not None:
        return version
    version = PowerListVersion.objects.filter(is_current=True).first()
    if version is not None:
        return version
    text = default_text()
    power_list = parse_text(text)
    return PowerListVersion.objects.create(
        region=power_list.region,
        version=power_list.version,
        yaml_text=text,
        sha256=sha256_text(text),
        is_current=True,
    )


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, Any]:
    """Misconduct kinds and measures as loaded from ``misconduct.yaml``."""
    data = yaml.safe_load(MISCONDUCT_PATH.read_text(encoding="utf-8"))
    return {
        "misconduct": {m["code"]: m for m in data["misconduct"]},
        "measures": {m["code"]: m for m in sorted(data["measures"], key=lambda m: m["order"])},
    }
