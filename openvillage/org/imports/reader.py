"""Read an uploaded xlsx or CSV file row by row, in bounded memory.

The header row is matched to the kind's columns (see :mod:`.templates`); a file that is not a
spreadsheet, or whose header misses a required column or has an unknown one, is refused with a
:class:`MalformedFile` that names the column. Rows come out as ``(row_number, {key: value})``
where ``row_number`` is the row as the spreadsheet shows it (the header is row 1) and values are
strings, dates, or numbers as the cells hold them. Empty rows are skipped.
"""

from __future__ import annotations

import codecs
import csv
import re
import zipfile
import zlib
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from xml.parsers.expat import ExpatError

from openvillage.core.errors import InvalidInput
from openvillage.core.text import gettext_noop
from openvillage.org.imports.templates import DATA_SHEET, Column, columns_for, normalize_label

XLSX, CSV = "xlsx", "csv"
Row = tuple[int, dict[str, Any]]


class MalformedFile(InvalidInput):
    """The file as a whole cannot be read as this kind of import."""


def detect_format(path: Path, name: str) -> str:
    """Tell xlsx from CSV by the first bytes (a zip archive is xlsx), refusing anything else."""
    with open(path, "rb") as handle:
        head = handle.read(8)
    if head.startswith(b"PK\x03\x04"):
        return XLSX
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise MalformedFile(
            gettext_noop("This is an old Excel file (.xls); save it as .xlsx and upload again."),
            field="file",
        )
    if not name.lower().endswith((".csv", ".txt")) or b"\x00" in head:
        raise MalformedFile(
            gettext_noop("The file %(name)s is not an xlsx or CSV spreadsheet."),
            {"name": name},
            field="file",
        )
    return CSV


def csv_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM) when the whole file decodes so, else GB 18030 (Excel's CSV)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with open(path, "rb") as handle:
        try:
            while chunk := handle.read(1 << 16):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "gb18030"
    return "utf-8-sig"


def match_header(cells: list[Any], columns: tuple[Column, ...]) -> list[str | None]:
    """Return the column key of each header cell (None for empty trailing cells)."""
    by_spelling = {s: c.key for c in columns for s in c.spellings()}
    keys: list[str | None] = []
    for cell in cells:
        text = "" if cell is None else str(cell).strip().lstrip("\ufeff")
        if not text:
            keys.append(None)
            continue
        key = by_spelling.get(normalize_label(text))
        if key is None:
            expected = "、".join(c.label for c in columns)
            raise MalformedFile(
                gettext_noop(
                    "Unknown column %(column)s; the columns of this file are: %(expected)s."
                ),
                {"column": text, "expected": expected},
                field=text,
            )
        if key in keys:
            raise MalformedFile(
                gettext_noop("The column %(column)s appears twice."), {"column": text}, field=text
            )
        keys.append(key)
    missing = [c.label for c in columns if c.required and c.key not in keys]
    if missing:
        raise MalformedFile(
            gettext_noop("The required column %(column)s is missing."),
            {"column": "、".join(missing)},
            field=missing[0],
        )
    return keys


def _is_empty(values: tuple[Any, ...] | list[Any]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str):
        return value.strip()
    return "" if value is None else value


def raw_rows(path: Path, fmt: str) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """Every row of the data sheet as ``(row_number, cell values)``, header included."""
    if fmt == XLSX:
        yield from _xlsx_rows(path)
    else:
        yield from _csv_rows(path)


def _csv_rows(path: Path) -> Iterator[tuple[int, tuple[Any, ...]]]:
    with open(path, encoding=csv_encoding(path), newline="") as handle:
        number = 0
        try:
            for number, cells in enumerate(csv.reader(handle), start=1):
                yield number, tuple(cells)
        except csv.Error:  # the only one left in Python 3.11+: a cell over the field limit
            raise MalformedFile(
                gettext_noop("Row %(row)s has a cell longer than %(limit)s characters."),
                {"row": number + 1, "limit": csv.field_size_limit()},
                field="file",
            )


def _xlsx_rows(path: Path) -> Iterator[tuple[int, tuple[Any, ...]]]:
    from openvillage.org.imports.xlsx import iter_rows

    # Damage can show at the end of a part (a wrong checksum), after rows were read.
    try:
        yield from iter_rows(path, DATA_SHEET)
    except (zipfile.BadZipFile, KeyError, ValueError, ExpatError, EOFError, zlib.error):
        raise MalformedFile(
            gettext_noop("The file cannot be opened as an xlsx workbook; it may be damaged."),
            field="file",
        )


def read_rows(path: Path, fmt: str, kind: str) -> Iterator[Row]:
    """Yield ``(row_number, {column key: value})`` for every non-empty data row."""
    rows = raw_rows(path, fmt)
    keys: list[str | None] | None = None
    for number, cells in rows:
        if keys is None:
            if _is_empty(cells):
                continue
            keys = match_header(list(cells), columns_for(kind))
            continue
        if _is_empty(cells):
            continue
        record = {key: "" for key in keys if key}
        for key, value in zip(keys, cells, strict=False):
            if isinstance(value, str) and "\x00" in value:  # PostgreSQL cannot store it
                raise MalformedFile(
                    gettext_noop("Row %(row)s holds a NUL character (an invisible zero byte)."),
                    {"row": number},
                    field="file",
                )
            if key is not None:
                record[key] = _plain(value)
            elif value not in (None, ""):
                raise MalformedFile(
                    gettext_noop("Row %(row)s has a value in a column without a header."),
                    {"row": number},
                    field="file",
                )
        yield number, record
    if keys is None:
        raise MalformedFile(gettext_noop("The file is empty: no header row."), field="file")


def header_cells(path: Path, fmt: str) -> list[Any]:
    """The header row as written in the file (for the error report)."""
    for _number, cells in raw_rows(path, fmt):
        if not _is_empty(cells):
            return list(cells)
    return []


def estimate_rows(path: str | Path) -> int:
    """About how many rows a file has, from its size and its first rows (for a progress bar).

    Reads only the first 256 KiB (of the sheet, for an xlsx): the bar's total, not a count.
    """
    path = Path(path)
    try:
        if zipfile.is_zipfile(path):
            from openvillage.org.imports.xlsx import sheet_path

            with zipfile.ZipFile(path) as archive:
                member = archive.getinfo(sheet_path(archive, DATA_SHEET))
                size = member.file_size
                with archive.open(member) as source:
                    head = source.read(1 << 18)
            rows = len(_ROW_CLOSE.findall(head))
        else:
            size = path.stat().st_size
            with open(path, "rb") as handle:
                head = handle.read(1 << 18)
            rows = head.count(b"\n")
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, ExpatError):
        return 0
    if not rows or not head:
        return 0
    return max(0, size * rows // len(head) - 1)  # less the header row


_ROW_CLOSE = re.compile(rb"</(?:\w+:)?row>")
