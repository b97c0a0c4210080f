"""One ranking for every league table: campaigns, supervision, assessment and the county's view.

Competition ranking ("1224"): units with the same value share a rank, and the next rank skips
as many places as shared it (10, 8, 8, 5 rank 1, 2, 2, 4). A unit whose value rests on fewer
cases than ``minimum_count`` is listed as "not ranked" instead of being ranked on too little
evidence (a village with one message answered on time is not "first" at 100 %). Movement is
the change of rank since the last period: positive means the unit moved up.

Pure on purpose (no Django import): values are integers or exact fractions
(:class:`fractions.Fraction`, built with :func:`rate`), never floats, so that 2/3 and 4/6 tie.
The formula travels with the ranking as text, so that every bulletin prints how it was ranked.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)

Value = int | Fraction


def rate(part: int, total: int) -> Fraction | None:
    """``part / total`` as an exact fraction, or None when there is nothing to divide."""
    if total < 0 or part < 0:
        raise ValueError("a rate is of two counts, never negative")
    return Fraction(part, total) if total else None


@dataclass(frozen=True)
class Score:
    """What a unit is ranked on: its ``value`` and the number of cases it rests on."""

    value: Value | None
    count: int


@dataclass(frozen=True)
class Ranked(Generic[K]):
    """One line of a league table. ``rank`` is None when the unit is not ranked."""

    unit: K
    value: Value | None
    count: int
    rank: int | None
    previous_rank: int | None
    movement: int | None  # previous_rank - rank: 2 means up two places; None: no comparison

    @property
    def ranked(self) -> bool:
        return self.rank is not None


@dataclass(frozen=True)
class Ranking(Generic[K]):
    """A league table: the ranked units best first, then the units not ranked."""

    formula: str
    minimum_count: int
    higher_is_better: bool
    rows: tuple[Ranked[K], ...]

    def rank_of(self, unit: K) -> int | None:
        for row in self.rows:
            if row.unit == unit:
                return row.rank
        raise KeyError(unit)

    def ranks(self) -> dict[K, int | None]:
        """Every unit's rank (None: not ranked): what the next period passes as ``previous``."""
        return {row.unit: row.rank for row in self.rows}


def rank(
    scores: Mapping[K, Score],
    *,
    formula: str,
    minimum_count: int = 1,
    higher_is_better: bool = True,
    previous: Mapping[K, int | None] | None = None,
) -> Ranking[K]:
    """Rank ``scores`` by competition ranking; units under ``minimum_count`` cases, or with no
    value, are not ranked. ``previous`` holds the ranks of the last period (for movement).

    Ties are listed in the order of the units' text (so the table reads the same every time).
    """
    if minimum_count < 0:
        raise ValueError("minimum_count is a number of cases, never negative")
    previous = previous or {}
    eligible = [
        (unit, score)
        for unit, score in scores.items()
        if score.value is not None and score.count >= minimum_count
    ]
    sign = -1 if higher_is_better else 1
    eligible.sort(key=lambda pair: (sign * pair[1].value, str(pair[0])))  # type: ignore[operator]
    rows: list[Ranked[K]] = []
    last_value: Value | None = None
    last_rank = 0
    for place, (unit, score) in enumerate(eligible, start=1):
        current = last_rank if rows and score.value == last_value else place
        last_value, last_rank = score.value, current
        rows.append(_row(unit, score, current, previous.get(unit)))
    chosen = {unit for unit, _score in eligible}
    unranked = sorted(
        ((u, s) for u, s in scores.items() if u not in chosen), key=lambda pair: str(pair[0])
    )
    rows.extend(_row(unit, score, None, previous.get(unit)) for unit, score in unranked)
    return Ranking(formula, minimum_count, higher_is_better, tuple(rows))


def _row(unit: K, score: Score, current: int | None, before: int | None) -> Ranked[K]:
    movement = None if current is None or before is None else before - current
    return Ranked(unit, score.value, score.count, current, before, movement)
