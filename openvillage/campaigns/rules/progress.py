"""Progress measures, the score and red-card rule (a) of a campaign (campaigns.md §7), pure.

Rates are integer basis points with floor division: ``completion = 10000*closed // registered``,
``recovery = 10000*recovered // arrears_registered``; nothing registered -> None (shown "—").
The score is the weighted sum of the rates, weights per region (integers summing to 100), so
``score = Σ weight * rate_bp // 100`` stays an integer that anyone can recompute by hand.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

BP = 10000
PASSING_SANITATION = 80  # platform default: a check passes at 80 points or more ("以上")


def rate_bp(part: int, whole: int) -> int | None:
    """``part/whole`` in basis points rounded down; None when ``whole`` is zero."""
    if part < 0 or whole < 0:
        raise ValueError("a rate is of two amounts, never negative")
    if whole == 0:
        return None
    return BP * part // whole


@dataclass(frozen=True)
class Counts:
    """What one village (or town) did in one campaign, from transitions and registers."""

    registered: int = 0
    verified: int = 0
    in_progress: int = 0
    closed: int = 0
    arrears_registered_fen: int = 0
    recovered_fen: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.registered + other.registered,
            self.verified + other.verified,
            self.in_progress + other.in_progress,
            self.closed + other.closed,
            self.arrears_registered_fen + other.arrears_registered_fen,
            self.recovered_fen + other.recovered_fen,
        )

    @property
    def completion_bp(self) -> int | None:
        return rate_bp(self.closed, self.registered)

    @property
    def recovery_bp(self) -> int | None:
        return rate_bp(self.recovered_fen, self.arrears_registered_fen)


def score_bp(
    counts: Counts, weights: Mapping[str, int], spot_check_bp: int | None = None
) -> int | None:
    """The weighted score in basis points; None when nothing is registered.

    A measure that is undefined (no arrears, no spot check) gives its weight to completion, so a
    village without arrears is not ranked down for having none.
    """
    completion = counts.completion_bp
    if completion is None:
        return None
    parts = {
        "completion": completion,
        "recovery": counts.recovery_bp,
        "spot_check": spot_check_bp,
    }
    total_weight = sum(weights.values())
    if total_weight <= 0:
        raise ValueError("the weights must add up to more than zero")
    carried = sum(w for name, w in weights.items() if parts.get(name) is None)
    value = sum(
        w * (parts[name] or 0) for name, w in weights.items() if parts.get(name) is not None
    )
    value += carried * completion
    return value // total_weight


def red_card_by_ranking(
    last: Mapping[str, int | None], before: Mapping[str, int | None], percent: int = 5
) -> list[str]:
    """Rule (a): units in the bottom ``percent`` % (at least one place) of two consecutive
    monthly rankings; unranked units are never carded by this rule."""

    def cut(ranks: Mapping[str, int | None]) -> int:
        size = sum(1 for r in ranks.values() if r is not None)
        return size - max(1, size * percent // 100)

    cut_now, cut_then = cut(last), cut(before)
    found = []
    for unit, place in last.items():
        earlier = before.get(unit)
        if place is not None and earlier is not None and place > cut_now and earlier > cut_then:
            found.append(unit)
    return sorted(found)
