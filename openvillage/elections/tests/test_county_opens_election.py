"""The county opens its general election from the console and the API: the timetable is shown
before anything is stored, confirming opens both elections in every village, and towns and
villages then see their tasks (issue 12, item 4)."""

from __future__ import annotations

from datetime import date

import pytest

from openvillage.elections.models import GeneralElection, VillageElection
from openvillage.elections.rules import timetable
from openvillage.elections.tests.conftest import ELECTION_DAY

FORM = {"name": "2026 换届", "profile": "national", "election_day": "2026-06-15"}
# What the preview of FORM carries back to the confirmation (the county's code, profile, day).
SEEN = {"previewed": "990100000000|national|2026-06-15"}


def test_the_preview_dates_are_election_day_minus_the_days_of_the_rule():
    # Worked numbers, national profile, D = 15 June 2026 (C4: "N days before D" is D - N).
    rows = {r.step: (r.by, r.rule, r.days) for r in timetable.preview("national", ELECTION_DAY)}
    assert rows["roll_published"] == (date(2026, 5, 26), "V11", -20)
    assert rows["candidate_list_published"] == (date(2026, 6, 10), "V17", -5)
    assert rows["proxy_requests"] == (date(2026, 6, 12), "V21", -3)
    assert rows["proxy_list_published"] == (date(2026, 6, 14), "V20", -1)
    assert rows["election_held"] == (ELECTION_DAY, "", 0)
    assert rows["additional_election"] == (date(2026, 7, 15), "V45", 30)


def test_the_preview_follows_the_profile():
    rows = {r.step: r.by for r in timetable.preview("shanghai", ELECTION_DAY)}
    assert rows["proxy_requests"] == date(2026, 6, 10)  # shanghai: 5 days before
    beijing = {r.step: r.by for r in timetable.preview("beijing", ELECTION_DAY)}
    assert beijing["additional_election"] == date(2026, 6, 30)  # beijing: within 15 days


def test_the_county_sees_a_button_to_open_and_the_village_clerk_does_not(cast, client, county):
    client.force_login(cast["alice"])
    assert "/staff/elections/open/" in client.get("/staff/elections/").content.decode()
    client.force_login(cast["vic"])
    assert "/staff/elections/open/" not in client.get("/staff/elections/").content.decode()
    assert client.get("/staff/elections/open/").status_code == 302


def test_the_preview_shows_the_timetable_in_words_and_stores_nothing(
    cast, client, clock, village_a1, settings
):
    client.force_login(cast["alice"])
    page = client.post(
        "/staff/elections/open/",
        {**FORM, "step": "preview"},
        HTTP_ACCEPT_LANGUAGE="zh-CN",
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "2026-05-26" in text and "2026-07-15" in text
    assert 'title="规则 V11"' in text and "（V11）" not in text  # in a title, never as text
    assert "选民名单" in text
    assert GeneralElection.objects.count() == 0


def test_confirming_opens_both_elections_in_every_village_and_goes_to_the_board(
    cast, client, clock, village_a1, village_a2, village_b1
):
    client.force_login(cast["alice"])
    page = client.post("/staff/elections/open/", {**FORM, **SEEN, "step": "confirm"})
    general = GeneralElection.objects.get()
    assert page.status_code == 302 and page.url == f"/staff/elections/general/{general.pk}/board/"
    assert general.profile == "national" and general.election_day == ELECTION_DAY
    assert VillageElection.objects.filter(general=general).count() == 6
    client.force_login(cast["vic"])
    tasks = client.get("/staff/elections/").content.decode()
    assert "Village A1" in tasks and "2026 换届" in tasks


def test_an_election_day_too_close_is_refused_in_chinese_naming_the_rule(
    cast, client, clock, village_a1
):
    client.force_login(cast["alice"])
    page = client.post(
        "/staff/elections/open/",
        {
            **FORM,
            "election_day": "2026-05-10",
            "previewed": "990100000000|national|2026-05-10",
            "step": "confirm",
        },
        HTTP_ACCEPT_LANGUAGE="zh-CN",
        follow=True,
    )
    text = page.content.decode()
    assert "选举日" in text and "20" in text and "V11" not in text
    assert GeneralElection.objects.count() == 0


def test_a_second_open_election_is_refused_with_a_reason(cast, client, clock, village_a1):
    client.force_login(cast["alice"])
    client.post("/staff/elections/open/", {**FORM, **SEEN, "step": "confirm"})
    page = client.post(
        "/staff/elections/open/",
        {**FORM, **SEEN, "step": "confirm"},
        HTTP_ACCEPT_LANGUAGE="zh-CN",
        follow=True,
    )
    assert "已有" in page.content.decode()
    assert GeneralElection.objects.count() == 1


def test_a_bad_date_names_the_field_as_the_form_labels_it(cast, client, clock, village_a1):
    client.force_login(cast["alice"])
    page = client.post(
        "/staff/elections/open/",
        {**FORM, "election_day": "soon", "step": "preview"},
        HTTP_ACCEPT_LANGUAGE="zh-CN",
    )
    assert "选举日：" in page.content.decode()


def test_the_api_previews_then_opens(cast, client, clock, village_a1):
    client.force_login(cast["alice"])
    body = {"name": "2026", "profile": "national", "election_day": "2026-06-15"}
    preview = client.post(
        "/api/v1/staff/elections/general/preview", body, content_type="application/json"
    )
    assert preview.status_code == 200
    rows = {r["step"]: r["by"] for r in preview.json()["timetable"]}
    assert rows["roll_published"] == "2026-05-26"
    assert GeneralElection.objects.count() == 0
    opened = client.post("/api/v1/staff/elections/general", body, content_type="application/json")
    assert opened.status_code == 201
    assert opened.json()["village_elections"] == 6  # two laws in three villages
    again = client.post("/api/v1/staff/elections/general", body, content_type="application/json")
    assert again.status_code == 409


def test_the_api_refuses_a_village_clerk(cast, client, clock, village_a1):
    client.force_login(cast["vic"])
    body = {"name": "2026", "profile": "national", "election_day": "2026-06-15"}
    answer = client.post("/api/v1/staff/elections/general", body, content_type="application/json")
    assert answer.status_code == 403
    assert GeneralElection.objects.count() == 0


def test_the_village_clerk_sees_the_next_task_with_its_date(cast, client, general):
    client.force_login(cast["vic"])
    text = client.get("/staff/elections/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert "公布选民名单" in text and "须于 2026-05-26 前完成" in text


@pytest.mark.parametrize(
    "who", ["alice", "cora", "tom", "tina", "vic", "vera", "bill", "sam", "sue", "oscar"]
)
def test_only_the_county_administrator_opens_through_the_page_and_the_api(cast, client, clock, who):
    client.force_login(cast[who])
    client.post("/staff/elections/open/", {**FORM, **SEEN, "step": "confirm"})
    opened_by_page = GeneralElection.objects.exists()
    body = {"name": "2026", "profile": "national", "election_day": "2026-06-15"}
    answer = client.post("/api/v1/staff/elections/general", body, content_type="application/json")
    expected = who == "alice"
    assert opened_by_page is expected
    assert answer.status_code == (409 if expected else 403)  # alice: already open by the page


def test_the_api_lists_each_village_election_with_its_next_task(cast, client, general):
    client.force_login(cast["vic"])
    rows = client.get("/api/v1/staff/elections", HTTP_ACCEPT_LANGUAGE="zh-CN").json()
    assert {r["next_task"] for r in rows} == {"公布选民名单"}
    assert {r["next_task_due"] for r in rows} == {"2026-05-26"}


def test_confirming_other_values_than_those_previewed_shows_their_timetable_first(
    cast, client, clock, village_a1
):
    client.force_login(cast["alice"])
    page = client.post(
        "/staff/elections/open/",
        {**FORM, **SEEN, "election_day": "2026-07-01", "step": "confirm"},
        HTTP_ACCEPT_LANGUAGE="zh-CN",
    )
    assert page.status_code == 200
    assert "2026-06-11" in page.content.decode()  # the roll of 1 July: 20 days before
    assert GeneralElection.objects.count() == 0
