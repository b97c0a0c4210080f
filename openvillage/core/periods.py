"""Periods in years and months, as the Civil Code counts them (pure; no Django import).

- Art. 201: a period counted in years, months or days does not count its first day; it starts the
  next day.
- Art. 202: a period in years or months ends on the day of the last month that corresponds to the
  starting day; where that month has no such day, on the last day of that month.
- Art. 1259: "以上", "以下", "以内" and "届满" include the number itself; "不满" and "超过"
  exclude it.

So a term of N months counted from ``start`` ends on :func:`add_months(start, N) <add_months>`: a
lease "from 2012-05-10 to 2032-05-10" is exactly twenty years, and six months from 2027-03-31 end on
2027-09-30. Integer arithmetic on calendar fields only; no durations in days.
"""

from __future__ import annotations

import calendar
from datetime import date


def add_months(start: date, months: int) -> date:
    """Return the day a period of ``months`` months counted from ``start`` ends (Art. 201-202)."""
    index = start.year * 12 + (start.month - 1) + months
    year, month0 = divmod(index, 12)
    last_day = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(start.day, last_day))


def add_years(start: date, years: int) -> date:
    """Return the day a period of ``years`` years counted from ``start`` ends (Art. 201-202)."""
    return add_months(start, 12 * years)


def lasts_at_least_months(start: date, end: date, months: int) -> bool:
    """Whether a term "from ``start`` to ``end``" lasts ``months`` months or more ("以上")."""
    return end >= add_months(start, months)


def lasts_more_than_months(start: date, end: date, months: int) -> bool:
    """Whether a term "from ``start`` to ``end``" lasts more than ``months`` months ("超过")."""
    return end > add_months(start, months)
