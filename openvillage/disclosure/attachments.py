"""Attachment checks: the type comes from the bytes, the size is bounded, images lose metadata.

A JPEG or PNG is decoded and re-encoded with Pillow, which drops EXIF (GPS position, camera,
time) and any other ancillary chunks. A PDF is kept as given; its text, as pypdf extracts it
(compressed streams, hex strings, TJ arrays, a number split across operators), is scanned for ID
numbers (X1). No program reads a photo of an ID or bank card: for an image, or a PDF with no
text (a scan), the clerk confirms that it shows none (issue 11 §2).
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass

from django.conf import settings
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from openvillage.core.errors import InvalidInput
from openvillage.core.text import gettext_noop
from openvillage.disclosure.labels import FileSize

# (magic bytes, content type, extension, extensions a name may claim)
_KINDS = (
    (b"%PDF-", "application/pdf", "pdf", {"pdf"}),
    (b"\xff\xd8\xff", "image/jpeg", "jpg", {"jpg", "jpeg"}),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png", {"png"}),
)
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
_MAX_PIXELS = 40_000_000


@dataclass(frozen=True)
class CleanFile:
    name: str
    content: bytes
    content_type: str
    extension: str
    sha256: str


def max_bytes() -> int:
    return int(getattr(settings, "DISCLOSURE_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def _claimed_extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def sniff(content: bytes) -> tuple[str, str, set[str]] | None:
    for magic, content_type, extension, claims in _KINDS:
        if content.startswith(magic):
            return content_type, extension, claims
    return None


def _reencode(content: bytes, extension: str, name: str) -> bytes:
    try:
        with Image.open(io.BytesIO(content)) as image:
            if image.width * image.height > _MAX_PIXELS:
                raise InvalidInput(
                    gettext_noop("The image is too large (more than 40 million pixels)."),
                    field="attachment",
                )
            image.load()
            out = io.BytesIO()
            if extension == "jpg":
                rgb = image.convert("RGB") if image.mode not in ("RGB", "L") else image
                rgb.save(out, format="JPEG", quality=88, optimize=True)
            else:
                keep = image if image.mode in ("1", "L", "LA", "P", "RGB", "RGBA") else None
                (keep or image.convert("RGBA")).save(out, format="PNG", optimize=True)
            return out.getvalue()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise InvalidInput(
            gettext_noop("%(name)s could not be read as an image."),
            {"name": name},
            field="attachment",
        ) from exc


def clean_upload(name: str, content: bytes) -> CleanFile:
    """Check an uploaded file and return what is stored, or raise InvalidInput naming the file."""
    name = (name or "file").replace("/", "_").replace("\\", "_")[-200:]
    if len(content) > max_bytes():
        raise InvalidInput(
            gettext_noop("%(name)s is %(size)s; the limit is %(limit)s."),
            {"name": name, "size": FileSize(len(content)), "limit": FileSize(max_bytes())},
            field="attachment",
        )
    kind = sniff(content)
    if kind is None:
        raise InvalidInput(
            gettext_noop("%(name)s is not a PDF, JPEG or PNG file."),
            {"name": name},
            field="attachment",
        )
    content_type, extension, claims = kind
    if _claimed_extension(name) not in claims:
        raise InvalidInput(
            gettext_noop(
                "%(name)s is named like another kind of file but its content is %(kind)s."
            ),
            {"name": name, "kind": extension.upper()},
            field="attachment",
        )
    if extension != "pdf":
        content = _reencode(content, extension, name)
    return CleanFile(name, content, content_type, extension, hashlib.sha256(content).hexdigest())


def pdf_text(content: bytes) -> str:
    """Return the text of every page of a PDF, for the X1 scan; raise InvalidInput if unreadable.

    Each line is also given with its blanks removed, so that a number drawn in pieces (two Tj
    operators, a TJ array with kerning) is seen whole.
    """
    try:
        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted:
            reader.decrypt("")
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    except (PyPdfError, ValueError, KeyError, TypeError, NotImplementedError):
        raise InvalidInput(
            gettext_noop(
                "The text of the PDF could not be read, so it cannot be checked for ID numbers; "
                "save it again as a PDF with text, or as a picture."
            ),
            field="attachment",
        ) from None
    compact = "\n".join(re.sub(r"\s+", "", line) for line in text.splitlines())
    return text + "\n" + compact
