"""Power list versions in the database, parsed once per process (keyed by their SHA-256), and
the misconduct and measure vocabularies (``misconduct.yaml``)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from django.db import IntegrityError, transaction

from openvillage.core import rulesets
from openvillage.core.schemas import Kind
from openvillage.core.text import gettext_noop
from openvillage.decisions.models import PowerListVersion
from openvillage.decisions.rules import DEFAULT_POWER_LIST, PowerList
from openvillage.decisions.rules.powerlist import parse_power_list

MISCONDUCT_PATH = Path(__file__).resolve().parent / "misconduct.yaml"


def _parse(text: str, file: str) -> PowerList:
    return parse_power_list(text, field="yaml")


#: The power list as a kind of versioned configuration. Its versions stay in PowerListVersion
#: (cases point at the version they were opened under); reading and caching go through
#: openvillage.core.rulesets.
POWER_LIST: Kind[PowerList] = Kind(
    code="decisions.powerlist",
    label=gettext_noop("Power list"),
    parse=_parse,
    identity=lambda power_list: (power_list.region, power_list.version),
    default_path=DEFAULT_POWER_LIST,
)


def sha256_text(text: str) -> str:
    return rulesets.sha256_text(text)


def parse_text(text: str) -> PowerList:
    """Parse and validate a YAML power list (InvalidInput naming power, step and field)."""
    return rulesets.parsed_text(POWER_LIST, text)


def parsed(version: PowerListVersion) -> PowerList:
    return rulesets.parsed_text(POWER_LIST, version.yaml_text, version.sha256)


def default_text() -> str:
    return POWER_LIST.default_text()


def _shipped_default() -> PowerListVersion:
    text = default_text()
    power_list = parse_text(text)
    return PowerListVersion(
        region=power_list.region,
        version=power_list.version,
        yaml_text=text,
        sha256=sha256_text(text),
        is_current=True,
    )


def current_version(region: str = "default") -> PowerListVersion:
    """Return the current list of the region (else any current one, else the shipped default,
    unsaved: ``pk`` is None). Never writes: pages call it."""
    current = PowerListVersion.objects.filter(is_current=True)
    version = current.filter(region=region).first() or current.first()
    return version or _shipped_default()


def stored_current_version(region: str = "default") -> PowerListVersion:
    """The current list as a stored row, storing the shipped default first if there is none.

    For writes that must point at the version they were made under (a case), never for reads.
    """
    version = current_version(region)
    if version.pk is not None:
        return version
    try:
        with transaction.atomic():
            version.save()
    except IntegrityError:  # another request stored it first
        return PowerListVersion.objects.get(region=version.region, is_current=True)
    return version


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, Any]:
    """Misconduct kinds and measures as loaded from ``misconduct.yaml``."""
    data = yaml.safe_load(MISCONDUCT_PATH.read_text(encoding="utf-8"))
    return {
        "misconduct": {m["code"]: m for m in data["misconduct"]},
        "measures": {m["code"]: m for m in sorted(data["measures"], key=lambda m: m["order"])},
    }
