"""The sanitation check's score (campaigns.md §3 and §7, platform default).

A check gives each item of the checklist 0 to 10 points; its score is the points earned as a
share of the points possible, out of 100, rounded down (integer arithmetic only, so that anyone
recomputes the same score); a check passes at 80 or more ("以上" includes the number itself,
Civil Code Art. 1259).
"""

from __future__ import annotations

from collections.abc import Mapping

#: The platform default checklist, in the order of the register's columns.
CHECKLIST: tuple[str, ...] = (
    "refuse",
    "public_spaces",
    "sewage",
    "toilets",
    "clutter",
    "livestock",
    "waterways",
)
MAX_POINTS = 10
PASS_SCORE = 80


def score(points: Mapping[str, int], checklist: tuple[str, ...] = CHECKLIST) -> int:
    """The score out of 100 of a check: ``100 * earned // possible``; ValueError on a missing
    item or points outside 0 to MAX_POINTS."""
    earned = 0
    for item in checklist:
        value = points.get(item)
        if value is None or isinstance(value, bool) or not 0 <= value <= MAX_POINTS:
            raise ValueError(f"points of {item} must be 0 to {MAX_POINTS}")
        earned += value
    if not checklist:
        return 0
    return 100 * earned // (MAX_POINTS * len(checklist))


def passed(value: int, pass_score: int = PASS_SCORE) -> bool:
    """Whether a score passes: ``pass_score`` or more (Art. 1259: 以上 includes the number)."""
    return value >= pass_score
