"""Catalogue versions in the database: load, pick the current one, and parse it once per process.

A version's parsed :class:`~openvillage.disclosure.rules.catalogue.Catalogue` is cached by the
SHA-256 of its YAML, so the cache can never serve a stale catalogue under a reused primary key.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import IntegrityError, transaction

from openvillage.disclosure.models import CatalogueVersion
from openvillage.disclosure.rules.catalogue import (
    DEFAULT_CATALOGUE_PATH,
    Catalogue,
    load_catalogue_text,
)

_PARSED: dict[str, Catalogue] = {}


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def parsed_text(text: str, sha: str | None = None) -> Catalogue:
    sha = sha or sha256_text(text)
    if sha not in _PARSED:
        _PARSED[sha] = load_catalogue_text(text)
    return _PARSED[sha]


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


def install_default() -> CatalogueVersion:
    """Store the shipped default catalogue as the current version (first use, or migration)."""
    version = new_version(DEFAULT_CATALOGUE_PATH.read_text(encoding="utf-8"))
    version.is_current = True
    try:
        with transaction.atomic():
            version.save()
    except IntegrityError:  # another request installed it first
        return CatalogueVersion.objects.get(is_current=True)
    return version


def current_version() -> CatalogueVersion:
    """Return the current catalogue version, installing the shipped default on first use."""
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
