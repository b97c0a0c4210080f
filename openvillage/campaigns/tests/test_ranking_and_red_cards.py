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
    cards = selectors.red_cards(campaign, date(2026, 6, 1), cast["alice"])
    assert [c.unit for c in cards] == [village_a1]
    item = Item.objects.get()
    step = services.StepInput(step=steps.INVENTORY, done_on=date(2026, 5, 30), person="张",
                              evidence="台账")  # fmt: skip
    services.item_step(actor=cast["vic"], item=item, data=step)
    assert selectors.red_cards(campaign, date(2026, 6, 1), cast["alice"]) == []


def test_the_bottom_of_two_monthly_rankings_gets_a_red_card(cast, campaign, village_a1, village_a2):
    for month in ("2026-04", "2026-05"):
        RankSnapshot.objects.create(campaign=campaign, month=month, unit=village_a1, rank=1)
        RankSnapshot.objects.create(campaign=campaign, month=month, unit=village_a2, rank=2)
    cards = selectors.red_cards(campaign, date(2026, 6, 1), cast["alice"])
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
