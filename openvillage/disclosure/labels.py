"""Names of the parts of a disclosure item as the form labels them, for messages that point at
one ("正文含有未脱敏的身份证号", "名单第 1 行的电话").

The services name a place by its path (``body``, ``people[0].phone``,
``statement.lines[2].name``, ``attachment 公示.pdf``); :class:`FieldLabel` renders that path in
the language active when the message is shown. An unknown path shows as itself.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

FIELDS = {
    "title": _("Title"),
    "body": _("Text"),
    "people": _("List of people"),
    "statement": _("Finance statement lines"),
    "income_total": _("Income total (yuan)"),
    "expenditure_total": _("Expenditure total (yuan)"),
    "opening_balance": _("Opening balance (yuan)"),
    "closing_balance": _("Closing balance (yuan)"),
}

#: Columns of a row of the list of people or of the statement.
COLUMNS = {
    "name": _("name"),
    "group": _("group"),
    "phone": _("phone"),
    "bank_account": _("bank account"),
    "id_number": _("ID number"),
    "amount_fen": _("amount"),
    "note": _("note"),
    "kind": _("income or expenditure"),
    "account": _("account"),
}

_ROW = re.compile(r"^(people|statement\.lines)\[(\d+)\](?:\.(\w+))?$")
_LISTS = {"people": "people", "statement.lines": "statement"}


def field_label(path: str) -> str:
    """The label of ``path`` in the active language (the path itself when unknown)."""
    if path in FIELDS:
        return str(FIELDS[path])
    if path.startswith("attachment "):
        return gettext("Attachment %(name)s") % {"name": path.removeprefix("attachment ")}
    row = _ROW.match(path)
    if row is None:
        return path
    table, index, column = row.groups()
    where = gettext("%(list)s, line %(n)s") % {
        "list": FIELDS[_LISTS[table]],
        "n": int(index) + 1,
    }
    if column is None:
        return where
    return gettext("%(where)s: %(column)s") % {
        "where": where,
        "column": COLUMNS.get(column, column),
    }


class FieldLabel:
    """A message parameter that shows the label of a field path in the active language."""

    def __init__(self, path: str) -> None:
        self.path = path

    def __str__(self) -> str:
        return field_label(self.path)

    def __repr__(self) -> str:
        return f"FieldLabel({self.path!r})"


class FileSize:
    """A message parameter that shows a number of bytes as KB or MB (integer arithmetic)."""

    def __init__(self, size: int) -> None:
        self.size = size

    def __str__(self) -> str:
        mib = 1024 * 1024
        if self.size >= mib:
            tenths = self.size * 10 // mib
            whole, tenth = divmod(tenths, 10)
            return f"{whole} MB" if tenth == 0 else f"{whole}.{tenth} MB"
        return f"{(self.size + 1023) // 1024} KB"

    def __repr__(self) -> str:
        return f"FileSize({self.size})"


QUARTERS = {
    1: _("first quarter"),
    2: _("second quarter"),
    3: _("third quarter"),
    4: _("fourth quarter"),
}
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")


def period_words(label: str) -> str:
    """A period label of the schedule in words: ``2026-Q3`` -> "2026年第三季度", ``2026-01`` ->
    "2026年1月", ``2025`` -> "2025年度"; an event's label is shown as it is."""
    from datetime import date

    from django.utils.formats import date_format
    from django.utils.translation import pgettext

    if match := _MONTH.match(label):
        return date_format(date(int(match[1]), int(match[2]), 1), "YEAR_MONTH_FORMAT")
    if match := _QUARTER.match(label):
        quarter = QUARTERS[int(match[2])]
        return gettext("%(quarter)s of %(year)s") % {"quarter": quarter, "year": match[1]}
    if match := _YEAR.match(label):
        return pgettext("period", "%(year)s") % {"year": match[1]}
    return label


#: How often a matter is published (``rules.catalogue.Cadence``).
CADENCES = {
    "monthly": _("monthly"),
    "quarterly": _("quarterly"),
    "yearly": _("yearly"),
    "immediate": _("as soon as it happens"),
    "after_approval": _("after approval"),
    "by_stage": _("at each stage"),
    "on_change": _("when it changes"),
    "per_case": _("for each case"),
}


def cadence_words(codes) -> str:
    """The cadences of a matter as labels joined in the active language."""
    return gettext(", ").join(str(CADENCES.get(code, code)) for code in codes or ())


def localized(name) -> str:
    """The ``zh`` or ``en`` text of a catalogue name (a LocalizedName or a ``{zh, en}`` dict)."""
    from django.utils.translation import get_language

    english = (get_language() or "").startswith("en")
    if isinstance(name, dict):
        return name.get("en" if english else "zh", "")
    return name.en if english else name.zh
