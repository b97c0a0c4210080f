"""Inspection checklists as rule-set data per region (``checklists/default.yaml`` shipped),
read and cached through :mod:`openvillage.core.rulesets`."""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import get_language

from openvillage.core import rulesets
from openvillage.core.schemas import Kind, Schema, check, load_yaml
from openvillage.core.text import gettext_noop

DEFAULT_PATH = Path(__file__).resolve().parent / "checklists" / "default.yaml"


class Item(Schema):
    code: str
    zh: str
    en: str


class Levels(Schema):
    village: list[Item]
    town: list[Item]
    county: list[Item]


class Checklists(Schema):
    region: str
    version: str
    levels: Levels


def _parse(text: str, file: str) -> Checklists:
    return check(Checklists, load_yaml(text, file=file), file=file)  # type: ignore[no-any-return]


CHECKLISTS: Kind[Checklists] = Kind(
    code="supervision.checklists",
    label=gettext_noop("Inspection checklists"),
    parse=_parse,
    identity=lambda c: (c.region, c.version),
    default_path=DEFAULT_PATH,
)


def items_for(level: str) -> list[tuple[str, str]]:
    """The current checklist of a level as ``(code, label in the active language)``."""
    data = rulesets.current_parsed(CHECKLISTS)
    chinese = (get_language() or "").lower().startswith("zh")
    return [(i.code, i.zh if chinese else i.en) for i in getattr(data.levels, level, [])]
