"""A month's finance statement from a spreadsheet (xlsx) exported by the village's accounting
software: our template, or any layout through the column headings the clerk saves once per
village (:class:`StatementColumns`).

The file is read all or nothing: every bad row is reported with its row number, the column's
heading and the reason, and nothing is written while one is bad. The file is read with the
hostile-file-safe reader of the registry imports (zip bombs and huge rows refused, sizes from
``UPLOAD_MAX_BYTES`` and ``IMPORT_MAX_UNZIPPED_BYTES``).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from xml.parsers import expat

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from openvillage.core.audit import audit_log
from openvillage.core.errors import InvalidInput
from openvillage.core.permissions import DISCLOSURE, require_write
from openvillage.core.text import clean_text, gettext_noop
from openvillage.disclosure.audit_actions import STATEMENT_COLUMNS
from openvillage.disclosure.chart import chart
from openvillage.disclosure.labels import FileSize
from openvillage.disclosure.models import StatementColumns
from openvillage.disclosure.rules.accounts import check_account
from openvillage.disclosure.rules.statement import parse_yuan, totals
from openvillage.org.imports.service import spooled
from openvillage.org.imports.xlsx import iter_rows

#: The headings of our template, in its order (what a saved mapping replaces).
TEMPLATE_COLUMNS = {
    "kind": "收支",
    "account": "科目编码",
    "name": "科目名称",
    "amount": "金额（元）",
}
KEYS = ("kind", "account", "name", "amount")
MAX_LINES = 1000  # a month's statement; more is not a statement
HEADER_ROWS = 30  # an export's title rows above the heading row
KIND_WORDS = {
    "收入": "income",
    "支出": "expenditure",
    "income": "income",
    "expenditure": "expenditure",
}


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


class ImportRefused(InvalidInput):
    """The file has bad rows: all of them are in ``errors``; nothing was written."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(
            gettext_noop("%(count)s rows of the file have errors; nothing was imported."),
            {"count": len({e.row for e in errors})},
            field="file",
        )
        self.errors = errors


def read_line(kind: str, account: str, name: str, amount: str, *, n: int) -> dict[str, Any]:
    """Read one typed or imported line; InvalidInput names the line and the field."""
    field = f"statement.lines[{n - 1}]"
    code = account.strip()
    kind_code = KIND_WORDS.get(kind.strip().lower())
    if kind_code is None:
        found = chart().find(code) if code and not kind.strip() else None
        if found is None:
            raise InvalidInput(
                gettext_noop("Line %(n)s: choose income or expenditure."),
                {"n": n},
                field=f"{field}.kind",
            )
        kind_code = found.kind  # no kind column: the account's class says it
    if not code:
        raise InvalidInput(
            gettext_noop("Line %(n)s: the account is missing."), {"n": n}, field=f"{field}.account"
        )
    found = check_account(chart(), kind_code, code, n=n, field=f"{field}.account")
    if not amount.strip():
        raise InvalidInput(
            gettext_noop("Line %(n)s: the amount is missing."),
            {"n": n},
            field=f"{field}.amount_fen",
        )
    return {
        "kind": kind_code,
        "account": code,
        "name": name.strip()[:100] or found.name.get("zh", ""),
        "amount_fen": parse_yuan(amount, field=f"{field}.amount_fen"),
    }


def statement_from_lines(rows: list[dict[str, Any]], opening: int | None, note: str) -> dict:
    """A statement from lines already read; totals and the closing balance computed (S2, S3)."""
    income, spent = totals(rows)
    return {
        "lines": rows,
        "income_total_fen": income,
        "expenditure_total_fen": spent,
        "opening_balance_fen": opening,
        "closing_balance_fen": None if opening is None else opening + income - spent,
        "opening_note": note.strip(),
    }


def columns_for(village: Any) -> dict[str, str]:
    """The headings the village saved, else our template's."""
    saved = StatementColumns.objects.filter(village=village).first()
    if saved is None:
        return dict(TEMPLATE_COLUMNS)
    return {key: getattr(saved, key) for key in KEYS}


def save_columns(*, actor: Any, village: Any, columns: dict[str, str]) -> StatementColumns:
    """Save the headings of the village's export (the account and amount ones are required)."""
    require_write(actor, village.path, DISCLOSURE)
    clean = {k: clean_text(columns.get(k, "") or "", field=k).text.strip()[:60] for k in KEYS}
    for key in ("account", "amount"):
        if not clean[key]:
            raise InvalidInput(gettext_noop("This heading is needed."), field=key)
    given = [v for v in clean.values() if v]
    if len({_norm(v) for v in given}) != len(given):
        raise InvalidInput(gettext_noop("Each column needs its own heading."), field="account")
    with transaction.atomic():
        before = columns_for(village)
        row, _created = StatementColumns.objects.update_or_create(
            village=village, defaults={**clean, "updated_by": actor}
        )
        audit_log(
            actor=actor,
            action=STATEMENT_COLUMNS["save"],
            obj=village,
            changes={k: [before.get(k, ""), v] for k, v in clean.items()},
        )
    return row


def _norm(text: Any) -> str:
    return "".join(str(text or "").split()).replace("（", "(").replace("）", ")").lower()


def _text(value: Any) -> str:
    """A cell as the text a clerk would type (numbers exactly: 1234.5 -> "1234.5")."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return format(Decimal(repr(value)), "f")
    return str(value).strip()


def read_statement_file(upload: Any, columns: dict[str, str]) -> list[dict[str, Any]]:
    """The lines of an xlsx upload read with ``columns``; ImportRefused lists every bad row."""
    size = getattr(upload, "size", None)
    if size is not None and size > settings.UPLOAD_MAX_BYTES:
        raise InvalidInput(
            gettext_noop("The file is %(size)s; at most %(limit)s can be imported."),
            {"size": FileSize(size), "limit": FileSize(settings.UPLOAD_MAX_BYTES)},
            field="file",
        )
    wanted = {key: _norm(heading) for key, heading in columns.items() if heading}
    lines: list[dict[str, Any]] = []
    errors: list[RowError] = []
    with spooled(upload) as (path, _name):
        try:
            rows = iter_rows(path, "")
            where = _heading_row(rows, wanted, columns)
            for number, values in rows:
                cells = {
                    key: _text(values[i]) if i < len(values) else "" for key, i in where.items()
                }
                if not any(cells.values()):
                    continue
                if not cells.get("account") and not cells.get("amount"):
                    continue  # a title, a blank or a signature row
                if not cells.get("account") and "计" in cells.get("name", "") + cells.get(
                    "kind", ""
                ):
                    continue  # the export's own 合计 / 本月合计 row: totals are computed here
                if len(lines) >= MAX_LINES:
                    raise InvalidInput(
                        gettext_noop("A statement has at most %(n)s lines."),
                        {"n": MAX_LINES},
                        field="file",
                    )
                try:
                    lines.append(
                        read_line(
                            cells.get("kind", ""),
                            cells.get("account", ""),
                            cells.get("name", ""),
                            cells.get("amount", ""),
                            n=len(lines) + 1,
                        )
                    )
                except InvalidInput as err:
                    key = (err.field or "").rsplit(".", 1)[-1].replace("_fen", "")
                    errors.append(RowError(number, columns.get(key, ""), err.translated()))
        except (KeyError, ValueError, OSError, zipfile.BadZipFile, expat.ExpatError):
            raise InvalidInput(
                gettext_noop("The file is not an Excel workbook (xlsx) that can be read."),
                field="file",
            ) from None
    if errors:
        raise ImportRefused(errors)
    if not lines:
        raise InvalidInput(gettext_noop("The file has no statement lines."), field="file")
    return lines


def _heading_row(rows: Any, wanted: dict[str, str], columns: dict[str, str]) -> dict[str, int]:
    """The column index of each heading, from the first row that has them all."""
    for _i in range(HEADER_ROWS):
        found = next(rows, None)
        if found is None:
            break
        headings = [_norm(v) for v in found[1]]
        if all(h in headings for h in wanted.values()):
            return {key: headings.index(h) for key, h in wanted.items()}
    missing = "、".join(h for h in columns.values() if h)
    raise InvalidInput(
        gettext_noop(
            "No row of the file has the headings %(headings)s; check the columns saved for "
            "this village."
        ),
        {"headings": missing},
        field="file",
    )


def template_xlsx() -> bytes:
    """Our template: the heading row, a drop-down for 收入/支出 and the chart on a second sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = _("Statement")
    for index, heading in enumerate(TEMPLATE_COLUMNS.values(), start=1):
        sheet.cell(row=1, column=index, value=heading).font = Font(bold=True)
        sheet.column_dimensions["ABCD"[index - 1]].width = 18
    sheet.column_dimensions["B"].number_format = "@"
    check = DataValidation(type="list", formula1='"收入,支出"', allow_blank=True)
    sheet.add_data_validation(check)
    check.add("A2:A1000")
    accounts = book.create_sheet(_("Chart of accounts"))
    accounts.append(["收支", "科目编码", "科目名称"])
    for account in chart().accounts:
        accounts.append(
            ["收入" if account.kind == "income" else "支出", account.code, account.name["zh"]]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
