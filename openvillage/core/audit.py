"""Write the audit log. Call inside the same transaction as the write it records.

Every action is registered once, in its app's ``audit_actions.py``, with a code in one naming
scheme, ``<app>.<entity>.<verb>`` (``decisions.case.open``, ``org.person.create``), and a human
label in both languages. The log shows the label, never the code (:func:`action_label`).

Rows written before the scheme keep their old code: the log is append-only, so old names are
mapped to their new code when shown (``legacy=`` in :func:`register_actions`) instead of being
rewritten by a migration.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from openvillage.core.masking import mask_text
from openvillage.core.models import AuditEntry

ACTION_CODE = re.compile(r"^[a-z][a-z_]*\.[a-z][a-z_]*\.[a-z][a-z_]*$")
UNKNOWN_ACTION = _("Other change")


@dataclass(frozen=True)
class AuditAction:
    """One kind of write: its code and its label (translated when shown)."""

    code: str
    label: Any


_ACTIONS: dict[str, AuditAction] = {}
_LEGACY: dict[str, str] = {}
_discovered = False


def register_actions(
    entity: str, labels: Mapping[str, Any], *, legacy: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Register the verbs of ``entity`` (``<app>.<entity>``) with their labels; return the codes.

    ``legacy`` maps an old code still found in the log to its verb here. A code registered twice
    with another label is a programming error.
    """
    codes = {}
    for verb, label in labels.items():
        code = f"{entity}.{verb}"
        if not ACTION_CODE.match(code):
            raise ValueError(f"audit action {code!r} is not <app>.<entity>.<verb>")
        known = _ACTIONS.get(code)
        if known is not None and str(known.label) != str(label):
            raise ValueError(f"audit action {code!r} is registered twice")
        _ACTIONS[code] = AuditAction(code, label)
        codes[verb] = code
    for old, verb in (legacy or {}).items():
        _LEGACY[old] = codes[verb]
    return codes


def _discover() -> None:
    global _discovered
    if not _discovered:
        _discovered = True
        autodiscover_modules("audit_actions")


def registered_actions() -> dict[str, AuditAction]:
    """Every registered action by code (after loading each app's ``audit_actions``)."""
    _discover()
    return dict(_ACTIONS)


def is_registered(code: str) -> bool:
    """Whether ``code`` is a registered action (an old name does not count)."""
    _discover()
    return code in _ACTIONS


def _accepted(code: str) -> bool:
    """Registered; or, for an app without an ``audit_actions`` module yet, in the scheme."""
    if is_registered(code):
        return True
    app = code.split(".", 1)[0]
    return bool(ACTION_CODE.match(code)) and not any(c.startswith(app + ".") for c in _ACTIONS)


def action_label(code: str) -> str:
    """The label of an action in the active language; an old code shows its new label."""
    _discover()
    action = _ACTIONS.get(_LEGACY.get(code, code))
    return gettext(str(action.label if action else UNKNOWN_ACTION))


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
    ``unit_path`` defaults to the object's own ``unit_path``. With ``AUDIT_REFUSE_UNREGISTERED``
    (the test settings) an unregistered action is refused.
    """
    if getattr(settings, "AUDIT_REFUSE_UNREGISTERED", False) and not _accepted(action):
        raise ValueError(f"audit action {action!r} is not registered in an audit_actions module")
    if obj is not None:
        unit_path = unit_path or getattr(obj, "unit_path", "")
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
