"""Satisfaction surveys (supervision.md §4), in integers only.

``satisfied`` counts "satisfied" and "basically satisfied"; a rate below p % is
``100 * satisfied < p * respondents`` (no division, no float: 85 of 100 is not below 85 %).
Below 85 % costs a cadre points in one assessment table; below 60 % identifies a weak and
scattered organization in one prefecture (W6).
"""

from __future__ import annotations

from dataclasses import dataclass

LOW = 85  # percent
VERY_LOW = 60  # percent (W6)


@dataclass(frozen=True)
class Tally:
    satisfied: int
    basically: int
    dissatisfied: int

    def __post_init__(self) -> None:
        if min(self.satisfied, self.basically, self.dissatisfied) < 0:
            raise ValueError("answers are counted, never negative")

    @property
    def respondents(self) -> int:
        return self.satisfied + self.basically + self.dissatisfied

    @property
    def content(self) -> int:
        """Satisfied plus basically satisfied."""
        return self.satisfied + self.basically


def below(tally: Tally, percent: int) -> bool:
    """Whether the satisfaction rate is below ``percent`` (False when nobody answered)."""
    return tally.respondents > 0 and 100 * tally.content < percent * tally.respondents


def rate_per_mille(tally: Tally) -> int | None:
    """The rate in tenths of a percent, rounded half up in integers (for display only)."""
    if tally.respondents == 0:
        return None
    return (2000 * tally.content + tally.respondents) // (2 * tally.respondents)
