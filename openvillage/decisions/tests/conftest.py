"""The registry of village A1 for the decisions tests, and helpers to walk a case.

Village A1: branch committee of 3 (Li secretary, Wang deputy, Zhao member), villagers'
committee of 3 (Chen director, Sun deputy, Zhou member): a joint meeting of 6. Five full party
members (the three branch members and two others) and one probationary member.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from openvillage.decisions import services
from openvillage.decisions.services import StepInput
from openvillage.org.models import Person, Term

TZ = ZoneInfo("Asia/Shanghai")


def at(day: date):
    """Freeze the clock at 10:00 local time on ``day``."""
    return time_machine.travel(datetime(day.year, day.month, day.day, 10, tzinfo=TZ), tick=False)


def person(village, name: str, party: str = "none") -> Person:
    joined = date(2000, 1, 1) if party != "none" else None
    return Person.objects.create(
        village=village,
        name=name,
        gender="male",
        birth_date=date(1975, 1, 1),
        party_status=party,
        party_joined_on=joined,
    )


def term(village, who: Person, body: str, post: str, since=date(2021, 1, 1)) -> Term:
    return Term.objects.create(village=village, person=who, body=body, post=post, started_on=since)


@pytest.fixture
def registry(village_a1):
    v = village_a1
    li, wang, zhao = (person(v, n, "full") for n in ("Li", "Wang", "Zhao"))
    chen, sun, zhou = (person(v, n) for n in ("Chen", "Sun", "Zhou"))
    others = [
        person(v, "Qian", "full"),
        person(v, "Wu", "full"),
        person(v, "Zheng", "probationary"),
    ]
    term(v, li, "branch_committee", "secretary")
    term(v, wang, "branch_committee", "deputy_secretary")
    term(v, zhao, "branch_committee", "committee_member")
    term(v, chen, "villagers_committee", "director")
    term(v, sun, "villagers_committee", "deputy_director")
    term(v, zhou, "villagers_committee", "committee_member")
    return {p.name: p for p in [li, wang, zhao, chen, sun, zhou, *others]}


def branch(day: date, yes: int = 3, **kw) -> StepInput:
    return StepInput(step="proposal", held_on=day, present=3, votes_for=yes, **kw)


def joint(day: date, yes: int = 5, **kw) -> StepInput:
    return StepInput(step="consultation", held_on=day, present=6, votes_for=yes, **kw)


def members(day: date, notice: date, yes: int = 4, **kw) -> StepInput:
    return StepInput(
        step="deliberation", held_on=day, notice_given_on=notice, present=5, votes_for=yes, **kw
    )


def villagers(day: date, notice: date, yes: int = 400, **kw) -> StepInput:
    return StepInput(
        step="resolution",
        held_on=day,
        notice_given_on=notice,
        should_attend=1000,
        present=600,
        votes_for=yes,
        **kw,
    )


def record(actor, case, data: StepInput):
    with at(data.held_on):
        return services.meeting_record(actor=actor, case=case, data=data)


def walk_to_resolution(actor, case, start: date = date(2026, 9, 1)):
    """Steps 1-4 of 四议两公开, passing, from ``start`` (1st to 15th of the month)."""
    d = start.replace
    record(actor, case, branch(d(day=1)))
    record(actor, case, joint(d(day=2)))
    record(actor, case, members(d(day=5), notice=d(day=2)))
    record(actor, case, villagers(d(day=15), notice=d(day=5)))


def publish(step: str, clerk, officer, case, day: date, title: str = "决议公开"):
    """Write and submit, let the town approve, then publish and record the step on ``day``."""
    from openvillage.disclosure import services as disclosure

    func = (
        services.case_publish_resolution
        if step == "resolution_disclosure"
        else services.case_publish_result
    )
    with at(day):
        first = func(actor=clerk, case=case, title=title, body="<p>内容</p>")
        disclosure.item_approve(actor=officer, item=first.item)
        return func(actor=clerk, case=case)
