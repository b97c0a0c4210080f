"""The campaign's progress bulletin (通报) as a PDF, through the platform's bulletin printer
(core.bulletin), in the reader's language: totals, the ranking of towns and villages with the
weights beside it (anyone can recompute it), the rank of the last monthly ranking, red cards."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from openvillage.campaigns import selectors
from openvillage.campaigns.models import Campaign, RankSnapshot
from openvillage.campaigns.rules import progress
from openvillage.core.bulletin import Bulletin, Section, Table, render_bulletin
from openvillage.disclosure.rules import statement


def _bp(value: int | None) -> str:
    return "—" if value is None else f"{value // 100}.{value % 100:02d}%"


def _yuan(fen: int) -> str:
    return statement.yuan(int(fen))  # PostgreSQL sums big integers as a Decimal


def _rank(value: int | None) -> str:
    return "—" if value is None else str(value)


def _day(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def document(campaign: Campaign, user: Any, today: date) -> Bulletin:
    """The bulletin of ``campaign`` as the reader may see it (their scope), as of ``today``."""
    towns = selectors.board(campaign, user)
    last_month = (
        RankSnapshot.objects.filter(campaign=campaign, month__lt=f"{today:%Y-%m}")
        .order_by("-month")
        .values_list("month", flat=True)
        .first()
    )
    before: dict[int, int | None] = {}
    if last_month:
        before = dict(
            RankSnapshot.objects.filter(campaign=campaign, month=last_month).values_list(
                "unit_id", "rank"
            )
        )
    total = sum((town.counts for town, _villages in towns), progress.Counts())
    villages = sum(len(rows) for _town, rows in towns)
    overall = _(
        "As of %(day)s, %(villages)s villages take part; %(registered)s items are registered, "
        "%(verified)s verified, %(in_progress)s in progress and %(closed)s closed (completion "
        "%(completion)s). Arrears registered: %(owed)s yuan; recovered: %(recovered)s yuan."
    ) % {
        "day": _day(today),
        "villages": villages,
        "registered": total.registered,
        "verified": total.verified,
        "in_progress": total.in_progress,
        "closed": total.closed,
        "completion": _bp(total.completion_bp),
        "owed": _yuan(total.arrears_registered_fen),
        "recovered": _yuan(total.recovered_fen),
    }
    weights = campaign.weights or {}
    method = _(
        "Score = (completion × %(c)s + recovery × %(r)s + spot checks × %(s)s) ÷ the sum of the "
        "weights; a measure with nothing registered gives its weight to completion. A village "
        "with fewer than %(m)s items is not ranked; equal scores share a rank."
    ) % {
        "c": weights.get("completion", 0),
        "r": weights.get("recovery", 0),
        "s": weights.get("spot_check", 0),
        "m": campaign.min_items,
    }
    header = (_("Rank"), _("Last month"), _("Town / village"), _("Registered"), _("Closed"),
              _("Completion"), _("Recovery"), _("Score"))  # fmt: skip

    def row(r: selectors.BoardRow, name: str) -> tuple[str, ...]:
        return (_rank(r.rank), _rank(before.get(r.unit.pk)), name, str(r.counts.registered),
                str(r.counts.closed), _bp(r.counts.completion_bp), _bp(r.counts.recovery_bp),
                _bp(r.score_bp))  # fmt: skip

    town_rows = [row(town, town.unit.name) for town, _rows in towns]
    village_rows = [row(v, f"{town.unit.name} {v.unit.name}") for town, rows in towns for v in rows]
    widths = (2, 3, 6, 3, 3, 3, 3, 3)
    cards = selectors.red_cards(campaign, user)
    card_lines = [
        f"{card.unit.name}：{card.get_reason_display()}（{_day(card.shown_on)}）"
        + (f"：{card.detail}" if card.detail else "")
        for card in cards
    ] or [_("No red card.")]
    return Bulletin(
        title=_("Progress bulletin of %(name)s") % {"name": campaign.name},
        period=f"{_day(campaign.starts_on)} – {_day(today)}",
        issuer=campaign.county.name,
        issued_on=today,
        sections=[
            Section(_("1. Overall progress"), paragraphs=[overall]),
            Section(
                _("2. Ranking of towns"),
                paragraphs=[method],
                tables=[Table(header, town_rows, widths)],
            ),
            Section(_("3. Ranking of villages"), tables=[Table(header, village_rows, widths)]),
            Section(_("4. Red cards"), paragraphs=card_lines),
        ],
    )


def pdf(campaign: Campaign, user: Any, today: date) -> bytes:
    return render_bulletin(document(campaign, user, today))
