"""Labels of the decisions app for the audit log: changed values (outcomes, statuses,
procedures) and the notes its services write ("case 3 step proposal", "power list 2025.1").

Found by ``core.audit_labels`` on first use (``autodiscover_modules("audit_labels")``).
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext

from openvillage.core.audit_labels import register_note, register_values
from openvillage.decisions.labels import GROUPS, label

OBJECT_TYPES = (
    "decisions.case",
    "decisions.steprecord",
    "decisions.stepnotice",
    "decisions.stepflag",
    "decisions.stepreview",
    "decisions.caseobjection",
    "decisions.violation",
    "decisions.accountability",
    "decisions.powerlistversion",
)
_GROUP_OF_KEY = {
    "outcome": "outcome",
    "review": "review",
    "status": "case_status",
    "step": "step",
    "body": "body",
}
_CASE_STEP = re.compile(r"^case (\d+) step (\w+)$")
_POWER_LIST = re.compile(r"^power list (\S+)$")


def _procedure_name(code: str) -> str | None:
    from openvillage.core.errors import InvalidInput
    from openvillage.decisions import store

    try:
        return str(store.parsed(store.current_version()).procedure(code).name)
    except InvalidInput:
        return None


def _values(key: str, value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    if key == "procedure":
        return _procedure_name(value)
    group = _GROUP_OF_KEY.get(key)
    return label(group, value) if group and value in GROUPS[group] else None


def _note(note: str) -> str | None:
    if match := _CASE_STEP.match(note):
        return gettext("case %(n)s, step %(step)s") % {
            "n": match.group(1),
            "step": label("step", match.group(2)),
        }
    if match := _POWER_LIST.match(note):
        return gettext("power list %(version)s") % {"version": match.group(1)}
    for group in ("misconduct", "measure", "step"):
        if note in GROUPS[group]:
            return label(group, note)
    return _power_name(note)


def _power_name(code: str) -> str | None:
    from openvillage.core.errors import InvalidInput
    from openvillage.decisions import store

    if not re.fullmatch(r"[a-z]+(?:_[a-z0-9]+)+", code):
        return None
    try:
        return str(store.parsed(store.current_version()).power(code).name)
    except InvalidInput:
        return None


for object_type in OBJECT_TYPES:
    register_values(object_type, _values)
register_note(_note)
