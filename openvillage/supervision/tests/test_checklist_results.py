"""A round's checklist results (supervision.md §2): per village and item of the round's level,
all or nothing, recorded by whoever may run the round, shown on the round's page in Chinese."""

from datetime import date

import pytest

from openvillage.core.audit import AuditEntry
from openvillage.core.errors import InvalidInput, NotAllowed
from openvillage.supervision import services
from openvillage.supervision.models import ItemResult, Outcome

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


@pytest.fixture
def town_round(cast, town_a):
    return services.round_create(
        actor=cast["tom"], unit=town_a, mode="inspection", title="三季度全面检查",
        started_on=date(2026, 9, 22),
    )  # fmt: skip


def test_the_town_records_a_villages_results_and_a_second_record_replaces_them(
    cast, town_round, village_a1
):
    services.round_results_record(
        actor=cast["tom"], round=town_round, village=village_a1,
        results={"integrity": ("passed", ""), "public_power": ("problem", "工程未招标")},
    )  # fmt: skip
    services.round_results_record(
        actor=cast["tom"], round=town_round, village=village_a1,
        results={"integrity": ("not_applicable", "")},
    )  # fmt: skip
    rows = dict(ItemResult.objects.values_list("item_code", "outcome"))
    assert rows == {"integrity": Outcome.NOT_APPLICABLE, "public_power": Outcome.PROBLEM}
    entries = AuditEntry.objects.filter(action="supervision.round.results").order_by("pk")
    assert [e.changes.get("integrity") for e in entries] == [
        [None, "passed"],
        ["passed", "not_applicable"],
    ]


def test_an_item_of_another_level_refuses_the_whole_record(cast, town_round, village_a1):
    with pytest.raises(InvalidInput, match="not an item"):
        services.round_results_record(
            actor=cast["tom"], round=town_round, village=village_a1,
            results={"integrity": ("passed", ""), "three_meetings": ("passed", "")},
        )  # fmt: skip
    with pytest.raises(InvalidInput):
        services.round_results_record(
            actor=cast["tom"], round=town_round, village=village_a1,
            results={"integrity": ("maybe", "")},
        )  # fmt: skip
    assert not ItemResult.objects.exists()


def test_a_village_outside_the_round_is_refused(cast, town_round, village_b1):
    with pytest.raises(InvalidInput, match="not covered"):
        services.round_results_record(
            actor=cast["cora"], round=town_round, village=village_b1,
            results={"integrity": ("passed", "")},
        )  # fmt: skip


@pytest.mark.parametrize("name", ["cora", "tom"])
def test_the_town_or_the_county_above_it_may_record(cast, town_round, village_a1, name):
    services.round_results_record(
        actor=cast[name], round=town_round, village=village_a1,
        results={"integrity": ("passed", "")},
    )  # fmt: skip


@pytest.mark.parametrize("name", ["alice", "tina", "vic", "vera", "bill", "sam", "sue", "oscar"])
def test_nobody_else_records_the_towns_results(cast, town_round, village_a1, name):
    with pytest.raises(NotAllowed):
        services.round_results_record(
            actor=cast[name], round=town_round, village=village_a1,
            results={"integrity": ("passed", "")},
        )  # fmt: skip


def test_the_round_page_shows_the_checklist_of_a_village_and_saves_it(
    client, cast, town_round, village_a1, village_a2
):
    client.force_login(cast["tom"])
    url = f"/staff/supervision/rounds/{town_round.pk}/"
    page = client.get(url, {"village": village_a2.code}, **ZH).content.decode()
    assert "廉洁自律情况" in page and "尚未检查" in page and "保存检查结果" in page
    response = client.post(
        url + "results/",
        {"village": village_a2.code, "outcome-integrity": "problem", "note-integrity": "公款吃喝",
         "outcome-morality": "", "note-morality": ""},
        **ZH,
    )  # fmt: skip
    assert response.status_code == 302
    page = client.get(response["Location"], **ZH).content.decode()
    assert "检查结果已保存" in page and "公款吃喝" in page
    result = ItemResult.objects.get()
    assert (result.village, result.item_code, result.outcome) == (
        village_a2,
        "integrity",
        "problem",
    )


def test_a_refused_save_is_shown_on_the_page_in_chinese(client, cast, town_round, village_a1):
    client.force_login(cast["tom"])
    response = client.post(
        f"/staff/supervision/rounds/{town_round.pk}/results/", {"village": village_a1.code}, **ZH
    )
    assert response.status_code == 422
    assert "请至少填写一个项目的检查结果" in response.content.decode()


def test_the_village_sees_the_towns_round_but_cannot_save_results(
    client, cast, town_round, village_a1
):
    client.force_login(cast["vic"])
    url = f"/staff/supervision/rounds/{town_round.pk}/"
    assert client.get(url, **ZH).status_code == 200
    response = client.post(
        url + "results/", {"village": village_a1.code, "outcome-integrity": "passed"}, **ZH
    )
    assert response.status_code == 403
    assert not ItemResult.objects.exists()


def test_the_api_records_and_lists_a_villages_results(client, cast, town_round, village_a1):
    client.force_login(cast["tom"])
    url = f"/api/v1/supervision/rounds/{town_round.pk}/results"
    body = {
        "village_code": village_a1.code,
        "results": [{"item": "integrity", "outcome": "passed"}],
    }
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 200, response.content
    assert client.get(url).json() == [
        {"village_code": village_a1.code, "item": "integrity", "outcome": "passed", "note": ""}
    ]
    client.force_login(cast["vic"])
    assert client.post(url, body, content_type="application/json").status_code == 403
    client.force_login(cast["tina"])
    assert client.get(url).status_code == 404
