"""What a reader of a page sees, and what a Chinese reader should not: English words and codes.

The same reading as the UI crawl that issue 12 measures with: visible text plus the ``title``,
``placeholder``, ``aria-label`` and ``alt`` attributes, without scripts, styles and ``<code>``;
English words of three letters or more outside a short list of names and formats; raw codes
(``snake_case`` tokens and dotted action codes like ``org.person_create``).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

ALLOWED_WORDS = frozenset(
    {
        "pdf",
        "qr",
        "api",
        "atom",
        "xlsx",
        "csv",
        "sha",
        "rfc",
        "openvillage",
        "json",
        "url",
        "png",
        "svg",
        "jpeg",
        "jpg",
        "http",
        "https",
        "www",
        "ed25519",
        "openapi",
        "sms",
        "gbk",
        "utf",
        "bom",
        "english",
        "docs",
        "admin",
        "swagger",
        "ninja",
        "django",
        "merkle",
        "ppt",
        "doc",
        "wechat",
        "excel",
        "wps",
        "app",
        "ios",
        "android",
        "ok",
        "id",
        "gb",
        "xls",
        "zip",
        "fen",
        "html",
    }
)
HIDDEN = frozenset({"script", "style", "code", "pre", "kbd", "samp", "textarea"})
WORD = re.compile(r"[A-Za-z][A-Za-z'-]{2,}")
CODE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b|\b[a-z]+\.[a-z_]+_[a-z_]+\b")
HAN = re.compile(r"[\u4e00-\u9fff]")


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in HIDDEN:
            self.hidden += 1
        for name, value in attrs:
            if name in ("title", "placeholder", "aria-label", "alt") and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in HIDDEN and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    reader = _Reader()
    reader.feed(html)
    return " ".join(reader.parts)


def english_words(html: str) -> list[str]:
    """English words a Chinese reader would see on the page."""
    return [w for w in WORD.findall(visible_text(html)) if w.lower() not in ALLOWED_WORDS]


def raw_codes(html: str) -> list[str]:
    """Codes (``snake_case``, ``app.model_action``) shown on the page."""
    return CODE.findall(visible_text(html))


def chinese_words(html: str) -> list[str]:
    """Runs of Chinese characters on a page (for the English page: untranslated labels)."""
    return re.findall(r"[\u4e00-\u9fff]+", visible_text(html))
