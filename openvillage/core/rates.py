"""Rates shown to people: one way to turn a count over a total into a percentage (pure).

Integer arithmetic only, rounded half up at the last digit shown: 2 of 3 is "66.7", never the
"66" that floor division gives nor a float's 66.66666. A rate over nothing is None (shown as a
dash), not 0 or 100: nothing was due, so nothing was late.
"""

from __future__ import annotations


def percent_tenths(part: int, whole: int) -> int | None:
    """Return ``part / whole`` in tenths of a percent, rounded half up; None when ``whole`` is 0."""
    if whole <= 0:
        return None
    if part < 0:
        raise ValueError("a count cannot be negative")
    quotient, remainder = divmod(part * 1000, whole)
    return quotient + (1 if 2 * remainder >= whole else 0)


def percent_text(part: int, whole: int) -> str | None:
    """Return ``part / whole`` as "66.7" (one decimal, half up); None when ``whole`` is 0."""
    tenths = percent_tenths(part, whole)
    if tenths is None:
        return None
    whole_percent, tenth = divmod(tenths, 10)
    return f"{whole_percent}.{tenth}"
