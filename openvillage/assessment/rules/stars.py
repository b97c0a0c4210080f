"""Star schemes: a score from facts, the stars of its band and a rank (supervision.md §5), pure.

- An item gives ``points * count``, bounded by its ``cap`` when given: a negative cap bounds
  deductions (the item never takes more than ``-cap``), a positive cap bounds bonuses.
- The score is ``base`` plus the items, clamped to ``[min, max]``.
- The stars are those of the first band, in the order listed, whose ``min`` the score reaches and
  whose required items each have a count of at least 1 ("first match wins").
- Ranks are by score, highest first; equal scores share a rank and the next rank skips
  (1, 2, 2, 4), T1.
All numbers are integers (T1).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


class SchemeError(ValueError):
    """The scheme or the facts are not well formed; the message says where."""


@dataclass(frozen=True)
class Item:
    code: str
    points: int
    cap: int | None = None

    def value(self, count: int) -> int:
        """What ``count`` facts of this item give, bounded by its cap."""
        raw = self.points * count
        if self.cap is None:
            return raw
        return max(raw, self.cap) if self.cap < 0 else min(raw, self.cap)


@dataclass(frozen=True)
class Band:
    stars: int
    min: int
    requires: tuple[str, ...] = ()


@dataclass(frozen=True)
class Scheme:
    base: int
    min: int
    max: int
    items: tuple[Item, ...]
    bands: tuple[Band, ...]

    def check(self) -> None:
        """Raise :class:`SchemeError` unless every score has a band and the numbers agree."""
        if self.min > self.max:
            raise SchemeError(f"scheme: min {self.min} is above max {self.max}")
        if not self.min <= self.base <= self.max:
            raise SchemeError(f"scheme: base {self.base} is outside [{self.min}, {self.max}]")
        codes = [item.code for item in self.items]
        duplicates = sorted({code for code in codes if codes.count(code) > 1})
        if duplicates:
            raise SchemeError(f"scheme: item {duplicates[0]!r} is listed twice")
        for item in self.items:
            if item.cap is None:
                continue
            if item.cap == 0 or item.cap * item.points < 0:
                raise SchemeError(
                    f"scheme: item {item.code!r} has a cap of {item.cap}, "
                    f"which must be non-zero and of the sign of its points ({item.points})"
                )
        for band in self.bands:
            unknown = [code for code in band.requires if code not in codes]
            if unknown:
                raise SchemeError(
                    f"scheme: the band of {band.stars} stars requires {unknown[0]!r}, "
                    "which is not an item"
                )
        if not any(not band.requires and band.min <= self.min for band in self.bands):
            raise SchemeError(
                "scheme: some scores have no band; a band without requirements must start "
                f"at or below the scheme's min ({self.min})"
            )


@dataclass(frozen=True)
class Rated:
    id: str | int
    score: int
    stars: int
    rank: int
    items: dict[str, int]


def score(scheme: Scheme, facts: Mapping[str, int]) -> tuple[int, dict[str, int]]:
    """Return the clamped score and every item's points for one subject's fact counts."""
    items = {item.code: item.value(facts.get(item.code, 0)) for item in scheme.items}
    total = scheme.base + sum(items.values())
    return min(max(total, scheme.min), scheme.max), items


def stars_for(scheme: Scheme, points: int, facts: Mapping[str, int]) -> int:
    """The stars of the first band the score reaches whose required items each occurred."""
    for band in scheme.bands:
        if points >= band.min and all(facts.get(code, 0) >= 1 for code in band.requires):
            return band.stars
    raise SchemeError("scheme: no band matches")  # unreachable once Scheme.check() has passed


def competition_ranks(scores: Sequence[int]) -> list[int]:
    """Rank scores highest first; equal scores share a rank and the next rank skips (1, 2, 2, 4)."""
    # One sort, not a comparison of every pair: a county's 20,000 members rank in milliseconds.
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    ranks = [0] * len(scores)
    for position, index in enumerate(order):
        if position and scores[order[position - 1]] == scores[index]:
            ranks[index] = ranks[order[position - 1]]
        else:
            ranks[index] = position + 1
    return ranks


def rate(scheme: Scheme, subjects: Sequence[tuple[str | int, Mapping[str, int]]]) -> list[Rated]:
    """Score, band and rank every subject of a scheme; subjects keep their input order."""
    scheme.check()
    scored = [(sid, facts, *score(scheme, facts)) for sid, facts in subjects]
    ranks = competition_ranks([points for _, _, points, _ in scored])
    return [
        Rated(id=sid, score=points, stars=stars_for(scheme, points, facts), rank=rank, items=items)
        for (sid, facts, points, items), rank in zip(scored, ranks, strict=True)
    ]
