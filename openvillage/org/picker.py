"""Pick a person by name, within the user's scope (issue 12, item 3).

Forms ask for a name, never an internal person number. A name typed alone is enough when one
person of the village has it; namesakes are told apart by the masked ID number shown next to
each match (``陈明（330102********1234）``), which the form sends back as typed. Without
JavaScript the form still works: the refusal lists the namesakes to choose from.
"""

from __future__ import annotations

import re
from typing import Any

from django.db.models import QuerySet

from openvillage.core.errors import InvalidInput
from openvillage.core.permissions import unit_scope_q
from openvillage.core.text import gettext_noop
from openvillage.org.models import Person, Unit

#: The most matches a search returns: a name search, not a listing of the village.
LIMIT = 20
# "name（mask）" or "name (mask)", as the picker offers it.
LABELLED = re.compile(r"^(?P<name>.+?)\s*[（(]\s*(?P<tag>[^（()）]*)\s*[)）]\s*$")


def choice_label(person: Person) -> str:
    """The name with what tells namesakes apart: the masked ID, else the birth date."""
    tag = person.id_masked or person.birth_date.isoformat()
    return f"{person.name}（{tag}）"


def people_in_scope(user: Any, village: Unit | None = None) -> QuerySet[Person]:
    """The people the user may pick: those of the villages in scope (or of ``village``)."""
    people = Person.objects.filter(unit_scope_q(user, "village__path"))
    if village is not None:
        people = people.filter(village=village)
    return people


def people_matching(
    user: Any, query: str, *, village: Unit | None = None, limit: int = LIMIT
) -> list[Person]:
    """The people in scope whose name contains ``query`` (exact names first)."""
    query = LABELLED.sub(r"\g<name>", (query or "").strip())
    if not query:
        return []
    people = people_in_scope(user, village).filter(name__icontains=query)
    found = list(people.select_related("village").order_by("name", "id")[: limit + 1])
    found.sort(key=lambda p: (p.name != query, p.name, p.pk))
    return found[:limit]


def resolve(user: Any, value: str, *, village: Unit, field: str) -> Person:
    """The one person of ``village`` that ``value`` names, or InvalidInput naming ``field``.

    ``value`` is a name, a name with the tag of :func:`choice_label`, or (for older clients
    and the tests that drove the forms before) a person number.
    """
    value = (value or "").strip()
    if not value:
        raise InvalidInput(gettext_noop("Type the person's name."), field=field)
    people = people_in_scope(user, village)
    if value.isdigit():
        found = list(people.filter(pk=int(value)))
    else:
        labelled = LABELLED.match(value)
        name = labelled.group("name").strip() if labelled else value
        found = list(people.filter(name=name).order_by("id"))
        if labelled and len(found) > 1:
            tag = labelled.group("tag").strip()
            found = [p for p in found if tag in (p.id_masked, p.birth_date.isoformat())]
    if not found:
        raise InvalidInput(
            gettext_noop("No one called %(name)s is registered in this village."),
            {"name": value},
            field=field,
        )
    if len(found) > 1:
        raise InvalidInput(
            gettext_noop(
                "Several people are called %(name)s: choose one of %(choices)s (type it as shown)."
            ),
            {"name": found[0].name, "choices": "、".join(choice_label(p) for p in found)},
            field=field,
        )
    return found[0]
