"""Star scheme files as versioned rule sets per region (read through core.rulesets)."""

from __future__ import annotations

from openvillage.core import rulesets
from openvillage.core.errors import InvalidInput
from openvillage.core.schemas import Kind
from openvillage.core.text import gettext_noop

from .rules.schemes import DEFAULT_SCHEMES_PATH, SchemeFile, SchemeSpec, load_schemes_text

SCHEMES: Kind[SchemeFile] = Kind(
    code="assessment.star_schemes",
    label=gettext_noop("Star schemes"),
    parse=lambda text, file: load_schemes_text(text, file),
    identity=lambda document: (document.region, document.version),
    default_path=DEFAULT_SCHEMES_PATH,
)


def current_schemes(region: str | None = None) -> SchemeFile:
    return rulesets.current_parsed(SCHEMES, region)


def scheme_version(region: str | None = None) -> str:
    row = rulesets.current(SCHEMES, region)
    return f"{row.region}/{row.version}"


def scheme(code: str, region: str | None = None) -> SchemeSpec:
    """The scheme ``code`` of the region's current file, or InvalidInput naming the field."""
    found = current_schemes(region).get(code)
    if found is None:
        raise InvalidInput(
            gettext_noop("There is no star scheme %(code)s."), {"code": code}, field="scheme_code"
        )
    return found
