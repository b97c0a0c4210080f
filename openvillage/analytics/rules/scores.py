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
- Equal scores share a rank and the next rank skips as many places (standard competition ranking,
  "1, 1, 3"), so a rank is always one more than the number of units strictly ahead.
- The movement is last month's rank minus this month's (positive: up), none for a unit not ranked in
  either month.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import Field

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


@dataclass(frozen=True)
class Ranked:
    key: str
    score: int | None
    count: int
    rank: int | None
    previous: int | None

    @property
    def movement(self) -> int | None:
        if self.rank is None or self.previous is None:
            return None
        return self.previous - self.rank


def ranks(scored: Mapping[str, int | None]) -> dict[str, int]:
    """Competition ranks of the scored keys (equal scores share a rank; None is not ranked)."""
    values = sorted((s for s in scored.values() if s is not None), reverse=True)
    first: dict[int, int] = {}
    for place, value in enumerate(values, start=1):
        first.setdefault(value, place)
    return {k: first[s] for k, s in scored.items() if s is not None}


def rank_units(
    scores: Scores,
    now: Mapping[str, Mapping[str, int]],
    before: Mapping[str, Mapping[str, int]],
) -> list[Ranked]:
    """Rank the units of ``now`` (key -> stat -> value) and compare with ``before``; ranked units
    first by rank then key, the not-ranked after them by key."""
    current = {k: score(scores, figures) for k, figures in now.items()}
    previous = ranks({k: score(scores, figures)[0] for k, figures in before.items()})
    placed = ranks({k: s for k, (s, _) in current.items()})
    rows = [
        Ranked(key=k, score=s, count=c, rank=placed.get(k), previous=previous.get(k))
        for k, (s, c) in current.items()
    ]
    return sorted(rows, key=lambda r: (r.rank is None, r.rank or 0, r.key))


def stats_needed(scores: Scores) -> Sequence[str]:
    """Every stat the lights and the ranking read, in a stable order."""
    names: list[str] = []
    for i in scores.indicators:
        for name in (i.part, i.whole):
            if name not in names:
                names.append(name)
    return names
