"""Escalation along the four-level responsibility chain (campaigns.md §2), pure.

"An item overdue at one level escalates to the next": an item is the village's while its last
recorded action (or its registration) is at most ``overdue_days`` old; each further full period
of ``overdue_days`` without action moves it one level up the chain, up to the district.
"超过" excludes the number itself (Civil Code Art. 1259): 30 days idle is not yet overdue,
31 days is. Days are whole calendar days between dates (today minus the day of the last action).
"""

from __future__ import annotations

from collections.abc import Sequence

#: The chain from the bottom: village party secretary, community branch, town committee, district.
LEVELS: tuple[str, ...] = ("village", "community", "town", "district")


def steps_up(idle_days: int, overdue_days: int) -> int:
    """How many levels above the village an item idle for ``idle_days`` has escalated."""
    if overdue_days <= 0:
        raise ValueError("the overdue period is a positive number of days")
    if idle_days < 0:
        raise ValueError("an item cannot be idle for a negative number of days")
    if idle_days <= overdue_days:  # "超过" excludes: not yet overdue
        return 0
    return (idle_days - 1) // overdue_days


def responsible_level(idle_days: int, overdue_days: int, levels: Sequence[str] = LEVELS) -> str:
    """The level of the chain answerable for the item now (the top level at most)."""
    if not levels:
        raise ValueError("the chain has at least one level")
    return levels[min(steps_up(idle_days, overdue_days), len(levels) - 1)]


def idle_threshold(level_index: int, overdue_days: int) -> int:
    """The idle days an item exceeds when it reaches the level at ``level_index`` (0: village)."""
    if level_index <= 0:
        return 0
    return level_index * overdue_days
