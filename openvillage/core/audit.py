"""Write the audit log. Call inside the same transaction as the write it records."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models

from openvillage.core.masking import mask_text
from openvillage.core.models import AuditEntry


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, str):  # a safety net: no ID, phone or bank number in clear (issue 11)
        return mask_text(value, hex_safe=True)
    return value


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The values of ``fields`` of ``obj`` as JSON-ready values (foreign keys as ids)."""
    result: dict[str, Any] = {}
    for name in fields:
        field = obj._meta.get_field(name)
        attname = getattr(field, "attname", name)
        result[name] = _plain(getattr(obj, attname))
    return result


def changes_between(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Map each field that differs to ``[before, after]``; a new object has ``before`` empty."""
    keys = list(dict.fromkeys([*before.keys(), *after.keys()]))
    return {
        key: [before.get(key), after.get(key)] for key in keys if before.get(key) != after.get(key)
    }


def audit_log(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    unit_path: str = "",
    changes: Mapping[str, list[Any]] | None = None,
    note: str = "",
    object_type: str = "",
    object_id: str = "",
    object_label: str = "",
) -> AuditEntry:
    """Record one write. ``changes`` maps field names to ``[before, after]``.

    Never pass personal data in clear here: an ID number appears only in its masked form.
    """
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_label = object_label or str(obj)[:200]
    actor_obj = actor if getattr(actor, "pk", None) else None
    label = ""
    if actor_obj is not None:
        label = actor_obj.get_full_name() or actor_obj.get_username()
    elif isinstance(actor, str):
        label = actor
    return AuditEntry.objects.create(
        actor=actor_obj,
        actor_label=label[:150],
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_label=mask_text(object_label[:200], hex_safe=True),
        unit_path=unit_path,
        changes={k: [_plain(v[0]), _plain(v[1])] for k, v in (changes or {}).items()},
        note=mask_text(note, hex_safe=True),
    )
