"""The staff pages: board with ranking, items with filters and export, an item's steps."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from openvillage.campaigns import services
from openvillage.campaigns.models import Item
from openvillage.campaigns.rules import steps

from .conftest import contract_input


def login(client, user):
    client.force_login(user)
    client.cookies["django_language"] = "zh-hans"
    return client


def test_the_board_ranks_villages_and_shows_a_dash_where_nothing_is_registered(
    client, cast, campaign, village_a1
):
    contract = services.contract_save(actor=cast["vic"], village=village_a1, data=contract_input())
    services.item_create(actor=cast["vic"], campaign=campaign, contract=contract)
    page = login(client, cast["alice"]).get(f"/staff/campaigns/{campaign.pk}/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Village A1" in text and "—" in text and "0.00%" in text
    assert "完成率" in text


def test_the_item_list_filters_by_flag_and_exports_the_same_columns(
    client, cast, campaign, village_a1
):
    flagged = services.contract_save(
        actor=cast["vic"], village=village_a1, data=contract_input("HT-9", written=False)
    )
    clean = services.contract_save(
        actor=cast["vic"], village=village_a1, data=contract_input("HT-1")
    )
    for c in (flagged, clean):
        services.item_create(actor=cast["vic"], campaign=campaign, contract=c)
    login(client, cast["vic"])
    page = client.get(f"/staff/campaigns/{campaign.pk}/items/?rule=RF6")
    assert "HT-9" in page.content.decode() and "HT-1" not in page.content.decode()
    export = client.get(f"/staff/campaigns/{campaign.pk}/items/?rule=RF6&format=xlsx")
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["HT-9"]


def test_an_item_page_records_the_next_step(client, cast, campaign, village_a1):
    contract = services.contract_save(actor=cast["vic"], village=village_a1, data=contract_input())
    item = services.item_create(actor=cast["vic"], campaign=campaign, contract=contract)
    login(client, cast["vic"])
    page = client.get(f"/staff/campaigns/items/{item.pk}/")
    assert "摸底登记" in page.content.decode()
    answer = client.post(
        f"/staff/campaigns/items/{item.pk}/",
        {"step": steps.INVENTORY, "done_on": "2026-05-20", "person": "张", "evidence": "台账"},
    )
    assert answer.status_code == 302
    assert Item.objects.get(pk=item.pk).state == steps.INVENTORY


def test_another_villages_clerk_cannot_open_the_item(client, cast, campaign, village_a1):
    contract = services.contract_save(actor=cast["vic"], village=village_a1, data=contract_input())
    item = services.item_create(actor=cast["vic"], campaign=campaign, contract=contract)
    page = login(client, cast["vera"]).get(f"/staff/campaigns/items/{item.pk}/")
    assert page.status_code == 404


def test_a_clerk_submits_a_closed_items_result_from_its_page(client, cast, campaign, village_a1):
    from openvillage.campaigns.models import StepRecord

    contract = services.contract_save(actor=cast["vic"], village=village_a1, data=contract_input())
    item = services.item_create(actor=cast["vic"], campaign=campaign, contract=contract)
    page = login(client, cast["vic"]).post(f"/staff/campaigns/items/{item.pk}/publish/")
    assert page.status_code == 409  # not closed yet: wrong state, said in words
    Item.objects.filter(pk=item.pk).update(state=steps.CLOSED)
    StepRecord.objects.create(item=item, step=steps.CLOSED, done_on="2026-05-30", person="汤",
                              evidence="核查", recorded_by=cast["tom"])  # fmt: skip
    assert client.post(f"/staff/campaigns/items/{item.pk}/publish/").status_code == 302
    assert Item.objects.get(pk=item.pk).disclosure_item_id is not None


def test_the_village_public_page_shows_closed_items_and_money_recovered(
    client, cast, campaign, village_a1
):
    from openvillage.campaigns.models import Arrears

    contract = services.contract_save(actor=cast["vic"], village=village_a1, data=contract_input())
    item = services.item_create(actor=cast["vic"], campaign=campaign, contract=contract)
    assert "五清强基" not in client.get(f"/v/{village_a1.code}/").content.decode()
    services.count_move(campaign.pk, village_a1.pk, steps.REGISTERED, steps.CLOSED)
    Item.objects.filter(pk=item.pk).update(state=steps.CLOSED)
    Arrears.objects.create(village=village_a1, unit_path=village_a1.path, number="QK-1",
                           debtor_name="李", source="rent", principal_fen=100_000,
                           due_date="2024-01-01", recovered_fen=123_456)  # fmt: skip
    client.cookies["django_language"] = "zh-hans"
    text = client.get(f"/v/{village_a1.code}/").content.decode()
    assert "HT-001" in text and "1,234.56" in text


def test_money_is_shown_in_yuan_whatever_type_the_database_sums_to():
    from decimal import Decimal

    from openvillage.campaigns.templatetags.campaigns_tags import yuan

    assert yuan(Decimal("123456")) == yuan(123456) == "1,234.56"
    assert yuan(-5) == "-0.05" and yuan(None) == "—"


def test_the_progress_bulletin_prints_the_ranking_in_chinese(
    client, cast, campaign, village_a1, tmp_path
):
    import subprocess

    contract = services.contract_save(actor=cast["vic"], village=village_a1, data=contract_input())
    services.item_create(actor=cast["vic"], campaign=campaign, contract=contract)
    page = login(client, cast["alice"]).get(f"/staff/campaigns/{campaign.pk}/")
    assert f"/staff/campaigns/{campaign.pk}/bulletin/" in page.content.decode()
    answer = client.get(f"/staff/campaigns/{campaign.pk}/bulletin/")
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    path = tmp_path / "bulletin.pdf"
    path.write_bytes(answer.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip
    assert "五清强基专项行动进度通报" in text and "三、村排名" in text
    assert "Village A1" in text and "0.00%" in text and "没有红牌" in text


def test_a_clerk_outside_the_campaign_gets_no_bulletin(client, cast, campaign):
    page = login(client, cast["bill"]).get(f"/staff/campaigns/{campaign.pk}/bulletin/")
    assert page.status_code == 404
