"""Readable audit log: labels for action codes, changed fields and their values, in both languages.

An action code is ``<app>.<object>.<verb>`` or ``<app>.<object>_<verb>``
(``disclosure.item_publish``, ``org.person.create``); its label is the object's and the verb's
("公开事项：发布"). A change is labelled from the model named by the entry's ``object_type``: the
field's ``verbose_name`` and, for a field with choices, the value's label; keys that are not
model fields (counts of the demo, ...) use :data:`FIELDS`. Unknown codes show as themselves (the
UI crawl and ``core/tests/test_audit_labels.py`` catch them).

When the write path's registry of actions (``core.audit.action_label``) has a label for a code,
that label is shown; the composed labels here cover the codes it does not register.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

#: Whole actions whose label is not object + verb.
ACTIONS = {
    "org.demo": _("Demo county created"),
    "org.import": _("Registry import"),
    "ledger.audit_failed": _("Self-audit of the public record failed"),
    "ledger.daily": _("Daily signing of the public record"),
    "feedback.deadlines": _("Daily check of reply deadlines"),
    "feedback.train": _("Message classifier retrained"),
    "disclosure.dues": _("Daily check of disclosure deadlines"),
    "decisions.unprocedured_report": _("Report of a matter decided without its procedure"),
    "decisions.case_disclosure_submit": _("Decision case: disclosure submitted"),
    "core.calendar.seed": _("Holiday calendar seeded"),
    "core.calendar.load_year": _("Holiday calendar: year loaded"),
}

#: ``<app>.<object>`` of action codes.
OBJECTS = {
    "accounts.api_token": _("API token"),
    "accounts.user": _("Staff account"),
    "accounts.villager": _("Villager account"),
    "core.calendar": _("Holiday calendar"),
    "decisions.accountability": _("Accountability measure"),
    "decisions.case": _("Decision case"),
    "decisions.flag": _("Irregular step"),
    "decisions.notice": _("Meeting notice"),
    "decisions.objection": _("Objection"),
    "decisions.powerlist": _("Power list"),
    "decisions.step": _("Case step"),
    "decisions.violation": _("Violation"),
    "disclosure.catalogue": _("Disclosure catalogue"),
    "disclosure.item": _("Disclosure item"),
    "elections.candidates": _("Candidates"),
    "elections.general": _("General election"),
    "elections.nomination": _("Nomination"),
    "elections.objection": _("Objection to the voter roll"),
    "elections.observer": _("Election observer"),
    "elections.proxies": _("Proxy list"),
    "elections.proxy": _("Proxy vote"),
    "elections.relative": _("Declared relation"),
    "elections.result": _("Election result"),
    "elections.review": _("Qualification review"),
    "elections.roll": _("Voter roll"),
    "elections.round": _("Round of voting"),
    "elections.seats": _("Seats"),
    "elections.secretary": _("Secretary election"),
    "elections.station": _("Polling station"),
    "elections.talk": _("Heart-to-heart talk"),
    "elections.tally": _("Tally sheet"),
    "elections.violation": _("Violation report"),
    "feedback.message": _("Message"),
    "feedback.topic": _("Message topic"),
    "org.household": _("Household"),
    "org.party_organization": _("Party organization"),
    "org.person": _("Person"),
    "org.roll": _("Villager roll"),
    "org.term": _("Term of office"),
    "org.unit": _("Administrative unit"),
}

VERBS = {
    "active": pgettext_lazy("audit action", "switched on or off"),
    "add": pgettext_lazy("audit action", "added"),
    "amend": pgettext_lazy("audit action", "amended"),
    "answer": pgettext_lazy("audit action", "answered"),
    "approve": pgettext_lazy("audit action", "approved"),
    "assign": pgettext_lazy("audit action", "assigned"),
    "attach": pgettext_lazy("audit action", "file attached"),
    "build": pgettext_lazy("audit action", "built"),
    "close": pgettext_lazy("audit action", "closed"),
    "confirm": pgettext_lazy("audit action", "confirmed"),
    "correct": pgettext_lazy("audit action", "corrected"),
    "count": pgettext_lazy("audit action", "counted"),
    "create": pgettext_lazy("audit action", "created"),
    "decide": pgettext_lazy("audit action", "decided"),
    "declare": pgettext_lazy("audit action", "declared"),
    "detach": pgettext_lazy("audit action", "file removed"),
    "end": pgettext_lazy("audit action", "ended"),
    "escalate": pgettext_lazy("audit action", "escalated"),
    "exclude": pgettext_lazy("audit action", "excluded"),
    "file": pgettext_lazy("audit action", "filed"),
    "first": pgettext_lazy("audit action", "first entry"),
    "flag": pgettext_lazy("audit action", "flagged as irregular"),
    "hide": pgettext_lazy("audit action", "hidden"),
    "load": pgettext_lazy("audit action", "loaded"),
    "note": pgettext_lazy("audit action", "internal note added"),
    "open": pgettext_lazy("audit action", "opened"),
    "password": pgettext_lazy("audit action", "new password set"),
    "post": pgettext_lazy("audit action", "posted"),
    "publish": pgettext_lazy("audit action", "published"),
    "rate": pgettext_lazy("audit action", "rated"),
    "reassign": pgettext_lazy("audit action", "reassigned"),
    "record": pgettext_lazy("audit action", "recorded"),
    "remove": pgettext_lazy("audit action", "removed"),
    "reopen": pgettext_lazy("audit action", "reopened"),
    "reply": pgettext_lazy("audit action", "replied"),
    "report": pgettext_lazy("audit action", "reported"),
    "resolve": pgettext_lazy("audit action", "resolved"),
    "restore_in_person": pgettext_lazy("audit action", "restored in person"),
    "return": pgettext_lazy("audit action", "returned"),
    "revoke": pgettext_lazy("audit action", "revoked"),
    "route": pgettext_lazy("audit action", "routed"),
    "second": pgettext_lazy("audit action", "second entry"),
    "set": pgettext_lazy("audit action", "set"),
    "start": pgettext_lazy("audit action", "started"),
    "submit": pgettext_lazy("audit action", "submitted"),
    "update": pgettext_lazy("audit action", "updated"),
    "verify_identity_provider": pgettext_lazy("audit action", "verified by the identity provider"),
    "verify_in_person": pgettext_lazy("audit action", "verified in person"),
    "verify_sms": pgettext_lazy("audit action", "verified by text message"),
    "withdraw": pgettext_lazy("audit action", "withdrawn"),
}

#: Changed keys that are not fields of the object's model.
FIELDS = {
    "units": _("administrative units"),
    "party_organizations": _("party organizations"),
    "households": _("households"),
    "people": _("people"),
    "roll_entries": _("roll entries"),
    "terms": _("terms of office"),
    "reserve_cadres": _("reserve cadres"),
    "dispatched_cadres": _("dispatched cadres"),
    "staff_accounts": _("staff accounts"),
    "state": _("state"),
    "status": _("status"),
    "title": _("title"),
    "reply": _("reply"),
    "note": _("internal note"),
    "topic": _("topic"),
    "votes": _("votes"),
    "person": _("person"),
    "candidates": _("candidates"),
    "elected": _("elected"),
    "outcome": _("outcome"),
    "review": _("supervision committee's review"),
    "decision": _("decision"),
    "kind": _("kind"),
    "procedure": _("procedure"),
    "amount": _("amount"),
    "notice_given_on": _("notice given on"),
    # The voter roll built from the villagers' roll (elections.roll.build): counts by outcome.
    "added": _("added to the voter roll"),
    "under_age": _("under 18 on election day"),
    "needs_conditions": _("registered elsewhere: conditions to check"),
    "deprived": _("deprived of political rights"),
    "elsewhere": _("voting in another village"),
    # A villager's message (feedback.message.post).
    "villager": _("villager account"),
    "routed_unit": _("routed to"),
    "named": _("cadre named in the message"),
    "villages": _("number of villages"),
}


#: Labellers registered by the apps (in their ``audit_labels`` module, found on first use):
#: values of an object type's changes, and notes the services write.
_VALUES: dict[str, Callable[[str, Any], str | None]] = {}
_NOTES: list[Callable[[str], str | None]] = []
_discovered = False


def register_values(object_type: str, labeller: Callable[[str, Any], str | None]) -> None:
    """Label the changed values of ``object_type``: ``labeller(key, value)`` or None."""
    _VALUES[object_type] = labeller


def register_note(labeller: Callable[[str], str | None]) -> None:
    """Label a note an app's services write (``labeller(note)`` or None when not its own)."""
    _NOTES.append(labeller)


def _discover() -> None:
    global _discovered
    if not _discovered:
        _discovered = True
        autodiscover_modules("audit_labels")


def note_label(note: str) -> str:
    """A note in words when an app knows its form, else as written."""
    _discover()
    for labeller in _NOTES:
        found = labeller(note)
        if found is not None:
            return found
    return note


def _split(code: str) -> tuple[str, str] | None:
    app, _dot, rest = code.partition(".")
    if not rest:
        return None
    if "." in rest:
        obj, _dot, verb = rest.partition(".")
        return f"{app}.{obj}", verb
    for obj in sorted((o for o in OBJECTS if o.startswith(app + ".")), key=len, reverse=True):
        name = obj.partition(".")[2]
        if rest.startswith(name + "_"):
            return obj, rest[len(name) + 1 :]
    return None


def _registered_label(code: str) -> str | None:
    """The label from the write path's action registry (``core.audit.action_label``), if it has
    one for ``code``; that registry wins over the composed labels below."""
    from openvillage.core import audit

    registry_label = getattr(audit, "action_label", None)
    if registry_label is None:
        return None
    label = registry_label(code)
    unknown = getattr(audit, "UNKNOWN_ACTION", None)
    return None if unknown is not None and label == gettext(str(unknown)) else label


def action_label(code: str) -> str:
    """The action in the active language ("公开事项：发布"); the code itself when unknown."""
    registered = _registered_label(code)
    if registered is not None:
        return registered
    if code in ACTIONS:
        return str(ACTIONS[code])
    parts = _split(code)
    if parts is None or parts[0] not in OBJECTS or parts[1] not in VERBS:
        return code
    obj, verb = parts
    return gettext("%(object)s: %(verb)s") % {"object": OBJECTS[obj], "verb": VERBS[verb]}


def _model_field(object_type: str, key: str):
    try:
        model = apps.get_model(object_type)
        return model._meta.get_field(key)
    except (LookupError, ValueError, FieldDoesNotExist):
        return None


def field_label(object_type: str, key: str) -> str:
    """The label of a changed field: its model `verbose_name`, else :data:`FIELDS`, else the key."""
    field = _model_field(object_type, key)
    named = getattr(field, "verbose_name", None)
    if named and str(named) != key.replace("_", " "):  # set by the model, not Django's default
        return str(named)
    return str(FIELDS.get(key, key))


def value_label(object_type: str, key: str, value: Any) -> Any:
    """A changed value as shown: the label of a choice, "—" for nothing, yes or no, else the
    value."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    _discover()
    labeller = _VALUES.get(object_type)
    found = labeller(key, value) if labeller is not None else None
    if found is not None:
        return found
    field = _model_field(object_type, key)
    if field is not None and getattr(field, "flatchoices", None):
        for choice, text in field.flatchoices:
            if str(choice) == str(value):
                return str(text)
    return value


def object_type_label(object_type: str) -> str:
    """The kind of object (``disclosure.item`` -> "公开事项"): :data:`OBJECTS`, else the model's
    ``verbose_name`` when the model sets one, else the code."""
    if object_type in OBJECTS:
        return str(OBJECTS[object_type])
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return object_type
    named = str(model._meta.verbose_name)
    return object_type if named == model._meta.model_name else named


_SYSTEM_ACTORS = {"system": _("System"), "villager": _("Villager")}
_NUMBERED_ACTOR = re.compile(r"^(villager) (\d+)$")
_NUMBERED_OBJECT = re.compile(r"^[a-z][a-z_ ]* #?(\d+)$")
# "#5 major_decision", "5/proposal 2026-12-04": a number with a code (and a date) recorded as the
# object's label by a model whose name is its codes; shown as the kind of object, number and date.
_NUMBERED_CODE = re.compile(r"^#?(\d+)(?:[ /]|: )[a-z][a-z0-9_]*(?: (\d{4}-\d{2}-\d{2}))?$")


def actor_text(label: str) -> str:
    """Who acted, as shown: the account's name, or the words for the system and for a villager
    ("system" and "villager 7" are what the services record when no staff account acted)."""
    if label in _SYSTEM_ACTORS:
        return str(_SYSTEM_ACTORS[label])
    if match := _NUMBERED_ACTOR.match(label or ""):
        return f"{_SYSTEM_ACTORS[match.group(1)]} {match.group(2)}"
    return label


def object_text(object_type: str, object_label: str) -> str:
    """The object, as shown: its recorded label, except the English "message 4" of a model
    without a name of its own, which becomes the kind of object and its number ("留言 4")."""
    if match := _NUMBERED_OBJECT.match(object_label or ""):
        return f"{object_type_label(object_type)} {match.group(1)}"
    if match := _NUMBERED_CODE.match(object_label or ""):
        day = f" {match.group(2)}" if match.group(2) else ""
        return f"{object_type_label(object_type)} {match.group(1)}{day}"
    return object_label
