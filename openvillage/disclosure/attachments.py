"""Attachment checks: the type comes from the bytes, the size is bounded, images lose metadata.

A JPEG or PNG is decoded and re-encoded with Pillow, which drops EXIF (GPS position, camera,
time) and any other ancillary chunks. A PDF is kept as given; its uncompressed text is scanned
for ID numbers (X1), a best effort: text inside compressed streams is not seen.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass

from django.conf import settings
from PIL import Image, UnidentifiedImageError

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


_PDF_STRING = re.compile(rb"\(((?:[^()\\]|\\.){1,2000})\)")


def pdf_text(content: bytes) -> str:
    """Return the literal strings of a PDF's uncompressed content (best effort, for X1)."""
    return "\n".join(m.group(1).decode("latin-1") for m in _PDF_STRING.finditer(content))
