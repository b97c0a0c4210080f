"""The error report: a copy of the clerk's upload with an error column, bad cells highlighted.

Written with openpyxl's write-only mode, row by row, so that a 100,000-row report needs no more
memory than a few rows. The copy holds what the clerk uploaded (it is their own file, returned
only to them and never stored); the error column itself names columns and reasons only.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _

from openvillage.core.spreadsheet import cell as safe_cell
from openvillage.org.imports.reader import raw_rows
from openvillage.org.imports.templates import columns_for, normalize_label

ERROR_FILL = "FFC7CE"


def error_text(errors: list[tuple[str, str]], labels: dict[str, str]) -> str:
    return "; ".join(f"{labels.get(key, key)}: {message}" for key, message in errors)


def write_report(
    path: Path,
    fmt: str,
    kind: str,
    errors: dict[int, list[tuple[str, str]]],
    out: IO[bytes],
) -> None:
    """Copy the data sheet of ``path`` to ``out`` (xlsx) with an error column at the end."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill

    columns = columns_for(kind)
    labels = {c.key: c.label for c in columns}
    spellings = {s: c.key for c in columns for s in c.spellings()}
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Errors"))
    fill = PatternFill("solid", fgColor=ERROR_FILL)
    header_keys: list[str | None] = []
    width = 0
    for number, cells in raw_rows(path, fmt):
        if not header_keys:
            header_keys = [spellings.get(normalize_label(str(c or ""))) for c in cells]
            width = len(cells)
            head = [safe_cell(sheet, c) for c in cells]
            title = WriteOnlyCell(sheet, value=_("Errors"))
            title.font = Font(bold=True, color="9C0006")
            sheet.append([*head, title])
            continue
        row_errors = errors.get(number, [])
        bad = {key for key, _message in row_errors}
        row: list[Any] = []
        for index, value in enumerate(list(cells) + [None] * (width - len(cells))):
            cell = safe_cell(sheet, value)
            if index < len(header_keys) and header_keys[index] in bad:
                cell.fill = fill
            row.append(cell)
        note = safe_cell(sheet, error_text(row_errors, labels) or None)
        if row_errors:
            note.fill = fill
        sheet.append([*row, note])
    book.save(out)


def report_bytes(
    path: Path, fmt: str, kind: str, errors: dict[int, list[tuple[str, str]]]
) -> bytes:
    buffer = io.BytesIO()
    write_report(path, fmt, kind, errors, buffer)
    return buffer.getvalue()
