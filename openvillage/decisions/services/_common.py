"""Helpers shared by the decision services: text and date checks, the audit row, the
constants of the procedure and the registry look-ups (who should attend, D2)."""

from __future__ import annotations

from datetime import date

from django.db.models import Q

from openvillage.core.calendar import add_working_days
from openvillage.core.clock import local_today
from openvillage.core.errors import InvalidInput
from openvillage.core.text import clean_text, gettext_noop
from openvillage.org.models import PartyStatus, Person, Term, Unit

#: Bodies whose members come from the registry's terms (decisions.md §1): who should attend.
REGISTRY_BODIES: dict[str, tuple[str, ...]] = {
    "branch_committee": ("branch_committee",),
    "joint_meeting": ("branch_committee", "villagers_committee"),
    "villagers_committee": ("villagers_committee",),
    "supervision_committee": ("supervision_committee",),
}
#: Bodies whose should-attend count the clerk enters: the registry has no list of
#: representatives or of a group's adults, and a villagers' meeting counts adults on the day.
ENTERED_BODIES = frozenset(
    {"villagers_meeting", "representatives_meeting", "village_group_meeting"}
)
#: Publication steps that go through the disclosure services (the two disclosures, §3 steps 5-6).
DISCLOSURE_STEPS = {"resolution_disclosure": "resolution_item", "result_disclosure": "result_item"}
FALLBACK_MATTER = "major_decision"
TEXT_LIMIT = 4000


def _add_wd(start: date, n: int) -> date:
    return add_working_days(start, n).date


def _text(value: str, field_name: str, *, limit: int = TEXT_LIMIT) -> str:
    value = clean_text(value, field=field_name).text
    if not value:
        raise InvalidInput(gettext_noop("This field is required."), field=field_name)
    if len(value) > limit:
        raise InvalidInput(
            gettext_noop("At most %(limit)s characters."), {"limit": limit}, field=field_name
        )
    return value


def _not_future(day: date, field_name: str) -> None:
    if day > local_today():
        raise InvalidInput(
            gettext_noop("%(day)s is in the future; record what has happened."),
            {"day": day.isoformat()},
            field=field_name,
        )


# --- registry -------------------------------------------------------------------------------


def _current_terms(village: Unit, on: date):
    return Term.objects.filter(village=village, started_on__lte=on).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=on)
    )


def expected_people(village: Unit, body: str, on: date) -> list[Person] | None:
    """Who should attend a meeting of ``body`` on ``on``, from the registry; None if not known.

    Committees and the joint meeting: current terms. Party members' meeting: the full members
    registered in the village (probationary members have no vote). Villagers', representatives'
    and group meetings: None, the clerk enters the count (see ``ENTERED_BODIES``).
    """
    if body in REGISTRY_BODIES:
        ids = _current_terms(village, on).filter(body__in=REGISTRY_BODIES[body])
        return list(Person.objects.filter(pk__in=ids.values("person_id")).order_by("name", "id"))
    if body == "party_members_meeting":
        return list(
            Person.objects.filter(village=village, party_status=PartyStatus.FULL).order_by(
                "name", "id"
            )
        )
    return None


def concurrent_secretary_director(village: Unit, on: date) -> bool:
    """Whether one person holds both the secretary's and the director's post on ``on`` (D2)."""
    terms = _current_terms(village, on)
    secretary = terms.filter(body="branch_committee", post="secretary").values("person_id")
    return terms.filter(
        body="villagers_committee", post="director", person_id__in=secretary
    ).exists()
