"""Template helpers of the audit log: actions, changed fields and values as labels.

``{% load audit_tags %}{{ entry.action|action_label }}``, ``{% audit_changes entry as rows %}``
(``(field label, before, after)``), ``{% audit_action_choices as choices %}`` for the filter.
"""

import re

from django import template
from django.utils.translation import gettext, ngettext

from openvillage.core import audit_labels

register = template.Library()


@register.filter
def action_label(code):
    """The action of an audit entry in the active language."""
    return audit_labels.action_label(code or "")


@register.filter
def audit_actor(entry):
    """Who acted, in words (the system and villagers included)."""
    return audit_labels.actor_text(entry.actor_label)


@register.filter
def audit_object(entry):
    """The object of an entry, in words."""
    return audit_labels.object_text(entry.object_type, entry.object_label)


@register.simple_tag
def audit_changes(entry):
    """The changes of an entry as ``(field label, before, after)``, values as labels."""
    rows = []
    for key, pair in (entry.changes or {}).items():
        before, after = (pair + [None, None])[:2] if isinstance(pair, list) else (None, pair)
        rows.append(
            (
                audit_labels.field_label(entry.object_type, key),
                audit_labels.value_label(entry.object_type, key, before),
                audit_labels.value_label(entry.object_type, key, after),
            )
        )
    return rows


_VERSION = re.compile(r"^version (\d+)$")
_CASE = re.compile(r"^case (\d+)$")
_VILLAGES = re.compile(r"^(\d+) villages$")


@register.filter
def audit_note(note):
    """A note as written, with the two notes the services write in English put in words."""
    if match := _VERSION.match(note or ""):
        return gettext("version %(n)s") % {"n": match.group(1)}
    if match := _CASE.match(note or ""):
        return gettext("case %(n)s") % {"n": match.group(1)}
    if match := _VILLAGES.match(note or ""):
        n = int(match.group(1))
        return ngettext("%(n)s village", "%(n)s villages", n) % {"n": n}
    return audit_labels.note_label(note or "")


@register.simple_tag
def audit_action_choices():
    """``(code prefix, label)`` of every kind of object an action is about, by label."""
    pairs = [(code, str(text)) for code, text in audit_labels.OBJECTS.items()]
    return sorted(pairs, key=lambda pair: pair[1])
