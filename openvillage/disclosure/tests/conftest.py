"""Helpers for the disclosure tests: content that passes, and the walk to publication."""

from __future__ import annotations

import io
import zlib
from datetime import date

import pytest
from PIL import Image

from openvillage.disclosure import services

DECEMBER = (date(2025, 12, 1), date(2025, 12, 31))


def finance_statement() -> dict:
    """Income 1,500.00 (501 = 50101 + 50102), expenditure 800.00; 200 + 1500 - 800 = 900."""
    return {
        "lines": [
            {"kind": "income", "account": "501", "name": "经营收入", "amount_fen": 120000},
            {"kind": "income", "account": "50101", "name": "租金", "amount_fen": 100000},
            {"kind": "income", "account": "50102", "name": "承包费", "amount_fen": 20000},
            {"kind": "income", "account": "502", "name": "补助收入", "amount_fen": 30000},
            {"kind": "expenditure", "account": "601", "name": "办公费", "amount_fen": 80000},
        ],
        "income_total_fen": 150000,
        "expenditure_total_fen": 80000,
        "opening_balance_fen": 20000,
        "closing_balance_fen": 90000,
    }


def content(**overrides) -> services.Content:
    fields = {
        "matter": "monthly_finance",
        "period_start": DECEMBER[0],
        "period_end": DECEMBER[1],
        "title": "2025年12月财务收支公开",
        "body": "<p>本月财务收支情况如下。</p>",
        "statement": finance_statement(),
    }
    fields.update(overrides)
    return services.Content(**fields)


def publish(item, clerk, officer):
    services.item_submit(actor=clerk, item=item)
    services.item_approve(actor=officer, item=item)
    return services.item_publish(actor=clerk, item=item)


@pytest.fixture
def draft(cast, village_a1):
    return services.item_create(actor=cast["vic"], village=village_a1, content=content())


@pytest.fixture
def published(cast, draft):
    publish(draft, cast["vic"], cast["tom"])
    draft.refresh_from_db()
    return draft


def png_bytes(*, exif: bool = False, size=(8, 8)) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    out = io.BytesIO()
    if exif:
        data = Image.Exif()
        data[0x010F] = "SecretCamera"  # Make
        image.save(out, format="PNG", exif=data.tobytes())
    else:
        image.save(out, format="PNG")
    return out.getvalue()


def jpeg_bytes(*, exif: bool = False) -> bytes:
    image = Image.new("RGB", (8, 8), (30, 200, 30))
    out = io.BytesIO()
    if exif:
        data = Image.Exif()
        data[0x010F] = "SecretCamera"
        image.save(out, format="JPEG", exif=data.tobytes())
    else:
        image.save(out, format="JPEG")
    return out.getvalue()


def pdf_with(stream: bytes, *, compress: bool = False) -> bytes:
    """A one-page PDF whose content stream is ``stream`` (Flate-compressed when asked)."""
    data = zlib.compress(stream) if compress else stream
    flate = b" /Filter /FlateDecode" if compress else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d%s >>\nstream\n" % (len(data), flate) + data + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def pdf_bytes(text: str) -> bytes:
    """A minimal one-page PDF with ``text`` in an uncompressed content stream."""
    return pdf_with(f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1"))


def line_rows(*rows: tuple[str, str, str, str]) -> dict:
    """The POST data of the statement editor's lines: (kind, account, name, amount as typed)."""
    data = {
        "lines-TOTAL_FORMS": str(len(rows)),
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "300",
    }
    for i, (kind, account, name, amount) in enumerate(rows):
        data.update(
            {
                f"lines-{i}-kind": kind,
                f"lines-{i}-account": account,
                f"lines-{i}-name": name,
                f"lines-{i}-amount": amount,
            }
        )
    return data
