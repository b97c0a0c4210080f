"""The console page that issues a rectification notice (整改通知书) grouping several open problems
of a village, each with its own responsible person and deadline (R1 per problem); a form in
Chinese naming every bad field; who may issue it, in and out of scope."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from openvillage.core.calendar import working_calendar
from openvillage.core.clock import local_today
from openvillage.org.models import Person
from openvillage.supervision import services
from openvillage.supervision.models import Notice, Problem, State
from openvillage.supervision.rules import problems as rules
from openvillage.supervision.tests.test_permission_matrix import EVERYONE, independent  # noqa: F401

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
NEW = "/staff/supervision/notices/new/"


@pytest.fixture
def three(cast, village_a1):
    return [
        services.problem_raise(actor=cast["tom"], village=village_a1, title=t, severity=s)
        for t, s in (
            ("村务公开栏未更新", "urgent"),
            ("会计凭证未签字", "serious"),
            ("垃圾堆放", "general"),
        )
    ]


@pytest.fixture
def accountant(village_a1):
    return Person.objects.create(
        village=village_a1, name="王会计", gender="female", birth_date=date(1980, 2, 2)
    )


def test_the_town_groups_two_problems_each_with_its_own_person_and_deadline(
    client, cast, village_a1, three, responsible, accountant
):
    a, b, c = three
    client.force_login(cast["tom"])
    page = client.get(NEW, {"village": village_a1.code}, **ZH).content.decode()
    assert "下发整改通知书" in page and "村务公开栏未更新" in page and "整改责任人" in page
    later = local_today() + timedelta(days=20)
    response = client.post(
        NEW,
        {
            "village": village_a1.code,
            "title": "整改通知书〔2026〕3号",
            "problem": [a.pk, b.pk],
            f"responsible_{a.pk}": responsible.pk,
            f"deadline_{a.pk}": "",
            f"responsible_{b.pk}": accountant.pk,
            f"deadline_{b.pk}": later.isoformat(),
            f"responsible_{c.pk}": responsible.pk,  # not chosen: left open
        },
        **ZH,
    )
    notice = Notice.objects.get()
    assert response["Location"] == reverse("supervision-notice", args=[notice.pk])
    rows = {p.pk: p for p in Problem.objects.all()}
    assert rows[a.pk].notice == notice and rows[a.pk].responsible == responsible
    default = rules.default_deadline(local_today(), "urgent", working_calendar(), services.RULES)
    assert rows[a.pk].deadline == default  # R2: an empty deadline takes the default by severity
    assert rows[b.pk].responsible == accountant and rows[b.pk].deadline == later
    assert rows[c.pk].state == State.OPEN and rows[c.pk].notice is None
    assert notice.issuer == cast["tom"].unit
    page = client.get(response["Location"], **ZH).content.decode()
    assert "整改通知书〔2026〕3号" in page and "王会计" in page and "李主任" in page
    listing = client.get("/staff/supervision/notices/", **ZH).content.decode()
    assert "整改通知书〔2026〕3号" in listing


def test_every_bad_field_is_named_in_chinese_and_nothing_is_written(
    client, cast, village_a1, three, responsible
):
    a, b, c = three
    client.force_login(cast["tom"])
    response = client.post(
        NEW,
        {
            "village": village_a1.code,
            "title": "",
            "problem": [a.pk, b.pk, c.pk],
            f"responsible_{a.pk}": "",  # no responsible person
            f"responsible_{b.pk}": responsible.pk,
            f"deadline_{b.pk}": "2020-01-01",  # before the order
            f"responsible_{c.pk}": responsible.pk,
            f"deadline_{c.pk}": "明天",  # not a date
        },
        **ZH,
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "通知书标题：请填写通知书标题。" in page
    assert "村务公开栏未更新: 整改责任人：请选择唯一的整改责任人。" in page
    assert "会计凭证未签字: 整改期限：" in page and "2020-01-01" in page
    assert "垃圾堆放: 整改期限：" in page
    assert Notice.objects.count() == 0
    assert set(Problem.objects.values_list("state", flat=True)) == {State.OPEN}


def test_no_problem_chosen_is_named(client, cast, village_a1, three):
    client.force_login(cast["tom"])
    response = client.post(NEW, {"village": village_a1.code, "title": "通知"}, **ZH)
    assert response.status_code == 400
    assert "问题：请选择列入通知书的问题。" in response.content.decode()


def _post_notice(client, user, village, problem, person):
    client.force_login(user)
    return client.post(
        NEW,
        {
            "village": village.code,
            "title": "整改通知书",
            "problem": [problem.pk],
            f"responsible_{problem.pk}": person.pk,
        },
    )


@pytest.mark.parametrize("name", EVERYONE)
def test_the_notice_page_issues_only_for_the_issuing_town_or_the_county(
    client,
    independent,  # noqa: F811  (the matrix's fixture, imported above)
    village_a1,
    village_b1,
    name,
):
    """Permission matrix of the page: on A1 (found by town A) the town and the county above it;
    on B1 (town B) town B and the county; every other role and unit is refused, nothing written."""
    for village, officer, allowed in (
        (village_a1, independent["tom"], {"cora", "tom"}),
        (village_b1, independent["tina"], {"cora", "tina"}),
    ):
        problem = services.problem_raise(
            actor=officer, village=village, title="问题", severity="general"
        )
        person = Person.objects.create(
            village=village, name="责任人", gender="male", birth_date=date(1970, 1, 1)
        )
        response = _post_notice(client, independent[name], village, problem, person)
        problem.refresh_from_db()
        if name in allowed:
            assert response.status_code == 302 and problem.notice is not None
        else:
            assert response.status_code in (400, 403, 404)
            assert problem.notice is None and problem.state == State.OPEN


def test_a_notice_is_not_found_out_of_scope(client, cast, village_a1, three, responsible):
    a = three[0]
    client.force_login(cast["tom"])
    _post_notice(client, cast["tom"], village_a1, a, responsible)
    notice = Notice.objects.get()
    client.force_login(cast["tina"])
    assert client.get(reverse("supervision-notice", args=[notice.pk])).status_code == 404
    assert "尚无整改通知书" in client.get("/staff/supervision/notices/", **ZH).content.decode()
