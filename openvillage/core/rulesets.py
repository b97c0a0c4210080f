"""Rule sets: one store for versioned configuration (YAML per kind and region).

A kind (:class:`openvillage.core.schemas.Kind`) says how to read one file: a pydantic schema whose
faults name the file, the path to the field and the reason in the user's language, then the pure
rule module's own checks. This module keeps the versions (:class:`RuleSet` rows), tells which one
is current and parses each text once per process.

- :func:`current` and :func:`current_parsed` never write: with no stored version they return the
  shipped default, unsaved. Reads happen inside GET requests.
- :func:`install` (a new version becomes current) and :func:`stored_current` (a write that must
  refer to a stored row) are for services, inside their transaction; the service checks the
  actor's permission and writes the audit row.

The disclosure catalogue and the power list keep their own version tables (items and cases point
at them) but read, parse and cache through the helpers here; see docs/CONVENTIONS.md.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from typing import Any, TypeVar

from django.db import IntegrityError, transaction

from openvillage.core.errors import InvalidInput
from openvillage.core.models import RuleSet
from openvillage.core.schemas import Kind
from openvillage.core.text import gettext_noop

T = TypeVar("T")

_PARSED: OrderedDict[tuple[str, str], Any] = OrderedDict()
_PARSED_MAX = 64
_LOCK = threading.Lock()


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def check(kind: Kind[T], text: str, *, file: str) -> T:
    """Parse ``text`` as a file of ``kind``, or raise its ``InvalidInput`` (``ConfigInvalid``
    for schema faults: file, path to the field, reason)."""
    return kind.parse(text, file)


def parsed_text(kind: Kind[T], text: str, sha: str | None = None, *, file: str = "") -> T:
    """Parse ``text`` once per process (keyed by kind and SHA-256, so never stale)."""
    key = (kind.code, sha or sha256_text(text))
    with _LOCK:  # threads of one worker share the cache
        if key in _PARSED:
            _PARSED.move_to_end(key)
            return _PARSED[key]  # type: ignore[no-any-return]
    value = check(kind, text, file=file or kind.default_file)
    with _LOCK:
        _PARSED[key] = value
        if len(_PARSED) > _PARSED_MAX:
            _PARSED.popitem(last=False)
    return value


def parsed(kind: Kind[T], ruleset: RuleSet) -> T:
    return parsed_text(kind, ruleset.content, ruleset.sha256, file=ruleset.file_name)


def shipped_default(kind: Kind[T]) -> RuleSet:
    """The shipped default of ``kind`` as an unsaved row (``pk`` is None)."""
    text = kind.default_text()
    value = parsed_text(kind, text, file=kind.default_file)
    found_region, version = kind.identity(value)
    sha = sha256_text(text)
    return RuleSet(
        kind=kind.code,
        region=found_region,
        version=version or sha[:12],
        file_name=kind.default_file,
        content=text,
        sha256=sha,
        is_current=True,
    )


def current(kind: Kind[T], region: str | None = None) -> RuleSet:
    """The current version of ``kind`` for ``region`` (else the default region's, else the
    shipped default, unsaved). Never writes."""
    region = region or kind.default_region
    rows = RuleSet.objects.filter(kind=kind.code, is_current=True)
    found = rows.filter(region=region).first()
    if found is None and region != kind.default_region:
        found = rows.filter(region=kind.default_region).first()
    return found or shipped_default(kind)


def current_parsed(kind: Kind[T], region: str | None = None) -> T:
    return parsed(kind, current(kind, region))


def versions(kind: Kind[T], region: str | None = None) -> list[RuleSet]:
    """Every stored version of ``kind`` (of one region if given), newest first."""
    rows = RuleSet.objects.filter(kind=kind.code)
    if region:
        rows = rows.filter(region=region)
    return list(rows.order_by("-created_at", "-id"))


def install(kind: Kind[T], text: str, *, file: str, actor: Any = None) -> RuleSet:
    """Check ``text`` and store it as the current version of its region.

    A version number already stored for the region is refused (number it anew); the previous
    current version stays, no longer current. Call from a service, which audits.
    """
    value = check(kind, text, file=file)
    region, version = kind.identity(value)
    version = version or sha256_text(text)[:12]  # a file without a version number of its own
    with transaction.atomic():
        rows = RuleSet.objects.select_for_update().filter(kind=kind.code, region=region)
        if rows.filter(version=version).exists():
            raise InvalidInput(
                gettext_noop("Version %(version)s of %(file)s is already loaded; number it anew."),
                {"version": version, "file": file},
                field="version",
            )
        rows.filter(is_current=True).update(is_current=False)
        row = RuleSet.objects.create(
            kind=kind.code,
            region=region,
            version=version,
            file_name=file[:200],
            content=text,
            sha256=sha256_text(text),
            is_current=True,
            created_by=actor,
        )
    return row


def stored_current(kind: Kind[T], region: str | None = None) -> RuleSet:
    """The current version as a stored row, storing the shipped default first if there is none.

    For writes that must point at the version they were made under; not for reads.
    """
    row = current(kind, region)
    if row.pk is not None:
        return row
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:  # another request stored it first
        return RuleSet.objects.get(kind=kind.code, region=row.region, is_current=True)
    return row
