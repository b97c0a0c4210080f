"""Elections and the structure of the village teams in the county's view.

Registered in apps.py, filled by analytics: each function answers one local day with one grouped
query, the value per village id. The teams are the terms of office in force at the end of the day
(org.Term) in the party organization committee and the villagers' committee: the structure the
general election produced, whatever happened since.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.db.models import Count, Exists, F, OuterRef, Q
from django.urls import reverse

from openvillage.core.periods import add_months
from openvillage.elections.models import VillageElection
from openvillage.org.models import Body, Education, Gender, PostKind, Term

YOUNG_YEARS = 40
TEAM_BODIES = (Body.BRANCH_COMMITTEE, Body.VILLAGERS_COMMITTEE)
HIGHER_EDUCATION = (Education.COLLEGE, Education.BACHELOR, Education.POSTGRADUATE)


def _per_village(rows) -> dict[int, int]:
    return {row["v"]: row["n"] for row in rows}


def elections_held(day: date) -> Mapping[int, int]:
    """Village elections of a general election whose election day is on or before ``day``."""
    rows = (
        VillageElection.objects.filter(election_day__lte=day)
        .values(v=F("village_id"))
        .annotate(n=Count("id"))
    )
    return _per_village(rows)


def results_published(day: date) -> Mapping[int, int]:
    """Village elections whose result was published on or before ``day`` (a level)."""
    rows = (
        VillageElection.objects.filter(result_published_on__lte=day)
        .values(v=F("village_id"))
        .annotate(n=Count("id"))
    )
    return _per_village(rows)


def _team(day: date):
    """The terms in the two committees in force at the end of ``day``."""
    return Term.objects.filter(body__in=TEAM_BODIES, started_on__lte=day).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=day)
    )


def _people(qs) -> dict[int, int]:
    return _per_village(qs.values(v=F("village_id")).annotate(n=Count("person_id", distinct=True)))


def team_members(day: date) -> Mapping[int, int]:
    """People in the two committees at the end of ``day`` (one person counted once)."""
    return _people(_team(day))


def team_women(day: date) -> Mapping[int, int]:
    """Women among them."""
    return _people(_team(day).filter(person__gender=Gender.FEMALE))


def team_young(day: date) -> Mapping[int, int]:
    """Those under 40 on ``day``: born after the day 40 years (480 months) before it
    (Civil Code Art. 201-202 for the period; "under" excludes the 40th birthday itself)."""
    born_after = add_months(day, -12 * YOUNG_YEARS)
    return _people(_team(day).filter(person__birth_date__gt=born_after))


def team_higher_education(day: date) -> Mapping[int, int]:
    """Those with a college (associate) degree or higher (大专及以上)."""
    return _people(_team(day).filter(person__education__in=HIGHER_EDUCATION))


def one_shoulder(day: date) -> Mapping[int, int]:
    """1 for a village whose party organization secretary is also the villagers' committee
    director at the end of ``day`` (一肩挑), else nothing."""
    directors = _team(day).filter(body=Body.VILLAGERS_COMMITTEE, post=PostKind.DIRECTOR)
    rows = (
        _team(day)
        .filter(body=Body.BRANCH_COMMITTEE, post=PostKind.SECRETARY)
        .filter(
            Exists(
                directors.filter(village_id=OuterRef("village_id"), person_id=OuterRef("person_id"))
            )
        )
        .values(v=F("village_id"))
        .annotate(n=Count("village_id", distinct=True))
    )
    return _per_village(rows)


def elections_link(unit, start: date | None = None, end: date | None = None) -> str:
    return reverse("elections-list")


def team_link(unit, start: date | None = None, end: date | None = None) -> str:
    return reverse("staff-unit", args=[unit.code])
