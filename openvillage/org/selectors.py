"""Reads of the registry: staff reads are filtered by scope; public reads show nothing private."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import Count, Q, QuerySet

from openvillage.core.errors import NotFound
from openvillage.core.permissions import require_read, unit_scope_q
from openvillage.core.text import gettext_noop
from openvillage.org import rules
from openvillage.org.models import Body, Level, Person, PostKind, Term, Unit

# The order in which a team is shown: party posts first, then the committee, then supervision.
POST_ORDER = {
    ("branch_committee", "secretary"): 0,
    ("branch_committee", "deputy_secretary"): 1,
    ("villagers_committee", "director"): 2,
    ("villagers_committee", "deputy_director"): 3,
    ("branch_committee", "committee_member"): 4,
    ("villagers_committee", "committee_member"): 5,
    ("supervision_committee", "chair"): 6,
    ("supervision_committee", "committee_member"): 7,
}


def units_visible_to(user: Any) -> QuerySet[Unit]:
    return Unit.objects.filter(unit_scope_q(user))


def unit_for_staff(user: Any, code: str) -> Unit:
    """The unit with this code, if the user's scope covers it (404 otherwise, 403 if outside)."""
    unit = Unit.objects.select_related("parent").filter(code=code).first()
    if unit is None:
        raise NotFound(gettext_noop("No unit has the code %(code)s."), {"code": code})
    require_read(user, unit.path)
    return unit


def public_village(code: str) -> Unit:
    unit = (
        Unit.objects.select_related("parent", "parent__parent")
        .filter(code=code, level=Level.VILLAGE)
        .first()
    )
    if unit is None:
        raise NotFound(gettext_noop("No village has the code %(code)s."), {"code": code})
    return unit


def county_towns_with_villages() -> list[tuple[Unit, list[Unit]]]:
    """Every town of the deployment with its villages, in two queries."""
    towns = list(Unit.objects.filter(level=Level.TOWN).select_related("parent").order_by("code"))
    villages: dict[int, list[Unit]] = defaultdict(list)
    for village in Unit.objects.filter(level=Level.VILLAGE).only("code", "name", "parent_id"):
        villages[village.parent_id].append(village)
    return [(town, villages[town.id]) for town in towns]


def units_stamp() -> tuple[int, int, int]:
    """What the county page shows of the units, as (count, last id, sum of public versions).

    Units are never deleted; a new one moves the count and last id, and a rename moves its
    ``public_version`` (imports and the admin bump it). One aggregate query, in SQL: the ORM
    took longer to build it than the database to answer (profiled on the cached county page).
    """
    with connection.cursor() as cursor:
        cursor.execute(_UNITS_STAMP_SQL)
        count, top, versions = cursor.fetchone()
    return int(count), int(top or 0), int(versions or 0)


_UNITS_STAMP_SQL = f"SELECT COUNT(*), MAX(id), SUM(public_version) FROM {Unit._meta.db_table}"  # noqa: S608


@dataclass(frozen=True)
class CountyDirectory:
    towns: list[tuple[Unit, int]]  # every town with its number of villages
    groups: list[tuple[Unit, list[Unit]]]  # this page's villages, grouped by town
    page: Any  # django.core.paginator.Page of the villages


def county_directory(*, q: str = "", town: str = "", page: Any = 1, per_page: int = 120):
    """The county page's villages: searched by name or code, filtered by town, paginated.

    Villages come in code order, which groups them by town (a village code starts with its
    town's). Four queries: towns, villages per town, the page's count and its villages.
    """
    from django.core.paginator import Paginator

    towns = list(Unit.objects.filter(level=Level.TOWN).only("code", "name").order_by("code"))
    counts = dict(
        Unit.objects.filter(level=Level.VILLAGE)
        .values("parent_id")
        .annotate(n=Count("id"))
        .values_list("parent_id", "n")
    )
    villages = Unit.objects.filter(level=Level.VILLAGE).only("code", "name", "parent_id")
    if town:
        villages = villages.filter(parent__code=town)
    if q:
        villages = villages.filter(
            Q(name__icontains=q) | Q(code__startswith=q) | Q(parent__name__icontains=q)
        )
    shown = Paginator(villages.order_by("code"), per_page).get_page(page)
    by_id = {t.id: t for t in towns}
    groups: list[tuple[Unit, list[Unit]]] = []
    for village in shown.object_list:
        if not groups or groups[-1][0].id != village.parent_id:
            groups.append((by_id[village.parent_id], []))
        groups[-1][1].append(village)
    return CountyDirectory([(t, counts.get(t.id, 0)) for t in towns], groups, shown)


@dataclass(frozen=True)
class TeamMember:
    person: Person
    posts: list[Term]

    @property
    def titles(self) -> list[str]:
        """Each post held as "body · post" (cheaper on a page than get_FOO_display per term)."""
        return [f"{Body(t.body).label} · {PostKind(t.post).label}" for t in self.posts]

    @property
    def is_concurrent_secretary_director(self) -> bool:
        held = {(t.body, t.post) for t in self.posts}
        return {("branch_committee", "secretary"), ("villagers_committee", "director")} <= held


@dataclass(frozen=True)
class Team:
    members: list[TeamMember]
    structure: rules.TeamStructure
    supervision: list[TeamMember]


def village_team(village: Unit, today: date) -> Team:
    """The current two-committee team and supervision committee of a village, in one query."""
    terms = list(
        Term.objects.filter(village=village, ended_on__isnull=True)
        .select_related("person")
        .order_by("person_id", "id")
    )
    by_person: dict[int, list[Term]] = defaultdict(list)
    people: dict[int, Person] = {}
    for term in terms:
        by_person[term.person_id].append(term)
        people[term.person_id] = term.person
    members = [TeamMember(people[pid], sorted(ts, key=_post_rank)) for pid, ts in by_person.items()]
    members.sort(key=lambda m: (_post_rank(m.posts[0]), m.person.name))
    two = [m for m in members if any(t.body != Body.SUPERVISION_COMMITTEE for t in m.posts)]
    sup = [m for m in members if all(t.body == Body.SUPERVISION_COMMITTEE for t in m.posts)]
    structure = rules.team_structure(
        [
            rules.Member(
                m.person.id,
                m.person.gender,
                m.person.birth_date,
                m.person.education,
                tuple((t.body, t.post) for t in m.posts if t.body != Body.SUPERVISION_COMMITTEE),
            )
            for m in two
        ],
        today,
    )
    return Team(members=two, structure=structure, supervision=sup)


def _post_rank(term: Term) -> int:
    return POST_ORDER.get((term.body, term.post), 99)


def people_for_staff(
    user: Any, *, village: Unit | None = None, query: str = ""
) -> QuerySet[Person]:
    qs = Person.objects.filter(unit_scope_q(user, "village__path")).select_related("village")
    if village is not None:
        qs = qs.filter(village=village)
    if query:
        qs = qs.filter(Q(name__contains=query) | Q(id_masked__endswith=query[-4:]))
    return qs.order_by("village__code", "name", "id")


def person_for_staff(user: Any, pk: int) -> Person:
    person = Person.objects.select_related("village", "party_organization").filter(pk=pk).first()
    if person is None:
        raise NotFound(gettext_noop("No such person."))
    require_read(user, person.village.path)
    return person


def children_with_counts(unit: Unit) -> QuerySet[Unit]:
    return unit.children.annotate(n_children=Count("children")).order_by("code")


@dataclass(frozen=True)
class VillageStructure:
    village: Unit
    structure: rules.TeamStructure


@dataclass(frozen=True)
class TeamsOverview:
    rows: list[VillageStructure]
    total: rules.TeamStructure
    concurrent_villages: int
    villages_without_women: int


def teams_overview(unit: Unit, today: date) -> TeamsOverview:
    """The two-committee structure of every village below ``unit``, in two queries."""
    villages = list(
        Unit.objects.filter(path__startswith=unit.path, level=Level.VILLAGE)
        .select_related("parent")
        .order_by("code")
    )
    terms = (
        Term.objects.filter(village__path__startswith=unit.path, ended_on__isnull=True)
        .exclude(body=Body.SUPERVISION_COMMITTEE)
        .values_list(
            "village_id",
            "person_id",
            "body",
            "post",
            "person__gender",
            "person__birth_date",
            "person__education",
        )
    )
    members: dict[int, dict[int, list]] = defaultdict(dict)
    for vid, pid, body, post, gender, birth, education in terms:
        entry = members[vid].setdefault(pid, [gender, birth, education, []])
        entry[3].append((body, post))
    rows = [
        VillageStructure(
            village,
            rules.team_structure(
                [
                    rules.Member(pid, g, b, e, tuple(posts))
                    for pid, (g, b, e, posts) in members[village.id].items()
                ],
                today,
            ),
        )
        for village in villages
    ]
    return TeamsOverview(
        rows=rows,
        total=rules.add_structures(r.structure for r in rows),
        concurrent_villages=sum(1 for r in rows if r.structure.concurrent_secretary_director),
        villages_without_women=sum(1 for r in rows if r.structure.size and not r.structure.women),
    )
