"""The decisions and elections figures agree with their raw tables at every level, every day.

A random sequence of writes (cases opened and closed, violations, terms of office begun and ended
by people of random gender, age and education), then a fill, then each figure recomputed in
Python from the rows themselves for every unit and day.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from openvillage.analytics import fill
from openvillage.analytics.models import UnitCount
from openvillage.decisions import services as decisions
from openvillage.decisions import store
from openvillage.decisions.models import Case, CaseStatus, Violation
from openvillage.decisions.tests.conftest import at, registry  # noqa: F401 (fixture)
from openvillage.org.models import Body, Education, Gender, Level, Person, PostKind, Term, Unit

FIRST = date(2026, 9, 1)
DAYS = [FIRST + timedelta(days=i) for i in range(8)]


@pytest.fixture
def writes(
    cast,
    registry,  # noqa: F811
    village_a1,
    village_a2,
    village_b1,
):
    rnd = random.Random(16)
    villages = [village_a1, village_a2, village_b1]
    kind = sorted(store.vocabulary()["misconduct"])[0]
    for i in range(10):
        day = rnd.choice(DAYS)
        with at(day):
            case = decisions.case_open(
                actor=cast["vic"], village=village_a1, power_code="major_decision",
                amount=None, description=f"第{i}件：修缮村道",
            )  # fmt: skip
        if rnd.random() < 0.4:  # closed later (the dates alone matter to the figures)
            Case.objects.filter(pk=case.pk).update(
                status=CaseStatus.REJECTED, closed_on=day + timedelta(days=rnd.randint(0, 3))
            )
        if rnd.random() < 0.3:
            with at(day):
                decisions.violation_record(
                    actor=cast["alice"], village=village_a1, kind=kind, facts="未按程序决策"
                )
    Term.objects.all().delete()  # the registry's terms start long before: keep the test's own
    posts = [
        (Body.BRANCH_COMMITTEE, PostKind.SECRETARY),
        (Body.VILLAGERS_COMMITTEE, PostKind.DIRECTOR),
        (Body.BRANCH_COMMITTEE, PostKind.COMMITTEE_MEMBER),
        (Body.VILLAGERS_COMMITTEE, PostKind.COMMITTEE_MEMBER),
    ]
    for n, village in enumerate(villages):
        people = []
        for j in range(4):
            people.append(
                Person.objects.create(
                    village=village,
                    name=f"P{n}{j}",
                    gender=rnd.choice(list(Gender)),
                    birth_date=date(1986, 9, 1) + timedelta(days=rnd.randint(-3, 6)),
                    education=rnd.choice([*Education.values, ""]),
                )  # fmt: skip
            )
        for (body, post), who in zip(posts, people, strict=True):
            start = rnd.choice(DAYS)
            end = start + timedelta(days=rnd.randint(0, 5)) if rnd.random() < 0.4 else None
            Term.objects.create(
                village=village, person=who, body=body, post=post, started_on=start, ended_on=end
            )
        # Sometimes the secretary also takes the directorship (一肩挑).
        if rnd.random() < 0.7:
            Term.objects.filter(village=village, post=PostKind.DIRECTOR).update(person=people[0])


def _team(village: Unit, day: date) -> list[Term]:
    return [
        t
        for t in Term.objects.filter(village=village).select_related("person")
        if t.started_on <= day and (t.ended_on is None or t.ended_on > day)
    ]


def _expected(stat: str, village: Unit, day: date) -> int:
    cases = list(Case.objects.filter(village=village))
    team = _team(village, day)
    people = {t.person for t in team}
    match stat:
        case "decisions.opened":
            return sum(c.opened_on == day for c in cases)
        case "decisions.open":
            return sum(
                c.opened_on <= day and (c.closed_on is None or c.closed_on > day) for c in cases
            )
        case "decisions.violations":
            return Violation.objects.filter(village=village, recorded_on=day).count()
        case "elections.team":
            return len(people)
        case "elections.team_women":
            return sum(p.gender == Gender.FEMALE for p in people)
        case "elections.team_young":
            return sum(_younger(p, day) for p in people)
        case "elections.team_college":
            return sum(
                p.education in (Education.COLLEGE, Education.BACHELOR, Education.POSTGRADUATE)
                for p in people
            )
        case "elections.one_shoulder":
            sec = {t.person_id for t in team if t.post == PostKind.SECRETARY}
            dire = {t.person_id for t in team if t.post == PostKind.DIRECTOR}
            return int(bool(sec & dire))
    raise AssertionError(stat)


def _younger(person: Person, day: date) -> bool:
    """Under 40 on ``day``: the 40th birthday is after ``day``."""
    birthday = person.birth_date.replace(year=person.birth_date.year + 40)
    return birthday > day


STATS = [
    "decisions.opened",
    "decisions.open",
    "decisions.violations",
    "elections.team",
    "elections.team_women",
    "elections.team_young",
    "elections.team_college",
    "elections.one_shoulder",
]


def test_decisions_and_teams_agree_with_the_raw_tables_at_every_level(writes):
    fill.fill_all(through=DAYS[-1])
    villages = list(Unit.objects.filter(level=Level.VILLAGE))
    figures = {
        (stat, unit_id, day): value
        for stat, unit_id, day, value in UnitCount.objects.values_list(
            "stat", "unit_id", "day", "value"
        )
    }
    for stat in STATS:
        for day in DAYS:
            per_village = {v.pk: _expected(stat, v, day) for v in villages}
            for unit in Unit.objects.all():
                want = sum(n for v, n in per_village.items() if _under(v, unit, villages))
                assert figures.get((stat, unit.pk, day), 0) == want, (stat, unit.code, day)
    assert any(k[0] == "elections.one_shoulder" for k in figures)
    assert any(k[0] == "decisions.open" for k in figures)


def _under(village_id: int, unit: Unit, villages: list[Unit]) -> bool:
    village = next(v for v in villages if v.pk == village_id)
    return village.path.startswith(unit.path)
