"""Traffic lights and rankings of the county's view, as rule-set data (YAML), pure.

All arithmetic is on integers: a rate is compared as ``100 * part >= threshold * whole`` (never a
float), a rate in per mille is ``1000 * part // whole`` (floored), and a score is the weighted sum
of the indicators' rates in per mille divided by the sum of the weights (floored), so a score runs
from 0 to 1000 and two units with the same figures always get the same score.

- A light is green when the rate reaches ``green`` percent ("达到", the threshold itself included),
  amber when it reaches ``amber``, red below; where lower is better (``lower_is_better``) the
  comparison turns round: green at or below ``green``, amber at or below ``amber``. No whole (a
  denominator of 0) gives no light: nothing is judged on nothing.
- A unit is ranked only when the wholes of the ranking's indicators (each stat once) add up to at
  least ``min_count``; the others are listed as not ranked, with the reason.
- Equal scores share a rank and the next rank skips as many places (competition ranking, "1, 1,
  3"), and the movement is last month's rank minus this month's: :mod:`openvillage.core.ranking`,
  the one league table of every capability.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Literal

from pydantic import Field

from openvillage.core import ranking
from openvillage.core.schemas import ConfigInvalid, Fault, Kind, Schema, check, load_yaml
from openvillage.core.text import gettext_noop

LIGHTS_PATH = Path(__file__).resolve().parent.parent / "scores.yaml"

GREEN: Literal["green"] = "green"
AMBER: Literal["amber"] = "amber"
RED: Literal["red"] = "red"
Colour = Literal["green", "amber", "red"]


class Indicator(Schema):
    """A rate between two registered stats over the period (``part`` out of ``whole``)."""

    code: str = Field(pattern=r"^[a-z_]{1,40}$")
    label: str
    part: str
    whole: str
    green: int = Field(ge=0, le=100)
    amber: int = Field(ge=0, le=100)
    lower_is_better: bool = False


class Weight(Schema):
    indicator: str
    weight: int = Field(ge=1, le=100)


class Ranking(Schema):
    min_count: int = Field(ge=0)
    weights: list[Weight] = Field(min_length=1)


class Scores(Schema):
    region: str
    version: str
    indicators: list[Indicator] = Field(min_length=1)
    ranking: Ranking


def scores_from_text(text: str, file: str = "scores.yaml") -> Scores:
    """Read the lights and the ranking (``scores.yaml``); every fault reported at once."""
    scores: Scores = check(Scores, load_yaml(text, file=file), file=file)
    codes = {i.code for i in scores.indicators}
    faults = [
        Fault(
            gettext_noop("The ranking weighs %(code)s, which is not an indicator."),
            {"code": w.indicator},
            path=f"ranking.weights[{n}].indicator",
        )
        for n, w in enumerate(scores.ranking.weights)
        if w.indicator not in codes
    ]
    faults += [
        Fault(
            gettext_noop("The amber threshold of %(code)s is on the wrong side of the green one."),
            {"code": i.code},
            path=f"indicators[{n}].amber",
        )
        for n, i in enumerate(scores.indicators)
        if (i.amber > i.green) != i.lower_is_better and i.amber != i.green
    ]
    if faults:
        raise ConfigInvalid(file, faults)
    return scores


SCORES: Kind[Scores] = Kind(
    code="analytics.scores",
    label=gettext_noop("Dashboard lights and rankings"),
    parse=scores_from_text,
    identity=lambda s: (s.region, s.version),
    default_path=LIGHTS_PATH,
)


def light(indicator: Indicator, part: int, whole: int) -> Colour | None:
    """The colour of ``part`` out of ``whole`` (None when ``whole`` is 0)."""
    if whole <= 0:
        return None
    if indicator.lower_is_better:
        if 100 * part <= indicator.green * whole:
            return GREEN
        return AMBER if 100 * part <= indicator.amber * whole else RED
    if 100 * part >= indicator.green * whole:
        return GREEN
    return AMBER if 100 * part >= indicator.amber * whole else RED


def per_mille(part: int, whole: int) -> int | None:
    return None if whole <= 0 else 1000 * part // whole


def score(scores: Scores, figures: Mapping[str, int]) -> tuple[int | None, int]:
    """A unit's score in per mille (None when not ranked) and its count (the wholes' sum, each
    stat counted once).

    ``figures`` maps stat names to the unit's values over the period. An indicator lower-is-better
    counts ``1000 - rate``. An indicator with no whole counts as 0 in the score (and in the count).
    """
    by_code = {i.code: i for i in scores.indicators}
    total = weights = 0
    wholes: set[str] = set()
    for w in scores.ranking.weights:
        indicator = by_code[w.indicator]
        whole = figures.get(indicator.whole, 0)
        rate = per_mille(figures.get(indicator.part, 0), whole)
        wholes.add(indicator.whole)
        weights += w.weight
        if rate is not None:
            total += w.weight * (1000 - rate if indicator.lower_is_better else rate)
    count = sum(max(figures.get(name, 0), 0) for name in sorted(wholes))
    if count < scores.ranking.min_count or weights == 0:
        return None, count
    return total // weights, count


def rank_units(
    scores: Scores,
    now: Mapping[str, Mapping[str, int]],
    before: Mapping[str, Mapping[str, int]],
) -> ranking.Ranking[str]:
    """Rank the units of ``now`` (key -> stat -> value) with the one league table of the
    platform (:mod:`openvillage.core.ranking`: competition ranks, not-ranked units after the
    ranked ones) and compare with the ranks ``before`` gives."""

    def table(
        figures: Mapping[str, Mapping[str, int]], previous: Mapping[str, int | None]
    ) -> ranking.Ranking[str]:
        return ranking.rank(
            {k: ranking.Score(*score(scores, f)) for k, f in figures.items()},
            formula=formula(scores),
            minimum_count=scores.ranking.min_count,
            previous=previous,
        )

    return table(now, table(before, {}).ranks())


def formula(scores: Scores) -> str:
    """The formula as text, for the record (the page prints it in the reader's language)."""
    terms = " + ".join(f"{w.weight}*{w.indicator}" for w in scores.ranking.weights)
    total = sum(w.weight for w in scores.ranking.weights)
    return f"({terms}) // {total}, per mille; min_count {scores.ranking.min_count}"


def stats_needed(scores: Scores) -> Sequence[str]:
    """Every stat the lights and the ranking read, in a stable order."""
    names: list[str] = []
    for i in scores.indicators:
        for name in (i.part, i.whole):
            if name not in names:
                names.append(name)
    return names
