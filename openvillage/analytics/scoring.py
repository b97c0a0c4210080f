"""Lights and rankings read from the pre-aggregated counts with the current rule set."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

from openvillage.analytics import selectors
from openvillage.analytics.rules import scores as rules
from openvillage.core import rulesets
from openvillage.org.models import Level, Unit


@dataclass(frozen=True)
class Light:
    label: str
    colour: str | None
    colour_label: str
    part: int
    whole: int
    percent: int | None  # floored, for display only (the colour is decided on integers)
    rule: str
    part_stat: str = ""  # the stats behind the part and the whole (their lists are linked)
    whole_stat: str = ""


def current() -> rules.Scores:
    return rulesets.current_parsed(rules.SCORES)


def colour_label(colour: str | None) -> str:
    return {
        rules.GREEN: _("Green"),
        rules.AMBER: _("Amber"),
        rules.RED: _("Red"),
    }.get(colour or "", _("No light: nothing to judge"))


def rule_text(indicator: rules.Indicator) -> str:
    if indicator.lower_is_better:
        return _("Green at or below %(green)s %%, amber at or below %(amber)s %%, red above.") % {
            "green": indicator.green,
            "amber": indicator.amber,
        }
    return _("Green from %(green)s %%, amber from %(amber)s %%, red below.") % {
        "green": indicator.green,
        "amber": indicator.amber,
    }


def lights(unit: Unit, start: date, end: date) -> list[Light]:
    scores = current()
    figures = selectors.period_figures([unit], start, end, rules.stats_needed(scores))[unit.pk]
    out = []
    for indicator in scores.indicators:
        part, whole = figures.get(indicator.part, 0), figures.get(indicator.whole, 0)
        colour = rules.light(indicator, part, whole)
        out.append(
            Light(
                label=_(indicator.label),
                colour=colour,
                colour_label=colour_label(colour),
                part=part,
                whole=whole,
                percent=None if whole <= 0 else 100 * part // whole,
                rule=rule_text(indicator),
                part_stat=indicator.part,
                whole_stat=indicator.whole,
            )
        )
    return out


def month_bounds(month: date, last_filled: date) -> tuple[date, date]:
    """The first day of ``month`` and its last day, or the last filled day if earlier."""
    following = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    return month.replace(day=1), min(following - timedelta(days=1), last_filled)


def previous_month(month: date) -> date:
    return (month.replace(day=1) - timedelta(days=1)).replace(day=1)


def ranked_units(unit: Unit, level: str, month: date, last_filled: date):
    """The units of ``level`` under ``unit`` ranked for ``month``, with the movement since the
    month before: four queries whatever the number of units."""
    return ranked_period(
        unit,
        level,
        month_bounds(month, last_filled),
        month_bounds(previous_month(month), last_filled),
    )


def ranked_period(
    unit: Unit, level: str, period: tuple[date, date], before_period: tuple[date, date]
):
    """The units of ``level`` under ``unit`` ranked over ``period``, moved since the other."""
    scores = current()
    found = list(Unit.objects.filter(path__startswith=unit.path, level=level))
    units = {u.code: u for u in found}
    code_of = {u.pk: u.code for u in found}
    needed = rules.stats_needed(scores)
    start, end = period
    p_start, p_end = before_period
    now = selectors.period_figures(found, start, end, needed)
    before = selectors.period_figures(found, p_start, p_end, needed)
    rows = rules.rank_units(
        scores,
        {code_of[pk]: figures for pk, figures in now.items()},
        {code_of[pk]: figures for pk, figures in before.items()},
    )
    return [(units[r.unit], r) for r in rows.rows], (start, end), scores


def level_below(unit: Unit) -> list[str]:
    return {
        Level.PROVINCE: [Level.COUNTY, Level.TOWN],
        Level.COUNTY: [Level.TOWN, Level.VILLAGE],
        Level.TOWN: [Level.VILLAGE],
    }.get(unit.level, [])
