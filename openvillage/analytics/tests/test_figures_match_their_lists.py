"""Every figure of the county's and a town's dashboard agrees with the list behind its link.

A fixture county with records in both towns (disclosures, messages, cases, violations,
problems, weak organizations) on random days, some outside the dashboard's window; a fill; then
every number that links to a filtered list is followed and the list's total (its pagination
count, also printed on the page as "共 N 条") must be exactly that number.
"""

from __future__ import annotations

import html
import random
import re
from datetime import datetime, time, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from openvillage.analytics import fill
from openvillage.assessment.models import WeakCandidate, WeakProposer
from openvillage.core.clock import local_today
from openvillage.decisions.models import Case, CaseStatus, Violation
from openvillage.decisions.tests.conftest import registry  # noqa: F401 (fixture)
from openvillage.disclosure.models import Item
from openvillage.disclosure.tests.conftest import content, publish
from openvillage.feedback.models import Message
from openvillage.feedback.tests.conftest import post, zhang  # noqa: F401 (fixtures)
from openvillage.org.models import PartyOrganization, PartyOrgKind
from openvillage.supervision import services as supervision
from openvillage.supervision.models import Problem, State

COUNTY = "990100000000"
TOWN_A = "990100001000"
TOWN_B = "990100002000"

#: The lists with a figure filter, and their figures: every one must be followed at least once.
EXPECTED = {
    ("/staff/disclosure/", "published"),
    ("/staff/feedback/", "received"),
    ("/staff/feedback/", "open"),
    ("/staff/feedback/", "replied"),
    ("/staff/feedback/", "replied_on_time"),
    ("/staff/feedback/", "rated"),
    ("/staff/feedback/", "satisfied"),
    ("/staff/decisions/cases/", "opened"),
    ("/staff/decisions/cases/", "open"),
    ("/staff/decisions/violations/", "recorded"),
    ("/staff/supervision/", "open"),
    ("/staff/supervision/", "overdue"),
    ("/staff/assessment/weak/", "weak"),
}


def clone(obj, **changes):
    """A copy of ``obj`` with ``changes`` (a new row: the tests' shortcut to many records)."""
    obj.pk = None
    obj.id = None
    obj._state.adding = True
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.save(force_insert=True)
    return obj


def noon(day):
    return datetime.combine(day, time(12), tzinfo=timezone.get_default_timezone())


@pytest.fixture
def county_records(cast, registry, zhang, village_a1, village_a2, village_b1):  # noqa: F811
    rnd = random.Random(1616)
    yesterday = local_today() - timedelta(days=1)
    # Days in the 30-day window and a few before it (which a flow's list must leave out).
    days = [yesterday - timedelta(days=rnd.randint(0, 36)) for _ in range(200)]
    villages = [village_a1, village_a2, village_b1]

    item = services_item(cast, village_a1)
    for n in range(9):
        village = rnd.choice(villages)
        clone(item, village=village, unit_path=village.path, first_published_at=noon(days[n]))

    message = post(zhang)
    for n in range(14):
        village = rnd.choice(villages)
        day = days[20 + n]
        replied = day + timedelta(days=rnd.randint(0, 4)) if rnd.random() < 0.7 else None
        rated = replied is not None and rnd.random() < 0.6
        clone(
            message, village=village, village_path=village.path, created_at=noon(day),
            received_on=day, due_on=day + timedelta(days=2), replied_on=replied,
            closed_at=noon(replied + timedelta(days=1)) if replied and rnd.random() < 0.5 else None,
            rated_at=noon(replied + timedelta(days=1)) if rated else None,
            satisfaction=rnd.randint(1, 5) if rated else None,
        )  # fmt: skip

    from openvillage.decisions import services as decisions
    from openvillage.decisions import store

    case = decisions.case_open(
        actor=cast["vic"], village=village_a1, power_code="major_decision", amount=None,
        description="修缮村道",
    )  # fmt: skip
    kind = sorted(store.vocabulary()["misconduct"])[0]
    violation = decisions.violation_record(
        actor=cast["alice"], village=village_a1, kind=kind, facts="未按程序决策"
    )
    for n in range(12):
        village = rnd.choice(villages)
        day = days[40 + n]
        closed = day + timedelta(days=rnd.randint(0, 40)) if rnd.random() < 0.5 else None
        status = CaseStatus.REJECTED if closed else CaseStatus.OPEN
        clone(case, village=village, unit_path=village.path, opened_on=day, closed_on=closed,
              status=status)  # fmt: skip
        if rnd.random() < 0.6:
            clone(violation, village=village, unit_path=village.path, recorded_on=days[60 + n])
    Case.objects.filter(pk=case.pk).update(opened_on=days[99])
    Violation.objects.filter(pk=violation.pk).update(recorded_on=days[98])

    problem = supervision.problem_raise(
        actor=cast["tom"], village=village_a1, title="财务公开未按期更新", severity="serious"
    )
    for n in range(10):
        village = rnd.choice(villages)
        state = rnd.choice([State.ORDERED, State.CLOSED, State.ORDERED])
        copy = clone(
            problem, village=village, unit_path=village.path, state=state,
            deadline=days[80 + n] if state == State.ORDERED else None,
            closed_on=days[90 + n] if state == State.CLOSED else None,
        )  # fmt: skip
        Problem.objects.filter(pk=copy.pk).update(created_at=noon(days[85 + n]))

    for n, village in enumerate(villages * 2):
        org = PartyOrganization.objects.create(
            unit=village, kind=PartyOrgKind.PARTY_BRANCH, name=f"{village.name} 党支部 {n}"
        )
        WeakCandidate.objects.create(
            year=days[100 + n].year, organization=org, village=village, unit_path=village.path,
            proposed_by=WeakProposer.values[0], identified_on=days[100 + n],
            delisted_on=days[110 + n] if rnd.random() < 0.4 else None,
        )  # fmt: skip
    assert Item.objects.count() > 1 and Message.objects.count() > 1
    assert Problem.objects.count() > 1
    fill.fill_all()
    return yesterday


def services_item(cast, village):
    from openvillage.disclosure import services as disclosure

    item = disclosure.item_create(actor=cast["vic"], village=village, content=content())
    publish(item, cast["vic"], cast["tom"])
    item.refresh_from_db()
    return item


def numeric_links(page: str) -> list[tuple[str, int]]:
    main = page[page.index("<main") : page.index("</main>")]
    return [
        (html.unescape(href), int(number))
        for href, number in re.findall(r'<a href="([^"]+)">(\d+)</a>', main)
    ]


def follow_every_figure(client, dashboard: str) -> set[tuple[str, str]]:
    page = client.get(dashboard, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert page.status_code == 200
    followed = set()
    shown: dict[tuple[str, str], int] = {}
    for href, number in numeric_links(page.content.decode()):
        query = parse_qs(urlsplit(href).query)
        if "figure" not in query:
            continue  # a figure without a list of its own (see the report)
        answer = client.get(href, HTTP_ACCEPT_LANGUAGE="zh-hans")
        assert answer.status_code == 200, href
        total = answer.context["page"].paginator.count
        assert total == number, (href, number, total)
        key = (urlsplit(href).path, query["figure"][0])
        shown[key] = shown.get(key, 0) + number
        text = answer.content.decode()
        assert f"共 {number} 条" in text, href
        assert "清除筛选" in text and "筛选：" in text
        followed.add((urlsplit(href).path, query["figure"][0]))
    assert all(shown.values()), shown  # every kind of figure counts something somewhere
    return followed


@pytest.mark.django_db
def test_every_figure_of_the_county_and_a_town_agrees_with_its_list(client, cast, county_records):
    client.force_login(cast["alice"])
    followed = follow_every_figure(client, f"/staff/dashboard/{COUNTY}/")
    assert followed == EXPECTED
    client.force_login(cast["tom"])
    assert follow_every_figure(client, f"/staff/dashboard/{TOWN_A}/") <= EXPECTED


@pytest.mark.django_db
def test_the_figures_differ_between_the_towns(client, cast, county_records):
    """The fixture has records in both towns, so a town's list is not the county's."""
    client.force_login(cast["alice"])
    counts = {}
    for town in (TOWN_A, TOWN_B):
        page = client.get(f"/staff/feedback/?unit={town}")
        counts[town] = page.context["page"].paginator.count
    whole = client.get("/staff/feedback/").context["page"].paginator.count
    assert counts[TOWN_A] and counts[TOWN_B]
    assert counts[TOWN_A] + counts[TOWN_B] == whole


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/staff/disclosure/",
        "/staff/feedback/",
        "/staff/decisions/cases/",
        "/staff/decisions/violations/",
        "/staff/supervision/",
        "/staff/assessment/weak/",
    ],
)
def test_a_unit_outside_the_scope_is_refused(client, cast, path):
    client.force_login(cast["tom"])  # town A's officer
    assert client.get(f"{path}?unit={TOWN_B}").status_code == 403
    assert client.get(f"{path}?unit={TOWN_A}").status_code == 200


@pytest.mark.django_db
def test_the_filter_is_shown_in_words_with_a_link_to_clear_it(client, cast, town_a):
    town_a.name = "甲镇"
    town_a.save(update_fields=["name"])
    client.force_login(cast["alice"])
    page = client.get(
        f"/staff/disclosure/?unit={town_a.pk}&state=published", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    text = page.content.decode()
    assert "筛选：甲镇" in text
    assert 'href="?state=published"' in text  # clears the filter, keeps the list's own choice
    assert "unit=990100001000&amp;state=" in text  # the states' links keep the filter
