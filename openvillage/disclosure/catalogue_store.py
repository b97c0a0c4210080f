"""Catalogue versions in the database: load, pick the current one, and parse it once per process.

A version's parsed :class:`~openvillage.disclosure.rules.catalogue.Catalogue` is cached by the
SHA-256 of its YAML, so the cache can never serve a stale catalogue under a reused primary key.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from openvillage.core import rulesets
from openvillage.core.schemas import Kind
from openvillage.core.text import gettext_noop
from openvillage.disclosure.models import CatalogueVersion
from openvillage.disclosure.rules.catalogue import (
    DEFAULT_CATALOGUE_PATH,
    Catalogue,
    load_catalogue_text,
)

#: The catalogue as a kind of versioned configuration. Its versions stay in CatalogueVersion
#: (items point at the version they were written under); reading and caching go through
#: openvillage.core.rulesets.
CATALOGUE: Kind[Catalogue] = Kind(
    code="disclosure.catalogue",
    label=gettext_noop("Disclosure catalogue"),
    parse=lambda text, file: load_catalogue_text(text),
    identity=lambda catalogue: (catalogue.region, catalogue.version),
    default_path=DEFAULT_CATALOGUE_PATH,
)


def sha256_text(text: str) -> str:
    return rulesets.sha256_text(text)


def parsed_text(text: str, sha: str | None = None) -> Catalogue:
    return rulesets.parsed_text(CATALOGUE, text, sha)


def summary(catalogue: Catalogue) -> dict[str, Any]:
    """The catalogue's modules, categories and matters as JSON (names in both languages)."""
    return {
        "modules": [
            {"code": m.code, "slug": m.slug, "zh": m.name.zh, "en": m.name.en}
            for m in catalogue.modules
        ],
        "categories": [
            {
                "code": c.code,
                "module": c.module,
                "zh": c.name.zh,
                "en": c.name.en,
                "matters": [
                    {
                        "code": x.code,
                        "zh": x.name.zh,
                        "en": x.name.en,
                        "cadences": [o.cadence.value for o in x.schedule],
                        "masking_profile": x.masking_profile,
                    }
                    for x in c.matters
                ],
            }
            for c in catalogue.categories
        ],
    }


def new_version(text: str, *, loaded_by=None) -> CatalogueVersion:
    """Parse ``text`` (InvalidInput if wrong) and return an unsaved CatalogueVersion."""
    sha = sha256_text(text)
    catalogue = parsed_text(text, sha)
    return CatalogueVersion(
        region=catalogue.region,
        version=catalogue.version,
        effective_date=catalogue.effective_date,
        name=catalogue.name.zh,
        yaml_text=text,
        sha256=sha,
        data=summary(catalogue),
        loaded_by=loaded_by,
    )


def shipped_default() -> CatalogueVersion:
    """The shipped default catalogue as an unsaved current version (``pk`` is None)."""
    version = new_version(CATALOGUE.default_text())
    version.is_current = True
    return version


def install_default() -> CatalogueVersion:
    """Store the shipped default catalogue as the current version (first write, or migration)."""
    version = shipped_default()
    try:
        with transaction.atomic():
            version.save()
    except IntegrityError:  # another request installed it first
        return CatalogueVersion.objects.get(is_current=True)
    return version


def current_version() -> CatalogueVersion:
    """Return the current catalogue version (the shipped default, unsaved, when none is stored).

    Never writes: pages call it. A write that points at the version calls
    :func:`stored_current_version`.
    """
    version = CatalogueVersion.objects.filter(is_current=True).first()
    return version or shipped_default()


def stored_current_version() -> CatalogueVersion:
    """The current version as a stored row, storing the shipped default first if none is."""
    version = CatalogueVersion.objects.filter(is_current=True).first()
    return version or install_default()


def parsed(version: CatalogueVersion) -> Catalogue:
    return parsed_text(version.yaml_text, version.sha256)


_SUMMARIES: dict[str, dict[str, Any]] = {}


def data_by_sha(sha: str | None) -> dict[str, Any]:
    """The summary of the catalogue version with this hash (the current one if None); cached."""
    if sha and sha in _SUMMARIES:
        return _SUMMARIES[sha]
    version = CatalogueVersion.objects.filter(sha256=sha).first() if sha else None
    version = version or current_version()
    _SUMMARIES[version.sha256] = version.data
    return version.data


def names(version_data: dict[str, Any], lang: str) -> dict[str, str]:
    """Map every module, category and matter code to its name in ``lang`` (zh or en)."""
    key = "en" if lang.startswith("en") else "zh"
    out = {m["code"]: m[key] for m in version_data.get("modules", [])}
    for category in version_data.get("categories", []):
        out[category["code"]] = category[key]
        for matter in category["matters"]:
            out[matter["code"]] = matter[key]
    return out
