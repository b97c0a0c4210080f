"""Notice-board posters: one A4 page per village with its name, its QR code and how to use it.

The Chinese text is set in Noto Sans CJK SC from the ``noto-cjk-sans-otc`` package (SIL Open Font
License), a dependency in pyproject.toml, so ``pip install`` is all a server needs; the font is
embedded as a subset, so the PDF prints anywhere. The poster is bilingual: Chinese first, for the
villagers, and English under it.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.resources
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from django.utils import translation
from django.utils.translation import gettext, gettext_noop
from fpdf import FPDF

from openvillage.core import bulletin
from openvillage.disclosure import qr
from openvillage.org.models import Level, Unit

FONT_PACKAGE = "noto_cjk_sans_otc"  # import name of the PyPI package noto-cjk-sans-otc
FONT = "notosanscjksc"
NO_HEAD = "—"

PAGE_WIDTH = 210  # A4 portrait, in mm
MARGIN = 18
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN
QR_SIZE = 104  # mm including the quiet zone; modules are about 2 mm, readable from a metre
GREY = (90, 90, 90)

# fontTools logs every step of subsetting at INFO, which the root logger prints: a hundred lines
# per poster. Its warnings still show.
logging.getLogger("fontTools").setLevel(logging.WARNING)


@dataclass(frozen=True)
class Line:
    """A poster sentence: English source for the catalogue, and the Chinese the board needs.

    The Chinese here is what prints until the zh_Hans catalogue translates the English; once it
    does, the catalogue wins, so wording is changed in one place, the .po file.
    """

    english: str
    chinese: str

    def texts(self) -> tuple[str, str]:
        with translation.override("zh-hans"):
            chinese = gettext(self.english)
        if chinese == self.english:
            chinese = self.chinese
        with translation.override("en"):
            english = gettext(self.english)
        return chinese, english


HEADLINE = Line(gettext_noop("Scan to see your village's affairs"), "扫一扫，看村务")
STEPS = [
    Line(
        gettext_noop(
            "Scan the code with a phone to see this village's party affairs, finances and "
            "village affairs, as the village publishes them."
        ),
        "用手机扫描二维码，查看本村党务、财务、村务公开。",
    ),
    Line(
        gettext_noop("No phone camera? Type the address above into a browser."),
        "不方便扫码？在浏览器中输入上面的网址。",
    ),
    Line(
        gettext_noop(
            "Every item published is kept in a tamper-evident public record that anyone can check."
        ),
        "每一项公开都记入防篡改的公开记录，任何人都可以核验。",
    ),
]
RECORD_LABEL = Line(
    gettext_noop("Public record, latest signed tree head:"), "公开记录（最新签名树头）："
)


@dataclass(frozen=True)
class VillagePoster:
    """What one poster shows; also what its ETag is made of."""

    code: str
    name: str
    town: str
    county: str
    url: str
    head: tuple[str, str]  # the latest signed tree head in short form, in Chinese and English

    @classmethod
    def of(cls, village: Unit, town: Unit | None, county: Unit | None, head: tuple[str, str]):
        return cls(
            code=village.code,
            name=village.name,
            town=town.name if town else "",
            county=county.name if county else "",
            url=qr.village_url(village.code),
            head=head,
        )

    def etag(self) -> str:
        parts = [qr.RENDER_VERSION, "poster", self.url, self.name, self.town, self.county]
        digest = hashlib.sha256("\x1f".join([*parts, *self.head]).encode()).hexdigest()[:32]
        return f'"{digest}"'


@lru_cache(maxsize=1)
def chinese_font() -> tuple[str, int]:
    """The posters' font, found by the one lookup in :mod:`openvillage.core.bulletin`."""
    return bulletin.chinese_font(FONT_PACKAGE, purpose="posters")


def latest_head_short() -> tuple[str, str]:
    """Return the latest signed tree head in short form in Chinese and in English.

    A dash stands in while the ledger has no head (or, in an old deployment, no ledger).
    """
    for name in ("openvillage.ledger.selectors", "openvillage.ledger.services"):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        function = getattr(module, "latest_head_short", None)
        if function is not None:
            with translation.override("zh-hans"):
                chinese = function() or NO_HEAD
            with translation.override("en"):
                english = function() or NO_HEAD
            return chinese, english
    return NO_HEAD, NO_HEAD


def village_poster(village: Unit) -> VillagePoster:
    """What the poster of a village shows (the village must come with parent and grandparent)."""
    town = village.parent
    return VillagePoster.of(village, town, town.parent if town else None, latest_head_short())


def render(posters: Iterable[VillagePoster], title: str) -> bytes:
    """Return one PDF with a page per poster; the font is embedded once for all pages."""
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    path, index = chinese_font()
    pdf.add_font(FONT, "", path, collection_font_number=index)
    pdf.set_title(title)
    pdf.set_creator("OpenVillage")
    pdf.set_lang("zh-CN")
    pages = 0
    for poster in posters:
        _page(pdf, poster)
        pages += 1
    if pages == 0:
        pdf.add_page()  # a PDF needs a page; an empty town gets a blank one
    return bytes(pdf.output())


def render_town(town: Unit) -> bytes:
    """Return the posters of every village of a town, one page each, in code order."""
    head = latest_head_short()
    county = town.parent
    villages = Unit.objects.filter(parent=town, level=Level.VILLAGE).order_by("code")
    posters = (
        VillagePoster.of(village, town, county, head)
        for village in villages.only("code", "name").iterator(chunk_size=200)
    )
    return render(posters, f"{town.name} 村务公开二维码")


def _page(pdf: FPDF, poster: VillagePoster) -> None:
    pdf.add_page()
    headline_zh, headline_en = HEADLINE.texts()
    _centred(pdf, 18, " · ".join(p for p in (poster.county, poster.town) if p), 15, GREY)
    _centred(pdf, 30, poster.name, 44)
    _centred(pdf, 52, headline_zh, 24)
    _centred(pdf, 63, headline_en, 13, GREY)
    top = 72
    _qr(pdf, poster.code, (PAGE_WIDTH - QR_SIZE) / 2, top, QR_SIZE)
    _centred(pdf, top + QR_SIZE + 1, poster.url, 14)
    pdf.set_y(top + QR_SIZE + 14)
    for number, step in enumerate(STEPS, start=1):
        chinese, english = step.texts()
        pdf.set_x(MARGIN)
        _paragraph(pdf, f"{number}. {chinese}", 15)
        _paragraph(pdf, english, 11, GREY, indent=6)
        pdf.ln(3)
    label_zh, label_en = RECORD_LABEL.texts()
    pdf.set_draw_color(*GREY)
    pdf.line(MARGIN, 262, PAGE_WIDTH - MARGIN, 262)
    pdf.set_y(265)
    _paragraph(pdf, f"{label_zh} {poster.head[0]}", 10, GREY)
    _paragraph(pdf, f"{label_en} {poster.head[1]}", 9, GREY)


def _centred(pdf: FPDF, y: float, text: str, size: float, colour=(0, 0, 0)) -> None:
    """Write one centred line, shrinking the type until it fits between the margins."""
    pdf.set_font(FONT, size=size)
    while size > 8 and pdf.get_string_width(text) > TEXT_WIDTH:
        size -= 1
        pdf.set_font(FONT, size=size)
    pdf.set_text_color(*colour)
    pdf.set_xy(MARGIN, y)
    pdf.cell(TEXT_WIDTH, size * 0.45, text, align="C")


def _paragraph(pdf: FPDF, text: str, size: float, colour=(0, 0, 0), indent: float = 0) -> None:
    """Write wrapped text from the left margin plus ``indent`` (every line indented alike)."""
    pdf.set_font(FONT, size=size)
    pdf.set_text_color(*colour)
    pdf.set_x(MARGIN + indent)
    pdf.multi_cell(TEXT_WIDTH - indent, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")


def _qr(pdf: FPDF, village_code: str, x: float, y: float, size: float) -> None:
    """Draw the QR code as vector rectangles, one per run of dark modules in a row."""
    matrix = qr.village_qr(village_code).matrix
    module = size / (len(matrix) + 2 * qr.BORDER)
    origin_x, origin_y = x + qr.BORDER * module, y + qr.BORDER * module
    pdf.set_fill_color(0, 0, 0)
    for row, cells in enumerate(matrix):
        column = 0
        while column < len(cells):
            if not cells[column]:
                column += 1
                continue
            start = column
            while column < len(cells) and cells[column]:
                column += 1
            # A hair of overlap downwards hides the seams some viewers draw between rows.
            pdf.rect(
                origin_x + start * module,
                origin_y + row * module,
                (column - start) * module,
                module + 0.02,
                style="F",
            )
