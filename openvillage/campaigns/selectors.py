"""Reads of the campaigns app, filtered by the reader's scope; progress and ranking (§7)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from openvillage.campaigns.models import Campaign, CampaignVillage, Item, RedFlag, Step
from openvillage.campaigns.rules import progress, steps
from openvillage.core import permissions
from openvillage.core.errors import NotFound
from openvillage.core.ranking import Score, rank
from openvillage.core.text import gettext_noop

VERIFIED = (steps.FACT_CHECK, steps.CLASSIFICATION, steps.PLAN_DECISION, steps.NEGOTIATION,
            steps.LEGAL_ACTION, steps.CLOSED)  # fmt: skip


def campaigns_for(user: Any) -> QuerySet[Campaign]:
    prefix = permissions.scope_path(user)
    if prefix is None:
        return Campaign.objects.none()
    if prefix == "":
        return Campaign.objects.all()
    return Campaign.objects.filter(
        Q(county__path__startswith=prefix) | Q(villages__village__path__startswith=prefix)
    ).distinct()


def campaign_for(user: Any, pk: int) -> Campaign:
    found = campaigns_for(user).filter(pk=pk).select_related("county").first()
    if found is None:
        raise NotFound(gettext_noop("No such campaign in your area."))
    return found


def items_for(user: Any, campaign: Campaign, *, village: str = "", state: str = "",
              rule: str = "") -> QuerySet[Item]:  # fmt: skip
    """The campaign's items the user may see, filtered; flags counted for the list."""
    items = Item.objects.filter(permissions.unit_scope_q(user, "unit_path"), campaign=campaign)
    if village:
        items = items.filter(village__code=village)
    if state in Step.values:
        items = items.filter(state=state)
    if rule:
        items = items.filter(contract__flags__rule=rule).distinct()
    return (
        items.select_related("village", "contract")
        .annotate(flag_count=Count("contract__flags", distinct=True))
        .order_by("village__code", "id")
    )


def sanitation_checks_for(user: Any, campaign: Campaign, *, village: str = "") -> QuerySet[Any]:
    """The sanitation checks of the campaign's villages the user may see (a village's code
    narrows them), for the register's export: a check is a measure, never an item."""
    from openvillage.campaigns.models import SanitationCheck

    checks = SanitationCheck.objects.filter(
        permissions.unit_scope_q(user, "unit_path"),
        village__in=campaign.villages.values("village"),
    )
    if village:
        checks = checks.filter(village__code=village)
    return checks.order_by("unit_path", "checked_on", "number")


def item_for(user: Any, pk: int) -> Item:
    item = (
        Item.objects.filter(permissions.unit_scope_q(user, "unit_path"), pk=pk)
        .select_related("village", "contract", "campaign")
        .first()
    )
    if item is None:
        raise NotFound(gettext_noop("No such item in your area."))
    return item


def flags_of(item: Item) -> list[RedFlag]:
    if item.contract_id is None:
        return []
    return list(RedFlag.objects.filter(contract_id=item.contract_id).order_by("rule"))


@dataclass(frozen=True)
class BoardRow:
    unit: Any
    counts: progress.Counts
    score_bp: int | None
    rank: int | None
    pilot: bool = False


def village_counts(campaign: Campaign) -> dict[int, progress.Counts]:
    """Counts per village from the pre-aggregated counts that every transition keeps."""
    by_state: dict[int, dict[str, int]] = defaultdict(dict)
    for row in (
        Item.objects.filter(campaign=campaign).values("village_id", "state").annotate(n=Count("id"))
    ):
        by_state[row["village_id"]][row["state"]] = row["n"]
    arrears = {
        row["village_id"]: (int(row["owed"] or 0), int(row["paid"] or 0))  # numeric on PG
        for row in Item.objects.filter(campaign=campaign, arrears__isnull=False)
        .values("village_id")
        .annotate(owed=Sum("arrears__principal_fen"), paid=Sum("arrears__recovered_fen"))
    }
    out = {}
    for village_id in {*by_state, *arrears}:
        states = by_state.get(village_id, {})
        owed, paid = arrears.get(village_id, (0, 0))
        closed = states.get(steps.CLOSED, 0)
        total = sum(states.values())
        out[village_id] = progress.Counts(
            registered=total,
            verified=sum(states.get(s, 0) for s in VERIFIED),
            in_progress=total - closed - states.get(steps.REGISTERED, 0),
            closed=closed,
            arrears_registered_fen=owed,
            recovered_fen=paid,
        )
    return out


def board(
    campaign: Campaign, user: Any, *, everything: bool = False
) -> list[tuple[BoardRow, list[BoardRow]]]:
    """Towns, each with its villages, ranked by the weighted score (equal scores share a rank).

    The ranking is over the whole campaign; a reader sees the rows of their own scope.
    """
    prefix = "" if everything else permissions.scope_path(user) or ""
    members = list(
        CampaignVillage.objects.filter(campaign=campaign)
        .select_related("village__parent")
        .order_by("village__code")
    )
    counts = village_counts(campaign)
    weights = campaign.weights or {"completion": 100}

    def score(c: progress.Counts) -> int | None:
        return progress.score_bp(c, weights)

    village_scores = {
        m.village: Score(score(counts.get(m.village_id, progress.Counts())),
                         counts.get(m.village_id, progress.Counts()).registered)
        for m in members
    }  # fmt: skip
    village_rank = rank(village_scores, formula="score", minimum_count=campaign.min_items).ranks()
    towns: dict[Any, list[BoardRow]] = defaultdict(list)
    for m in members:
        c = counts.get(m.village_id, progress.Counts())
        towns[m.village.parent].append(
            BoardRow(
                m.village, c, village_scores[m.village].value, village_rank[m.village], m.pilot
            )
        )
    town_counts = {t: sum((r.counts for r in rows), progress.Counts()) for t, rows in towns.items()}
    town_scores = {t: Score(score(c), c.registered) for t, c in town_counts.items()}
    town_rank = rank(town_scores, formula="score").ranks()
    return [
        (
            BoardRow(t, town_counts[t], town_scores[t].value, town_rank[t]),
            [r for r in rows if r.unit.path.startswith(prefix)],
        )
        for t, rows in sorted(towns.items(), key=lambda pair: pair[0].code)
        if any(r.unit.path.startswith(prefix) for r in rows)
    ]


def snapshot_month(campaign: Campaign, month: str) -> int:
    """Store the month's ranking of every town and village (once); return the rows written."""
    from openvillage.campaigns.models import RankSnapshot

    if RankSnapshot.objects.filter(campaign=campaign, month=month).exists():
        return 0
    rows = []
    for town, villages in board(campaign, None, everything=True):
        for row in (town, *villages):
            rows.append(RankSnapshot(campaign=campaign, month=month, unit=row.unit,
                                     score_bp=row.score_bp, rank=row.rank,
                                     registered=row.counts.registered,
                                     closed=row.counts.closed))  # fmt: skip
    RankSnapshot.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


@dataclass(frozen=True)
class Finding:
    """What a default red-card rule finds today for a unit (a card is shown from it)."""

    unit: Any
    reason: str  # a CardReason code

    @property
    def label(self) -> Any:
        from openvillage.campaigns.models import CardReason

        return CardReason(self.reason).label


def card_findings(campaign: Campaign, today: Any, user: Any = None) -> list[Finding]:
    """What the default rules (a) and (b) of campaigns.md §7 find today; (c) comes from spot
    checks (services.red_card_show).

    (a) bottom 5 % of the last two monthly rankings (villages and towns ranked separately);
    (b) an item with no step recorded for more than ``overdue_days`` days ("超过": excluded,
    Civil Code Art. 1259).
    A finding that no longer holds is the catch-up that lets the county withdraw the card.
    """
    from datetime import timedelta

    from django.db.models import Max

    from openvillage.campaigns import store
    from openvillage.campaigns.models import CardReason, RankSnapshot

    settings, _sha = store.current(campaign.region)
    rules = settings.red_cards
    prefix = permissions.scope_path(user) if user is not None else ""
    if prefix is None:
        return []
    cards: list[Finding] = []
    months = list(
        RankSnapshot.objects.filter(campaign=campaign)
        .values_list("month", flat=True)
        .distinct()
        .order_by("-month")[:2]
    )
    if len(months) == 2:
        snaps = RankSnapshot.objects.filter(campaign=campaign, month__in=months).select_related(
            "unit"
        )
        by_level: dict[str, dict[str, dict[Any, int | None]]] = defaultdict(
            lambda: {months[0]: {}, months[1]: {}}
        )
        for s in snaps:
            by_level[s.unit.level][s.month][s.unit] = s.rank
        for ranks in by_level.values():
            last = {u.code: r for u, r in ranks[months[0]].items()}
            before = {u.code: r for u, r in ranks[months[1]].items()}
            units = {u.code: u for u in ranks[months[0]]}
            for code in progress.red_card_by_ranking(last, before, rules.bottom_percent):
                if units[code].path.startswith(prefix):
                    cards.append(Finding(units[code], CardReason.RANKING))
    limit = today - timedelta(days=rules.overdue_days)
    stale = (
        Item.objects.filter(campaign=campaign, unit_path__startswith=prefix)
        .exclude(state=steps.CLOSED)
        .annotate(last=Max("records__done_on"))
        .filter(Q(last__lt=limit) | Q(last__isnull=True, created_at__date__lt=limit))
        .values_list("village_id", flat=True)
        .distinct()
    )
    from openvillage.org.models import Unit

    for village in Unit.objects.filter(pk__in=list(stale)).order_by("code"):
        cards.append(Finding(village, CardReason.OVERDUE))
    return cards


def red_cards(
    campaign: Campaign | None, user: Any = None, *, withdrawn: bool = False
) -> QuerySet[Any]:
    """The red cards shown (or, with ``withdrawn``, those withdrawn) in the reader's scope; of
    one campaign, or of every campaign with None."""
    from openvillage.campaigns.models import RedCard

    cards = RedCard.objects.filter(withdrawn_on__isnull=not withdrawn)
    if campaign is not None:
        cards = cards.filter(campaign=campaign)
    if user is not None:
        cards = cards.filter(permissions.unit_scope_q(user, "unit_path"))
    return cards.select_related("unit").order_by("unit__code", "reason")


# --- escalation along the responsibility chain (campaigns.md §2) -----------------------------


@dataclass(frozen=True)
class Escalation:
    level: str  # a ChainLevel code
    idle_days: int
    person: str  # the chain's person at that level over the item's village; "" when none

    @property
    def label(self) -> Any:
        from openvillage.campaigns.models import ChainLevel

        return ChainLevel(self.level).label


def chain_levels(campaign: Campaign) -> tuple[str, ...]:
    """The chain's levels from the bottom; the community level only where the campaign has one."""
    from openvillage.campaigns.models import Responsibility
    from openvillage.campaigns.rules.escalation import LEVELS

    has_community = Responsibility.objects.filter(campaign=campaign, level="community").exists()
    return tuple(level for level in LEVELS if level != "community" or has_community)


def escalation(item: Item, today: Any) -> Escalation | None:
    """Who answers for an open item now: None while it is the village's (not overdue) or closed."""
    from django.db.models import Max

    from openvillage.campaigns import store
    from openvillage.campaigns.models import Responsibility
    from openvillage.campaigns.rules import escalation as rules

    if item.state == steps.CLOSED:
        return None
    settings, _sha = store.current(item.campaign.region)
    last = item.records.aggregate(last=Max("done_on"))["last"]
    if last is None:
        from django.utils import timezone

        last = timezone.localdate(item.created_at)
    idle = (today - last).days
    level = rules.responsible_level(
        max(idle, 0), settings.red_cards.overdue_days, chain_levels(item.campaign)
    )
    if level == "village":
        return None
    links = Responsibility.objects.filter(campaign=item.campaign, level=level).select_related(
        "unit"
    )
    person = next((r.person_name for r in links if item.unit_path.startswith(r.unit.path)), "")
    return Escalation(level, idle, person)


def escalated_items(user: Any, today: Any) -> QuerySet[Item]:
    """Open items in the user's scope that have escalated to the user's level of the chain or
    above (a town officer sees those past the village, a county account those past the town)."""
    from datetime import timedelta

    from django.db.models import Max
    from django.db.models.functions import Coalesce, TruncDate

    from openvillage.campaigns import store
    from openvillage.campaigns.rules.escalation import idle_threshold

    unit = getattr(user, "unit", None)
    if unit is None or unit.level == "village":
        return Item.objects.none()
    settings, _sha = store.current()
    # Periods past the village's: one for the town, two for the district (a chain without the
    # community level, as the org tree has none).
    index = {"town": 1, "county": 2}.get(unit.level, 1)
    limit = today - timedelta(days=idle_threshold(index, settings.red_cards.overdue_days))
    return (
        Item.objects.filter(permissions.unit_scope_q(user, "unit_path"))
        .exclude(state=steps.CLOSED)
        .annotate(last=Coalesce(Max("records__done_on"), TruncDate("created_at")))
        .filter(last__lt=limit)
    )
