"""QR codes of the village pages: the code glued to a notice board opens /v/<village_code>/.

The content is exactly the village's absolute public URL, so a code printed today still works
after any release (public URLs are forever). Error correction is level Q (25 % of the symbol may
be dirty or torn) and is not boosted, so the symbol is the same for the same URL in every release.
"""

from __future__ import annotations

import hashlib
import io

import segno
from django.conf import settings

ERROR_LEVEL = "q"
BORDER = 4  # the quiet zone the standard asks for, in modules
SVG_SCALE = 8  # pixels per module when an SVG is opened at its natural size
PNG_SCALE = 10  # pixels per module: 10 px is 0.85 mm at 300 dpi, a 41-module code is 4 cm wide
# Bump when the rendering changes, so that caches drop images made by the old code.
RENDER_VERSION = "1"


def village_url(village_code: str) -> str:
    """Return the absolute public URL of a village's page, as printed and encoded."""
    return f"{settings.PUBLIC_BASE_URL}/v/{village_code}/"


def village_qr(village_code: str) -> segno.QRCode:
    return segno.make_qr(village_url(village_code), error=ERROR_LEVEL, boost_error=False)


def qr_svg(village_code: str, title: str) -> bytes:
    """Return a compact SVG (one path, white background) with ``title`` for screen readers."""
    out = io.BytesIO()
    village_qr(village_code).save(
        out,
        kind="svg",
        scale=SVG_SCALE,
        border=BORDER,
        dark="#000",
        light="#fff",
        title=title,
        xmldecl=False,
    )
    return out.getvalue()


def qr_png(village_code: str) -> bytes:
    out = io.BytesIO()
    village_qr(village_code).save(out, kind="png", scale=PNG_SCALE, border=BORDER)
    return out.getvalue()


def qr_etag(village_code: str, kind: str, *extra: str) -> str:
    """Return a strong ETag for one rendering of a village's code (quoted, as HTTP wants)."""
    parts = [RENDER_VERSION, kind, village_url(village_code), *extra]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]
    return f'"{digest}"'
