"""Writes to the registry. Each is one transaction: scope check, rules, write, audit row."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F

from openvillage.core import permissions, writes
from openvillage.core.audit import audit_log, changes_between, snapshot
from openvillage.core.clock import local_today
from openvillage.core.crypto import protect_phone
from openvillage.core.errors import InvalidInput, WrongState
from openvillage.core.idnumbers import protect_id_number
from openvillage.core.text import clean_text, gettext_noop
from openvillage.org import rules
from openvillage.org.audit_actions import (
    HOUSEHOLD,
    PARTY_ORGANIZATION,
    PERSON,
    ROLL,
    TERM,
    UNIT,
)
from openvillage.org.models import (
    EndReason,
    Household,
    PartyOrganization,
    PartyStatus,
    Person,
    RollEntry,
    Term,
    Unit,
)

PERSON_FIELDS = [
    "village",
    "name",
    "gender",
    "birth_date",
    "education",
    "id_masked",
    "phone",
    "party_status",
    "party_joined_on",
    "party_organization",
]


def touch_public(village_ids) -> None:
    """Mark the villages' public pages as changed (their ETag and cached copies move on)."""
    Unit.objects.filter(pk__in=list(village_ids)).update(public_version=F("public_version") + 1)


def unit_path(code: str, parent: Unit | None) -> str:
    return f"{parent.path if parent else '/'}{code}/"


def unit_create(
    *, actor: Any, code: str, name: str, level: str, kind: str, parent: Unit | None
) -> Unit:
    """Add an administrative unit under ``parent`` (a county has none)."""
    if parent is not None:
        permissions.require_write(actor, parent.path, permissions.ORG)
        expected = rules.PARENT_LEVEL.get(level)
        if parent.level != expected:
            raise InvalidInput(
                gettext_noop("A %(level)s must sit under a %(parent_level)s."),
                {"level": level, "parent_level": expected or "-"},
                field="parent",
            )
    elif not getattr(actor, "is_superuser", False) and actor is not None:
        raise InvalidInput(gettext_noop("Only a superuser can add a county."), field="parent")
    rules.check_division_code(code, level, parent.code if parent else None)
    if not name.strip():
        raise InvalidInput(gettext_noop("The name is required."), field="name")
    if Unit.objects.filter(code=code).exists():
        raise InvalidInput(
            gettext_noop("The division code %(code)s is already registered."),
            {"code": code},
            field="code",
        )
    with transaction.atomic():
        unit = Unit.objects.create(
            code=code,
            name=name.strip(),
            level=level,
            kind=kind,
            parent=parent,
            path=unit_path(code, parent),
        )
        audit_log(
            actor=actor,
            action=UNIT["create"],
            obj=unit,
            unit_path=unit.path,
            changes=changes_between({}, {"code": code, "name": unit.name, "level": level}),
        )
    return unit


def _require_village(unit: Unit) -> None:
    if not unit.is_village:
        raise InvalidInput(
            gettext_noop("Choose a village, not a %(level)s."),
            {"level": unit.level},
            field="village",
        )


def _check_party(party_status: str, party_joined_on: date | None) -> None:
    if party_status != PartyStatus.NONE and party_joined_on is None:
        raise InvalidInput(
            gettext_noop("A party member needs the date they joined the party."),
            field="party_joined_on",
        )


def person_create(
    *,
    actor: Any,
    village: Unit,
    name: str,
    gender: str,
    birth_date: date,
    id_number: str = "",
    education: str = "",
    phone: str = "",
    party_status: str = PartyStatus.NONE,
    party_joined_on: date | None = None,
    party_organization: PartyOrganization | None = None,
) -> Person:
    """Register a person of a village; the ID number is kept only as a hash and a mask."""
    permissions.require_write(actor, village.path, permissions.ORG)
    _require_village(village)
    rules.check_person(birth_date=birth_date, id_number=id_number, phone=phone, today=local_today())
    phone = rules.normalize_mobile(phone)
    _check_party(party_status, party_joined_on)
    protected = protect_id_number(id_number) if id_number else None
    if protected and Person.objects.filter(id_hash=protected.hash).exists():
        raise InvalidInput(
            gettext_noop("A person with this ID number is already registered."), field="id_number"
        )
    person = Person(
        village=village,
        name=name.strip(),
        gender=gender,
        birth_date=birth_date,
        education=education,
        **protect_phone(phone).fields(),
        party_status=party_status,
        party_joined_on=party_joined_on,
        party_organization=party_organization,
        id_hash=protected.hash if protected else None,
        id_masked=protected.masked if protected else "",
    )
    if not person.name:
        raise InvalidInput(gettext_noop("The name is required."), field="name")
    if protected is None:
        _require_new_without_id(person)
    try:
        with transaction.atomic():
            person.save()
            audit_log(
                actor=actor,
                action=PERSON["create"],
                obj=person,
                unit_path=village.path,
                changes=changes_between({}, snapshot(person, PERSON_FIELDS)),
            )
    except IntegrityError:
        _require_new_without_id(person)  # the same person registered at the same moment
        raise
    return person


SAME_PERSON_WITHOUT_ID = gettext_noop(
    "A person of this name and birth date is already registered in this village without an ID "
    "number."
)


def _require_new_without_id(person: Person) -> None:
    """Refuse a second person without ID number of the same village, name and birth date."""
    same = Person.objects.filter(
        village_id=person.village_id,
        name=person.name,
        birth_date=person.birth_date,
        id_hash__isnull=True,
    ).exclude(pk=person.pk)
    if same.exists():
        raise InvalidInput(SAME_PERSON_WITHOUT_ID, field="name")


def person_update(*, actor: Any, person: Person, **fields: Any) -> Person:
    """Change a person's details; only the fields given change, all recorded in the audit log."""
    permissions.require_write(actor, person.village.path, permissions.ORG)
    allowed = {
        "name",
        "gender",
        "birth_date",
        "education",
        "phone",
        "party_status",
        "party_joined_on",
        "party_organization",
    }
    unknown = set(fields) - allowed - {"id_number"}
    if unknown:
        raise InvalidInput(
            gettext_noop("Unknown field %(field)s."),
            {"field": sorted(unknown)[0]},
            field=sorted(unknown)[0],
        )
    if "*" in str(fields.get("phone", "")):  # the mask shown by a form: the phone is unchanged
        fields.pop("phone")
    rules.check_person(
        birth_date=fields.get("birth_date", person.birth_date),
        id_number=fields.get("id_number") or "",
        phone=fields.get("phone") or "",
        today=local_today(),
    )
    if "phone" in fields:
        fields["phone"] = rules.normalize_mobile(fields["phone"])
    with transaction.atomic():
        person = writes.locked(person)
        before = snapshot(person, PERSON_FIELDS)
        update = [name for name in fields if name in allowed]
        for name in update:
            setattr(person, name, fields[name])
        if "phone" in update:  # sealed; the column shows the mask (core.crypto)
            for name, value in protect_phone(fields["phone"]).fields().items():
                setattr(person, name, value)
            update += ["phone_sealed", "phone_hash"]
        if fields.get("id_number"):
            protected = protect_id_number(fields["id_number"])
            if Person.objects.filter(id_hash=protected.hash).exclude(pk=person.pk).exists():
                raise InvalidInput(
                    gettext_noop("A person with this ID number is already registered."),
                    field="id_number",
                )
            person.id_hash, person.id_masked = protected.hash, protected.masked
            update += ["id_hash", "id_masked"]
        if person.id_hash is None and {"name", "birth_date"} & set(update):
            _require_new_without_id(person)
        _check_party(person.party_status, person.party_joined_on)
        person.save(update_fields=[*update, "updated_at"])
        changes = changes_between(before, snapshot(person, PERSON_FIELDS))
        touch_public([person.village_id])
        audit_log(
            actor=actor,
            action=PERSON["update"],
            obj=person,
            unit_path=person.village.path,
            changes=changes,
        )
    return person


def _facts(term: Term) -> rules.TermFacts:
    return rules.TermFacts(term.person_id, term.body, term.post, term.started_on, term.ended_on)


def term_start(
    *,
    actor: Any,
    village: Unit,
    person: Person,
    body: str,
    post: str,
    started_on: date,
    ended_on: date | None = None,
) -> Term:
    """Record that a person holds a post from a date (history: earlier terms stay)."""
    permissions.require_write(actor, village.path, permissions.ORG)
    _require_village(village)
    if person.village_id != village.id:
        raise InvalidInput(
            gettext_noop("This person is not registered in this village."), field="person"
        )
    new = rules.TermFacts(person.id, body, post, started_on, ended_on)
    with transaction.atomic():
        # Lock the village row so that two clerks cannot seat two secretaries at once.
        writes.locked(Unit.objects.filter(pk=village.pk)).first()
        same_person = [_facts(t) for t in Term.objects.filter(village=village, person=person)]
        same_post = [_facts(t) for t in Term.objects.filter(village=village, body=body, post=post)]
        rules.check_term(new, same_person, same_post)
        try:
            with transaction.atomic():
                term = Term.objects.create(
                    village=village,
                    person=person,
                    body=body,
                    post=post,
                    started_on=started_on,
                    ended_on=ended_on,
                )
        except IntegrityError:
            raise WrongState(gettext_noop("This post is already held; end the current term first."))
        touch_public([village.pk])
        audit_log(
            actor=actor,
            action=TERM["start"],
            obj=term,
            unit_path=village.path,
            changes=changes_between(
                {}, {"person": person.pk, "body": body, "post": post, "started_on": started_on}
            ),
        )
    return term


def term_end(*, actor: Any, term: Term, ended_on: date, reason: str = EndReason.TERM_ENDED) -> Term:
    """End a current term on a date; the term itself stays in the history."""
    permissions.require_write(actor, term.village.path, permissions.ORG)
    if reason not in EndReason.values:
        raise InvalidInput(
            gettext_noop("Choose a reason for the end of the term."), field="end_reason"
        )
    with transaction.atomic():
        term = writes.locked(term)
        if term.ended_on is not None:
            raise WrongState(
                gettext_noop("This term already ended on %(date)s."),
                {"date": term.ended_on.isoformat()},
            )
        if ended_on < term.started_on:
            raise InvalidInput(
                gettext_noop("A term cannot end before it starts."), field="ended_on"
            )
        term.ended_on, term.end_reason = ended_on, reason
        term.save(update_fields=["ended_on", "end_reason"])
        touch_public([term.village_id])
        audit_log(
            actor=actor,
            action=TERM["end"],
            obj=term,
            unit_path=term.village.path,
            changes={"ended_on": [None, ended_on], "end_reason": ["", reason]},
        )
    return term


def party_organization_create(
    *, actor: Any, unit: Unit, kind: str, name: str, parent: PartyOrganization | None = None
) -> PartyOrganization:
    permissions.require_write(actor, unit.path, permissions.ORG)
    with transaction.atomic():
        org = PartyOrganization.objects.create(unit=unit, kind=kind, name=name, parent=parent)
        audit_log(
            actor=actor,
            action=PARTY_ORGANIZATION["create"],
            obj=org,
            unit_path=unit.path,
            changes={"name": [None, name], "kind": [None, kind]},
        )
    return org


def household_create(
    *, actor: Any, village: Unit, number: str, village_group: str = "", address: str = ""
) -> Household:
    permissions.require_write(actor, village.path, permissions.ORG)
    _require_village(village)
    if Household.objects.filter(village=village, number=number).exists():
        raise InvalidInput(
            gettext_noop("Household number %(number)s is already used here."),
            {"number": number},
            field="number",
        )
    with transaction.atomic():
        household = Household.objects.create(
            village=village,
            number=number,
            village_group=village_group,
            address=clean_text(address, field="address").text,  # issue 11: no phone in clear
        )
        audit_log(
            actor=actor,
            action=HOUSEHOLD["create"],
            obj=household,
            unit_path=village.path,
            changes={"number": [None, number]},
        )
    return household


def roll_entry_add(
    *, actor: Any, household: Household, person: Person, relation: str, registration: str
) -> RollEntry:
    """Put a person on the villager roll as a member of a household."""
    permissions.require_write(actor, household.village.path, permissions.ORG)
    if person.village_id != household.village_id:
        raise InvalidInput(
            gettext_noop("The person and the household belong to different villages."),
            field="household",
        )
    if (
        relation == "head"
        and RollEntry.objects.filter(household=household, relation="head").exists()
    ):
        raise InvalidInput(gettext_noop("This household already has a head."), field="relation")
    if RollEntry.objects.filter(person=person).exists():
        raise InvalidInput(gettext_noop("This person is already on the roll."), field="person")
    with transaction.atomic():
        entry = RollEntry.objects.create(
            household=household, person=person, relation=relation, registration=registration
        )
        audit_log(
            actor=actor,
            action=ROLL["add"],
            obj=entry,
            unit_path=household.village.path,
            changes={"relation": [None, relation], "registration": [None, registration]},
        )
    return entry
