"""The assessment pages render in Chinese for each role, with filters, exports and forms."""

from datetime import date

import pytest
from django.test import Client

from openvillage.assessment import services
from openvillage.assessment.models import OrgLifeKind, TrainingArea, TrainingMode


@pytest.fixture
def zh_client():
    def login(user):
        client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
        client.force_login(user)
        return client

    return login


@pytest.fixture
def cycle(cast, town_a, branches):
    cycle = services.cycle_open(
        actor=cast["tom"], unit=town_a, name="2026 年度星级评定",
        scheme_code="organization_five_star", starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
    )  # fmt: skip
    services.cycle_collect(actor=cast["tom"], cycle=cycle)
    services.cycle_score(actor=cast["tom"], cycle=cycle)
    return cycle


PAGES = [
    "/staff/assessment/",
    "/staff/assessment/weak/",
    "/staff/assessment/org-life/",
    "/staff/assessment/training/",
    "/staff/assessment/appraisals/",
]


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("name", ["alice", "tom", "vic"])
def test_every_page_renders_for_each_role(cast, cycle, zh_client, url, name):
    response = zh_client(cast[name]).get(url)
    assert response.status_code == 200


def test_the_cycle_page_shows_ratings_and_exports_them(cast, cycle, zh_client):
    client = zh_client(cast["tom"])
    page = client.get(f"/staff/assessment/cycles/{cycle.pk}/")
    assert page.status_code == 200
    assert "2026 年度星级评定" in page.content.decode()
    export = client.get(f"/staff/assessment/cycles/{cycle.pk}/?format=xlsx")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_village_of_another_town_does_not_see_the_cycle(cast, cycle, zh_client):
    response = zh_client(cast["bill"]).get(f"/staff/assessment/cycles/{cycle.pk}/")
    assert response.status_code == 404


def test_the_town_publishes_from_the_page(cast, cycle, zh_client):
    client = zh_client(cast["tom"])
    client.post(f"/staff/assessment/cycles/{cycle.pk}/do/publish/")
    cycle.refresh_from_db()
    assert cycle.publicity_until is not None


def test_exports_of_org_life_and_training_have_one_row_per_record(
    cast, branches, village_a1, town_a, members, zh_client
):
    from io import BytesIO

    from openpyxl import load_workbook

    services.org_life_record(
        actor=cast["vic"], organization=branches[village_a1.code],
        kind=OrgLifeKind.MEMBERS_MEETING, held_on=date(2026, 3, 1), topic="学习",
        expected=3, attendees=members[:2],
    )  # fmt: skip
    services.training_record(
        actor=cast["tom"], unit=town_a, course="党务培训", area=TrainingArea.PARTY_AFFAIRS,
        mode=TrainingMode.CLASSROOM, starts_on=date(2026, 4, 1), ends_on=date(2026, 4, 2),
        hours=8, attendees=members,
    )  # fmt: skip
    client = zh_client(cast["tom"])
    book = load_workbook(
        BytesIO(client.get("/staff/assessment/training/?year=2026&format=xlsx").content)
    )
    rows = list(book.active.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][7:] == (8, 3, 24)
    book = load_workbook(
        BytesIO(client.get("/staff/assessment/org-life/?year=2026&format=xlsx").content)
    )
    rows = list(book.active.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][5:] == (3, 2)


@pytest.mark.parametrize("url", PAGES)
def test_the_chinese_pages_show_no_english_word_nor_raw_code(cast, cycle, zh_client, url):
    from openvillage.core.tests.visible_text import english_words, raw_codes

    html = zh_client(cast["alice"]).get(url).content.decode()
    assert english_words(html) == []
    assert raw_codes(html) == []


def test_the_chinese_cycle_page_shows_no_english_word(cast, cycle, zh_client):
    from openvillage.core.tests.visible_text import english_words, raw_codes

    html = zh_client(cast["tom"]).get(f"/staff/assessment/cycles/{cycle.pk}/").content.decode()
    assert english_words(html) == []
    assert raw_codes(html) == []


def test_the_staff_home_lists_a_claim_waiting_for_the_town(cast, cycle, branches, village_a1):
    services.entry_add(
        actor=cast["vic"], cycle=cycle, organization=branches[village_a1.code],
        item_code="innovation_project", count=1, reason="申报", claim=True,
    )  # fmt: skip
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(cast["tom"])
    html = client.get("/staff/").content.decode()
    assert "待审核的积分申报" in html
