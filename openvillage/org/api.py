"""Public read endpoints of the registry: units and village teams (no private data)."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from openvillage.core.clock import local_today
from openvillage.core.errors import NotFound
from openvillage.core.text import gettext_noop
from openvillage.org import selectors
from openvillage.org.models import Unit

router = Router(tags=["registry"])


class UnitOut(Schema):
    code: str
    name: str
    level: str
    kind: str
    parent_code: str | None


class TeamMemberOut(Schema):
    name: str
    gender: str
    posts: list[str]
    concurrent_secretary_director: bool


class TeamStructureOut(Schema):
    size: int
    women: int
    under_35: int
    age_35_to_50: int
    over_50: int
    college_or_above: int
    average_age: int
    concurrent_secretary_director: bool
    cross_appointed: int


class TeamOut(Schema):
    village: UnitOut
    on: date
    members: list[TeamMemberOut]
    supervision_committee: list[TeamMemberOut]
    structure: TeamStructureOut


def unit_out(unit: Unit) -> dict:
    parent_code = unit.parent.code if unit.parent_id and unit.parent else None
    return {
        "code": unit.code,
        "name": unit.name,
        "level": unit.level,
        "kind": unit.kind,
        "parent_code": parent_code,
    }


@router.get("/units", response=list[UnitOut], summary="List administrative units")
@paginate(LimitOffsetPagination)
def list_units(request: HttpRequest, level: str | None = None, parent: str | None = None):
    qs = Unit.objects.select_related("parent").order_by("code")
    if level:
        qs = qs.filter(level=level)
    if parent:
        qs = qs.filter(parent__code=parent)
    return [unit_out(u) for u in qs]


@router.get("/units/{code}", response=UnitOut, summary="One administrative unit")
def get_unit(request: HttpRequest, code: str):
    unit = Unit.objects.select_related("parent").filter(code=code).first()
    if unit is None:
        raise NotFound(gettext_noop("No unit has the code %(code)s."), {"code": code})
    return unit_out(unit)


def _member_out(member) -> dict:
    return {
        "name": member.person.name,
        "gender": member.person.gender,
        "posts": [f"{t.body}.{t.post}" for t in member.posts],
        "concurrent_secretary_director": member.is_concurrent_secretary_director,
    }


@router.get("/villages/{code}/team", response=TeamOut, summary="A village's two-committee team")
def get_team(request: HttpRequest, code: str):
    village = selectors.public_village(code)
    today = local_today()
    team = selectors.village_team(village, today)
    s = team.structure
    return {
        "village": unit_out(village),
        "on": today,
        "members": [_member_out(m) for m in team.members],
        "supervision_committee": [_member_out(m) for m in team.supervision],
        "structure": {
            **{f: getattr(s, f) for f in TeamStructureOut.model_fields if f != "average_age"},
            "average_age": s.average_age,
        },
    }
