"""What the campaigns app hands to the platform: the nightly run, a stat, a small demo."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from django.db.models import Count


def nightly() -> str:
    """The nightly red-flag run over every register, then the red cards of the running
    campaigns by the default rules (core.periodic)."""
    from openvillage.campaigns.models import Campaign
    from openvillage.campaigns.services import nightly_flags, red_cards_refresh
    from openvillage.core.clock import local_today

    flags = nightly_flags()
    today = local_today()
    cards = sum(
        red_cards_refresh(c, today)
        for c in Campaign.objects.filter(starts_on__lte=today, ends_on__gte=today)
    )
    return f"{flags} flags, {cards} red cards"


def closed_items(day: date) -> Mapping[int, int]:
    """Items closed (step 7 recorded) per village up to ``day``: a snapshot."""
    from openvillage.campaigns.models import StepRecord
    from openvillage.campaigns.rules import steps

    rows = (
        StepRecord.objects.filter(step=steps.CLOSED, done_on__lte=day)
        .values("item__village_id")
        .annotate(n=Count("id"))
    )
    return {row["item__village_id"]: row["n"] for row in rows}


def closed_items_link(unit, start: date | None = None, end: date | None = None) -> str:
    """The list behind the dashboard's figure: the campaigns (their items by step)."""
    from django.urls import reverse

    return reverse("campaigns")


def demo(options: Mapping[str, Any]) -> str:
    """A small campaign over the first county's villages with a few flagged contracts."""
    from openvillage.campaigns import services
    from openvillage.campaigns.models import Campaign
    from openvillage.core.clock import local_today
    from openvillage.org.models import Level, Unit

    if Campaign.objects.exists():
        return ""
    county = Unit.objects.filter(level=Level.COUNTY).order_by("code").first()
    villages = list(
        Unit.objects.filter(level=Level.VILLAGE, path__startswith=county.path).order_by("code")[:6]
    ) if county else []  # fmt: skip
    if not villages:
        return ""
    from openvillage.accounts.models import User

    actor = (
        User.objects.filter(is_superuser=True).first()
        or User.objects.filter(role="county_admin").first()
    )
    if actor is None:
        return ""
    today = local_today()
    campaign = services.campaign_launch(
        actor=actor, county=county, name="五清强基专项行动", starts_on=today.replace(day=1),
        ends_on=date(today.year, 12, 31), villages=villages[1:], pilots=villages[:1],
    )  # fmt: skip
    samples = [
        ("租赁2012-001", "lease", date(2012, 5, 10), date(2042, 5, 10), "completed", True),
        ("租赁2018-002", "lease", date(2018, 1, 1), date(2028, 1, 1), "none", False),
        ("承包2003-003", "four_wastes", date(2003, 3, 1), date(2063, 3, 1), "completed", True),
    ]
    for village in villages[:3]:
        rows = [
            services.ContractInput(
                number=number,
                kind=kind,
                collective_party=f"{village.name}股份经济合作社",
                counterparty_name="示例承包人",
                start=start,
                end=end,
                decision=decision,
                written=written,
                annual_rent_fen=500_000,
                reference_rent_fen=900_000,
                payments=[{"due": "2024-12-31", "amount_fen": 500_000, "paid_fen": 200_000}],
            )  # fmt: skip
            for number, kind, start, end, decision, written in samples
        ]
        for data in rows:
            contract = services.contract_save(actor=actor, village=village, data=data)
            services.item_create(actor=actor, campaign=campaign, contract=contract)
    return "Five Clears campaign: 1 campaign, 9 contracts with red flags"


def monthly_ranking() -> str:
    """On the first days of a month, store the closed month's ranking of every campaign."""
    from openvillage.campaigns.models import Campaign
    from openvillage.campaigns.selectors import snapshot_month
    from openvillage.core.clock import local_today

    today = local_today()
    last_month = (today.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    written = sum(
        snapshot_month(c, last_month)
        for c in Campaign.objects.filter(
            starts_on__lt=today.replace(day=1),
            ends_on__gte=today.replace(day=1) - timedelta(days=31),
        )
    )
    return f"{written} ranks for {last_month}"


def village_stamp() -> dict[str, Any]:
    """What changes the public section: closed items and money recovered (one subquery each)."""
    from django.db.models import IntegerField, OuterRef, Subquery, Sum
    from django.db.models.functions import Coalesce

    from openvillage.campaigns.models import Arrears, VillageCount
    from openvillage.campaigns.rules import steps

    closed = (
        VillageCount.objects.filter(village=OuterRef("pk"), state=steps.CLOSED)
        .values("village")
        .annotate(s=Sum("n"))
        .values("s")[:1]
    )
    recovered = (
        Arrears.objects.filter(village=OuterRef("pk"))
        .values("village")
        .annotate(s=Sum("recovered_fen"))
        .values("s")[:1]
    )
    return {
        "campaigns_closed": Coalesce(Subquery(closed, output_field=IntegerField()), 0),
        "campaigns_recovered": Coalesce(Subquery(recovered, output_field=IntegerField()), 0),
    }


def village_section(request: Any, village: Any, stamp: Mapping[str, Any]) -> dict[str, Any]:
    """The village's public page: the campaign's closed items and the money recovered."""
    from openvillage.campaigns.models import Item
    from openvillage.campaigns.rules import steps

    closed = stamp.get("campaigns_closed") or 0
    items = list(
        Item.objects.filter(village=village, state=steps.CLOSED)
        .order_by("-updated_at")
        .values_list("title", flat=True)[:10]
    ) if closed else []  # fmt: skip
    recovered = int(stamp.get("campaigns_recovered") or 0)  # numeric (Decimal) on PostgreSQL
    return {"closed": closed, "recovered": recovered, "items": items}


def attention(user: Any, today: date) -> list[Any]:
    """Open campaign items escalated to the user's level of the chain (campaigns.md §2)."""
    from collections import Counter

    from django.urls import reverse
    from django.utils.translation import ngettext

    from openvillage.campaigns.selectors import escalated_items
    from openvillage.core.extensions import Attention

    per_campaign = Counter(escalated_items(user, today).values_list("campaign_id", flat=True))
    return [
        Attention(
            count=n,
            url=reverse("campaigns-items", args=[campaign_id]) + "?escalated=1",
            label=ngettext(
                "%(n)s campaign item without action was escalated to you",
                "%(n)s campaign items without action were escalated to you",
                n,
            )
            % {"n": n},
            tone="warn",
        )
        for campaign_id, n in sorted(per_campaign.items())
    ]


def decision_closed(*, case_id: int, village_id: int, status: str, **_: Any) -> None:
    """A step-4 decision case was completed (the plan is adopted: the contract's decision is
    completed) or rejected (no decision); the contracts' red flags are checked again (RF7)."""
    from django.db import transaction

    from openvillage.campaigns.models import Contract, DecisionStatus, FlagRun
    from openvillage.campaigns.services import flags_refresh

    decided = DecisionStatus.COMPLETED if status == "completed" else DecisionStatus.NONE
    with transaction.atomic():
        contracts = list(
            Contract.objects.select_for_update()
            .filter(village_id=village_id, decision_case_id=case_id)
            .select_related("village")
        )
        if not contracts:
            return
        for contract in contracts:
            contract.decision = decided
        Contract.objects.bulk_update(contracts, ["decision"])
        flags_refresh(contracts[0].village, contracts, found_by=FlagRun.ENTRY)


def describe_item(item_id: int) -> dict[str, Any]:
    """A campaign item (e.g. an idle asset escalated without action) as a source of the problem
    list (supervision.md §3): its village, title, campaign and page."""
    from django.urls import reverse

    from openvillage.campaigns.models import Item

    item = Item.objects.select_related("campaign").filter(pk=item_id).first()
    if item is None:
        return {}
    return {
        "title": item.title,
        "description": f"{item.campaign.name}: {item.title} ({item.get_state_display()})",
        "url": reverse("campaigns-item", args=[item.pk]),
        "unit_path": item.unit_path,
    }


def locate_item(context) -> int | None:
    """The campaign item its staff page shows."""
    item = context.get("item")
    return getattr(item, "pk", None)


def describe_card(card_id: int) -> dict[str, Any]:
    """A red card shown to a village (campaigns.md §7) as a source of the problem list: the
    village, the reason and details, the campaign's board; a town's card or a withdrawn one is
    not raised (a problem belongs to a village)."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from openvillage.campaigns.models import RedCard

    card = RedCard.objects.select_related("campaign", "unit").filter(pk=card_id).first()
    if card is None:
        return {}
    return {
        "title": _("Red card: %(reason)s") % {"reason": card.get_reason_display()},
        "description": f"{card.campaign.name}: {card.detail}".strip(": "),
        "url": reverse("campaigns-board", args=[card.campaign_id]),
        "unit_path": card.unit_path,
        "raisable": card.unit.level == "village" and card.withdrawn_on is None,
    }


def locate_card(context) -> int | None:
    """The red card of the board's list being shown (``red_card``): a village's, not withdrawn."""
    card = context.get("red_card")
    if card is None or card.withdrawn_on is not None or card.unit.level != "village":
        return None
    return card.pk
