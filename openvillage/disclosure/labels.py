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
