"""Monthly ranking snapshots and red cards (campaigns.md §7)."""

from __future__ import annotations

from datetime import date

from openvillage.campaigns import selectors, services
from openvillage.campaigns.models import Item, RankSnapshot
from openvillage.campaigns.rules import steps

from .conftest import contract_input


def register(cast, campaign, village, clerk, count):
    for n in range(count):
        c = services.contract_save(
            actor=clerk, village=village, data=contract_input(f"{village.code}-{n}")
        )
        services.item_create(actor=clerk, campaign=campaign, contract=c)


def test_equal_scores_share_a_rank_and_small_villages_are_not_ranked(
    cast, campaign, village_a1, village_a2
):
    register(cast, campaign, village_a1, cast["vic"], 3)
    register(cast, campaign, village_a2, cast["vera"], 2)  # under the minimum of 3 items
    [(town, villages)] = selectors.board(campaign, cast["alice"])
    ranks = {row.unit.code: row.rank for row in villages}
    assert ranks[village_a1.code] == 1 and ranks[village_a2.code] is None
    assert town.counts.registered == 5 and town.score_bp == 0


def test_a_town_officer_sees_the_county_wide_rank_of_his_villages(cast, campaign, village_a1):
    register(cast, campaign, village_a1, cast["vic"], 3)
    [(_town, villages)] = selectors.board(campaign, cast["tom"])
    assert [row.rank for row in villages if row.unit == village_a1] == [1]


def test_a_month_is_stored_once(cast, campaign, village_a1):
    register(cast, campaign, village_a1, cast["vic"], 3)
    written = selectors.snapshot_month(campaign, "2026-05")
    assert written == 3  # the town and its two villages
    assert selectors.snapshot_month(campaign, "2026-05") == 0
    assert RankSnapshot.objects.filter(month="2026-05").count() == 3


def test_an_item_without_action_for_over_thirty_days_gives_its_village_a_red_card(
    cast, campaign, village_a1
):
    register(cast, campaign, village_a1, cast["vic"], 1)
    Item.objects.update(created_at="2026-04-01T00:00:00+08:00")
    cards = selectors.card_findings(campaign, date(2026, 6, 1), cast["alice"])
    assert [c.unit for c in cards] == [village_a1]
    item = Item.objects.get()
    step = services.StepInput(step=steps.INVENTORY, done_on=date(2026, 5, 30), person="张",
                              evidence="台账")  # fmt: skip
    services.item_step(actor=cast["vic"], item=item, data=step)
    assert selectors.card_findings(campaign, date(2026, 6, 1), cast["alice"]) == []


def test_the_bottom_of_two_monthly_rankings_gets_a_red_card(cast, campaign, village_a1, village_a2):
    for month in ("2026-04", "2026-05"):
        RankSnapshot.objects.create(campaign=campaign, month=month, unit=village_a1, rank=1)
        RankSnapshot.objects.create(campaign=campaign, month=month, unit=village_a2, rank=2)
    cards = selectors.card_findings(campaign, date(2026, 6, 1), cast["alice"])
    assert [c.unit for c in cards] == [village_a2]


def test_the_counts_kept_by_the_transitions_equal_a_recount(cast, campaign, village_a1):
    from openvillage.campaigns.models import VillageCount

    register(cast, campaign, village_a1, cast["vic"], 3)
    item = Item.objects.first()
    step = services.StepInput(step=steps.INVENTORY, done_on=date(2026, 5, 30), person="张",
                              evidence="台账")  # fmt: skip
    services.item_step(actor=cast["vic"], item=item, data=step)
    kept = set(VillageCount.objects.exclude(n=0).values_list("village_id", "state", "n"))
    services.counts_rebuild(campaign)
    assert set(VillageCount.objects.values_list("village_id", "state", "n")) == kept
    assert kept == {(village_a1.pk, steps.REGISTERED, 2), (village_a1.pk, steps.INVENTORY, 1)}


# --- stored red cards: shown by the rules or a spot check, withdrawn after a verified catch-up


def overdue(cast, campaign, village):
    register(cast, campaign, village, cast["vic"], 1)
    Item.objects.update(created_at="2026-04-01T00:00:00+08:00")
    return Item.objects.get()


def test_the_nightly_rules_show_a_card_once_and_it_stays_after_the_catch_up(
    cast, campaign, village_a1
):
    from openvillage.campaigns.models import RedCard

    item = overdue(cast, campaign, village_a1)
    assert services.red_cards_refresh(campaign, date(2026, 6, 1)) == 1
    assert services.red_cards_refresh(campaign, date(2026, 6, 1)) == 0  # one open card a reason
    card = RedCard.objects.get()
    assert (card.unit, card.reason, card.shown_by) == (village_a1, "overdue", None)
    step = services.StepInput(step=steps.INVENTORY, done_on=date(2026, 5, 30), person="张",
                              evidence="台账")  # fmt: skip
    services.item_step(actor=cast["vic"], item=item, data=step)
    services.red_cards_refresh(campaign, date(2026, 6, 1))
    assert list(selectors.red_cards(campaign, cast["alice"])) == [card]  # never by itself


def test_the_county_withdraws_a_card_only_after_the_catch_up_it_verified(
    cast, campaign, village_a1
):
    import pytest

    from openvillage.core.errors import InvalidInput, NotAllowed, WrongState

    item = overdue(cast, campaign, village_a1)
    services.red_cards_refresh(campaign, date(2026, 6, 1))
    card = selectors.red_cards(campaign, cast["alice"]).get()
    with pytest.raises(WrongState):  # the item is still without any action
        services.red_card_withdraw(actor=cast["alice"], card=card, catch_up="已整改",
                                   today=date(2026, 6, 1))  # fmt: skip
    step = services.StepInput(step=steps.INVENTORY, done_on=date(2026, 5, 30), person="张",
                              evidence="台账")  # fmt: skip
    services.item_step(actor=cast["vic"], item=item, data=step)
    with pytest.raises(NotAllowed):  # the village does not withdraw its own card
        services.red_card_withdraw(actor=cast["vic"], card=card, catch_up="已整改")
    with pytest.raises(InvalidInput):
        services.red_card_withdraw(actor=cast["alice"], card=card, catch_up="  ")
    services.red_card_withdraw(actor=cast["alice"], card=card, catch_up="6月1日核查：已摸底登记",
                               today=date(2026, 6, 1))  # fmt: skip
    assert not selectors.red_cards(campaign, cast["alice"]).exists()
    [gone] = selectors.red_cards(campaign, cast["alice"], withdrawn=True)
    assert gone.withdrawn_by == cast["alice"] and "核查" in gone.catch_up


def test_a_spot_check_finding_false_reporting_shows_a_card(cast, campaign, village_a1, village_b1):
    import pytest

    from openvillage.core.errors import InvalidInput, NotAllowed, WrongState

    with pytest.raises(NotAllowed):  # the town does not card its villages: the county does
        services.red_card_show(actor=cast["tom"], campaign=campaign, unit=village_a1,
                               detail="虚报")  # fmt: skip
    with pytest.raises(InvalidInput):  # not in the campaign
        services.red_card_show(actor=cast["alice"], campaign=campaign, unit=village_b1,
                               detail="虚报")  # fmt: skip
    card = services.red_card_show(actor=cast["alice"], campaign=campaign, unit=village_a1,
                                  detail="抽查发现已销号合同未实际收回")  # fmt: skip
    assert card.reason == "false_report" and card.shown_by == cast["alice"]
    with pytest.raises(WrongState):
        services.red_card_show(actor=cast["alice"], campaign=campaign, unit=village_a1,
                               detail="再次")  # fmt: skip
    services.red_card_withdraw(actor=cast["alice"], card=card, catch_up="复查属实，已收回")
    assert not selectors.red_cards(campaign).exists()


def test_the_board_shows_the_cards_and_the_county_withdraws_one(client, cast, campaign, village_a1):
    from openvillage.campaigns.models import RedCard

    card = services.red_card_show(actor=cast["alice"], campaign=campaign, unit=village_a1,
                                  detail="抽查发现虚报")  # fmt: skip
    client.force_login(cast["vic"])
    client.cookies["django_language"] = "zh-hans"
    text = client.get(f"/staff/campaigns/{campaign.pk}/").content.decode()
    assert "抽查发现虚报" in text and "撤销红牌" not in text  # the village sees, cannot withdraw
    assert client.post(f"/staff/campaigns/cards/{card.pk}/withdraw/",
                       {"catch_up": "x"}).status_code == 403  # fmt: skip
    assert RedCard.objects.get().withdrawn_on is None
    client.force_login(cast["alice"])
    text = client.get(f"/staff/campaigns/{campaign.pk}/").content.decode()
    assert "撤销红牌" in text
    client.post(f"/staff/campaigns/cards/{card.pk}/withdraw/", {"catch_up": "复查已整改"})
    assert RedCard.objects.get().withdrawn_on is not None
    assert client.get(f"/staff/campaigns/cards/{card.pk + 99}/withdraw/").status_code == 405


# --- escalation along the chain (campaigns.md §2) ---------------------------------------------


def test_an_idle_item_escalates_up_the_chain_and_reaches_the_towns_work_queue(
    client, cast, campaign, village_a1, town_a
):
    from openvillage.campaigns.models import Responsibility
    from openvillage.core.extensions import attention_for

    Responsibility.objects.create(campaign=campaign, level="town", unit=town_a,
                                  person_name="王书记")  # fmt: skip
    item = overdue(cast, campaign, village_a1)  # registered 2026-04-01, no step since
    assert selectors.escalation(item, date(2026, 5, 1)) is None  # 30 days: not "超过"
    up = selectors.escalation(item, date(2026, 5, 2))  # 31 days
    assert (up.level, up.idle_days, up.person) == ("town", 31, "王书记")
    assert selectors.escalation(item, date(2026, 6, 1)).level == "district"  # 61 days
    assert selectors.escalation(item, date(2026, 6, 1)).person == "区委书记"
    # The town's work queue counts it; the village's does not.
    assert list(selectors.escalated_items(cast["tom"], date(2026, 5, 2))) == [item]
    assert not selectors.escalated_items(cast["alice"], date(2026, 5, 2)).exists()
    assert list(selectors.escalated_items(cast["alice"], date(2026, 6, 1))) == [item]
    assert not selectors.escalated_items(cast["vic"], date(2026, 6, 1)).exists()
    [source] = [s for s in attention_for(cast["tom"]) if s.name == "campaigns"]
    [line] = source.items(cast["tom"], date(2026, 6, 1))
    assert line.count == 1 and line.url.endswith("?escalated=1")
    client.force_login(cast["tom"])
    client.cookies["django_language"] = "zh-hans"
    listed = client.get(line.url).content.decode()
    assert item.title in listed
    page = client.get(f"/staff/campaigns/items/{item.pk}/").content.decode()
    assert "已逐级上报至区专项行动领导小组" in page and "区委书记" in page
