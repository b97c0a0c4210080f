"""Bulletins (通报) of the county's view: generated from the aggregates, reviewed, published.

The content is written in Chinese whatever the language of the request (a bulletin is an
official document of a Chinese county) and frozen when generated; the PDF is drawn from it
by :mod:`openvillage.core.bulletin`, the one bulletin printer of every capability.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from openvillage.analytics import scoring, selectors
from openvillage.analytics.models import Bulletin
from openvillage.core import extensions
from openvillage.core.audit import audit_log
from openvillage.core.bulletin import Bulletin as Document
from openvillage.core.bulletin import Section, Table, render_bulletin
from openvillage.core.errors import InvalidInput
from openvillage.core.permissions import BULLETIN as BULLETIN_DOMAIN
from openvillage.core.permissions import require_write
from openvillage.core.text import gettext_noop
from openvillage.core.transitions import TransitionTable
from openvillage.core.writes import locked, transition
from openvillage.org.models import Level, Unit

S = Bulletin.State
TABLE = TransitionTable(
    entity="analytics.bulletin",
    states=tuple(S.values),
    moves={
        (S.DRAFT, "review"): S.REVIEWED,
        (S.REVIEWED, "reopen"): S.DRAFT,
        (S.REVIEWED, "publish"): S.PUBLISHED,
    },
    refusals={
        "review": gettext_noop("Only a draft bulletin can be reviewed; this one is %(state)s."),
        "reopen": gettext_noop(
            "Only a reviewed bulletin goes back to draft; this one is %(state)s."
        ),
        "publish": gettext_noop(
            "Only a reviewed bulletin can be published; this one is %(state)s."
        ),
    },
)
#: How many of the last ranked units a bulletin names.
BOTTOM = 3


def period_of(kind: str, day: date) -> tuple[date, date]:
    """The month, or the quarter, that ``day`` falls in."""
    if kind == Bulletin.Kind.QUARTERLY:
        start = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
        end = (start.replace(day=28) + timedelta(days=70)).replace(day=1) - timedelta(days=1)
        return start, end
    start = day.replace(day=1)
    return start, (start.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def _previous(kind: str, start: date) -> tuple[date, date]:
    return period_of(kind, start - timedelta(days=1))


def compose(unit: Unit, kind: str, start: date, end: date) -> dict[str, Any]:
    """The bulletin's content in Chinese, from the pre-aggregated figures."""
    last = min(end, selectors.last_filled_day() or end)
    p_start, p_end = _previous(kind, start)
    with translation.override("zh-hans"):
        name = Bulletin.Kind(kind).label
        title = _("Bulletin of %(unit)s: %(kind)s, %(start)s to %(end)s") % {
            "unit": unit.name, "kind": name, "start": f"{start:%Y-%m-%d}", "end": f"{end:%Y-%m-%d}",
        }  # fmt: skip
        now = selectors.period_figures([unit], start, last)[unit.pk]
        before = selectors.period_figures([unit], p_start, p_end)[unit.pk]
        overview = [
            [str(spec.label), now.get(spec.name, 0), before.get(spec.name, 0),
             now.get(spec.name, 0) - before.get(spec.name, 0)]
            for spec in extensions.analytics_stats
        ]  # fmt: skip
        sections = [
            {
                "heading": _("1. The figures of the period"),
                "paragraphs": [
                    _("Figures as of %(day)s, against the period before.")
                    % {"day": f"{last:%Y-%m-%d}"}
                ],
                "tables": [
                    {"header": [_("Figure"), _("This period"), _("Period before"), _("Change")],
                     "rows": overview, "widths": [4, 2, 2, 2]}
                ],
            }
        ]  # fmt: skip
        for number, level in enumerate(scoring.level_below(unit)[:1], start=2):
            sections.append(_ranking_section(unit, level, number, (start, last), (p_start, p_end)))
        return {"title": title, "period": f"{start:%Y-%m-%d} — {end:%Y-%m-%d}",
                "issuer": unit.name, "sections": sections}  # fmt: skip


def _ranking_section(unit: Unit, level: str, number: int, period, before) -> dict[str, Any]:
    """The ranking of the units one level below, the last places named, and what moved."""
    rows, _dates, scores = scoring.ranked_period(unit, level, period, before)
    ranked = [(u, r) for u, r in rows if r.rank is not None]
    bottom = ranked[-BOTTOM:] if len(ranked) > BOTTOM else []
    labels = {i.code: _(i.label) for i in scores.indicators}
    weights = "；".join(f"{labels[w.indicator]} {w.weight}" for w in scores.ranking.weights)
    moves = "；".join(
        f"{u.name} {'↑' if r.movement > 0 else '↓'}{abs(r.movement)}"
        for u, r in ranked
        if r.movement
    )
    formula = _(
        "Score: the weighted average of the rates in per mille, floored. Weights: %(weights)s. "
        "A unit is ranked with at least %(min)s figures behind its rates; equal scores share "
        "a rank."
    ) % {"weights": weights, "min": scores.ranking.min_count}
    if bottom:
        last = _("Last places: %(names)s.") % {"names": "、".join(u.name for u, _r in bottom)}
    else:
        last = _("No unit is named in last place this period.")
    if moves:
        moved = _("Moved since the period before: %(moves)s.") % {"moves": moves}
    else:
        moved = _("No unit moved since the period before.")
    table = [
        [
            r.rank or "—",
            u.name,
            r.value if r.rank else _("Not ranked: too few figures"),
            "—" if r.movement is None else f"{r.movement:+d}",
        ]
        for u, r in rows
    ]
    heading = _("%(n)s. Ranking of the %(level)s units") % {
        "n": number,
        "level": Level(level).label,
    }
    header = [_("Rank"), _("Unit"), _("Score (per mille)"), _("Movement")]
    return {
        "heading": heading,
        "paragraphs": [formula, last, moved],
        "tables": [{"header": header, "rows": table, "widths": [1, 4, 2, 2]}],
    }


def generate(*, actor: Any, unit: Unit, kind: str, day: date) -> Bulletin:
    """Generate the bulletin of ``unit`` for the period of ``day``, or generate a draft again."""
    if unit.level == Level.VILLAGE:
        raise InvalidInput(
            gettext_noop("Bulletins are issued by a county or a town."), field="unit"
        )
    if kind not in Bulletin.Kind.values:
        raise InvalidInput(gettext_noop("Unknown kind of bulletin."), field="kind")
    require_write(actor, unit.path, BULLETIN_DOMAIN)
    start, end = period_of(kind, day)
    content = compose(unit, kind, start, end)
    with transaction.atomic():
        existing = Bulletin.objects.filter(unit=unit, kind=kind, period_start=start).first()
        if existing is not None:
            bulletin = locked(existing)
            if bulletin.state != S.DRAFT:
                raise InvalidInput(
                    gettext_noop("This bulletin is already reviewed; send it back to draft first."),
                    field="kind",
                )
            bulletin.content, bulletin.generated_by = content, actor
            bulletin.generated_at = timezone.now()
            bulletin.save(update_fields=["content", "generated_by", "generated_at"])
            verb = "regenerate"
        else:
            bulletin = Bulletin.objects.create(
                unit=unit, kind=kind, period_start=start, period_end=end, state=S.DRAFT,
                content=content, generated_by=actor, generated_at=timezone.now(),
            )  # fmt: skip
            verb = "generate"
        audit_log(
            actor=actor, action=f"analytics.bulletin.{verb}", obj=bulletin, unit_path=unit.path
        )
    return bulletin


def act(*, actor: Any, bulletin: Bulletin, action: str) -> Bulletin:
    """Review, send back or publish; the reviewer is never who generated it (four eyes)."""
    require_write(actor, bulletin.unit.path, BULLETIN_DOMAIN)
    with transaction.atomic():
        bulletin = locked(bulletin)
        changes: dict[str, Any] = {}
        if action == "review":
            if bulletin.generated_by_id == actor.pk:
                raise InvalidInput(
                    gettext_noop("A bulletin is reviewed by someone other than who generated it.")
                )
            changes = {"reviewed_by": actor, "reviewed_at": timezone.now()}
        elif action == "publish":
            changes = {"published_at": timezone.now()}
        return transition(
            bulletin, action, actor=actor, table=TABLE, changes=changes,
            unit_path=bulletin.unit.path, audited=(),
        )  # fmt: skip


def visible(user: Any, unit: Unit):
    """A unit's bulletins: drafts to those who may write them, the published to every reader."""
    from openvillage.core.permissions import can_write

    qs = Bulletin.objects.filter(unit=unit)
    if not can_write(user, unit.path, BULLETIN_DOMAIN):
        qs = qs.filter(state=S.PUBLISHED)
    return qs


def pdf(bulletin: Bulletin) -> bytes:
    c = bulletin.content
    return render_bulletin(
        Document(
            title=c["title"],
            period=c["period"],
            issuer=c.get("issuer", ""),
            issued_on=bulletin.published_at.date() if bulletin.published_at else None,
            sections=[
                Section(
                    s["heading"],
                    paragraphs=s.get("paragraphs", ()),
                    tables=[
                        Table(t["header"], t["rows"], t.get("widths")) for t in s.get("tables", ())
                    ],
                )
                for s in c.get("sections", ())
            ],
        )
    )
