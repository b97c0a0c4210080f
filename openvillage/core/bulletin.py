"""One bulletin (通报) PDF for every capability: campaigns, supervision, assessment, the county.

A bulletin is a title, the period it covers, and sections of paragraphs and tables, printed on
A4 in Noto Sans CJK SC, the font of the notice-board posters (from the ``noto-cjk-sans-otc``
package, so ``pip install`` is all a server needs). The caller passes text already in the
reader's language; this module adds no words of its own, only page numbers.

    pdf = render_bulletin(Bulletin(
        title="关于2026年第三季度村务公开情况的通报",
        period="2026年7月1日至9月30日",
        issuer="虚构县委组织部",
        sections=[Section("一、总体情况", paragraphs=["..."]),
                  Section("二、排名", tables=[Table(("排名", "村", "按时公开率"), rows)])],
    ))
"""

from __future__ import annotations

import importlib.resources
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from fpdf import FPDF
from fpdf.enums import TableCellFillMode
from fpdf.fonts import FontFace

FONT_PACKAGE = "noto_cjk_sans_otc"  # import name of the PyPI package noto-cjk-sans-otc
FONT_FILE = "NotoSansCJK-Regular.ttc"
FONT_FACE = "Noto Sans CJK SC"  # the Simplified Chinese face of the collection
FONT = "notosanscjksc"
MARGIN = 20  # mm
GREY = (90, 90, 90)


@dataclass(frozen=True)
class Table:
    """A table: a header row and rows of cells (numbers are printed as they are).

    ``widths`` are relative column widths (e.g. ``(1, 4, 2)``); None gives equal columns.
    """

    header: Sequence[str]
    rows: Sequence[Sequence[object]]
    widths: Sequence[int] | None = None


@dataclass(frozen=True)
class Section:
    """A heading, its paragraphs, then its tables."""

    heading: str
    paragraphs: Sequence[str] = ()
    tables: Sequence[Table] = ()


@dataclass(frozen=True)
class Bulletin:
    title: str
    period: str
    sections: Sequence[Section] = field(default_factory=tuple)
    issuer: str = ""
    issued_on: date | None = None


@lru_cache(maxsize=1)
def chinese_font(package: str = FONT_PACKAGE, *, purpose: str = "bulletins") -> tuple[str, int]:
    """Return the path of the Noto Sans CJK collection and the index of its SC face.

    The one lookup of the font for every PDF the product prints (bulletins, posters, case
    records); ``purpose`` names what is being printed in the error when the font is missing.
    """
    try:
        path: Path | None = Path(str(importlib.resources.files(package) / FONT_FILE))
    except ModuleNotFoundError:
        path = None
    if path is None or not path.is_file():
        raise ImproperlyConfigured(
            f"The Chinese font for {purpose} is missing: install the project's dependencies "
            "(they bring the noto-cjk-sans-otc package)."
        )
    from fontTools.ttLib import TTCollection  # fpdf2 depends on fontTools

    collection = TTCollection(str(path), lazy=True)
    try:
        names = [font["name"].getDebugName(1) for font in collection.fonts]
    finally:
        collection.close()
    if FONT_FACE not in names:
        raise ImproperlyConfigured(f"{path} has no face named {FONT_FACE!r} (it has {names}).")
    return str(path), names.index(FONT_FACE)


class _Pages(FPDF):
    def footer(self) -> None:  # called by fpdf2 at the foot of every page
        self.set_y(-14)
        self.set_font(FONT, size=9)
        self.set_text_color(*GREY)
        self.cell(0, 6, f"— {self.page_no()} —", align="C")


def render_bulletin(bulletin: Bulletin) -> bytes:
    """Return the bulletin as a PDF (A4 portrait, the font embedded as a subset)."""
    path, index = chinese_font()
    pdf = _Pages(orientation="P", unit="mm", format="A4")
    pdf.add_font(FONT, "", path, collection_font_number=index)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=MARGIN)
    pdf.set_title(bulletin.title)
    pdf.set_creator("OpenVillage")
    pdf.set_lang("zh-CN")
    pdf.add_page()
    _text(pdf, bulletin.title, 18, align="C")
    _text(pdf, bulletin.period, 11, GREY, align="C")
    sign = " · ".join(p for p in (bulletin.issuer, _date(bulletin.issued_on)) if p)
    if sign:
        _text(pdf, sign, 11, GREY, align="C")
    for section in bulletin.sections:
        pdf.ln(4)
        _text(pdf, section.heading, 14)
        for paragraph in section.paragraphs:
            _text(pdf, paragraph, 11)
            pdf.ln(1)
        for table in section.tables:
            _table(pdf, table)
    return bytes(pdf.output())


def _date(day: date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def _text(pdf: FPDF, text: str, size: int, colour=(0, 0, 0), align: str = "L") -> None:
    pdf.set_font(FONT, size=size)
    pdf.set_text_color(*colour)
    pdf.multi_cell(0, size * 0.55, text, align=align, new_x="LMARGIN", new_y="NEXT")


def _table(pdf: FPDF, table: Table) -> None:
    pdf.ln(2)
    pdf.set_font(FONT, size=10)
    pdf.set_text_color(0, 0, 0)
    widths = tuple(table.widths) if table.widths else tuple(1 for _ in table.header)
    with pdf.table(
        col_widths=widths,
        headings_style=FontFace(emphasis="", fill_color=(230, 230, 230)),
        cell_fill_color=(246, 246, 246),
        cell_fill_mode=TableCellFillMode.ROWS,
        line_height=6,
    ) as grid:
        grid.row([str(cell) for cell in table.header])
        for row in table.rows:
            grid.row(["" if cell is None else str(cell) for cell in row])
    pdf.ln(2)
