"""Cells of the spreadsheets the product writes, safe to open in Excel or WPS (OWASP CSV injection).

A text that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is what a
spreadsheet takes for a formula: a villager named ``=HYPERLINK("http://evil.example/","x")``
would become a live link in the clerk's Excel. Such a text is written as a string cell with
Excel's quote prefix (the apostrophe a person types to keep text as text), so that it opens as
the characters it is and re-imports unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def cell(sheet: Any, value: Any) -> Any:
    """A write-only cell of ``sheet`` holding ``value``, as text when it looks like a formula."""
    from openpyxl.cell import WriteOnlyCell

    written = WriteOnlyCell(sheet, value=value)
    if looks_like_formula(value):
        written.data_type = "s"
        written.quotePrefix = True
    return written


def row(sheet: Any, values: Iterable[Any]) -> list[Any]:
    """The cells of one row for ``sheet.append``: plain values as safe cells."""
    return [cell(sheet, value) for value in values]


def csv_safe(value: Any) -> Any:
    """A CSV field that a spreadsheet will not run: a leading apostrophe before a formula start."""
    return "'" + value if looks_like_formula(value) else value
