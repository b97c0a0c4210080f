"""Text helpers shared by every app: translation marks and the cleaning of free text.

Pure rule modules cannot call Django's ``gettext`` (they must not import Django), but their
messages still reach users. They wrap each message in :func:`gettext_noop`, which returns it
unchanged and lets ``makemessages`` collect it; the service or view that shows the message
translates it with ``gettext(message) % params`` (see :mod:`openvillage.core.errors`).

:func:`clean_text` is the one gate every free text passes before it is stored (issue 11 §1,
PIPL 2021): it normalises the text and masks ID numbers, mobile numbers and bank or passbook
numbers, so that nothing typed into a message, reply, note, description or draft keeps them in
clear, and it tells the writer what was hidden (:func:`masked_notice`).
"""

from __future__ import annotations

import contextlib
import contextvars
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field as dataclass_field


def gettext_noop(message: str) -> str:
    """Return the message unchanged; ``makemessages`` collects it for translation."""
    return message


# Control characters other than tab and newline (NUL among them) carry nothing a person typed.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# One label per kind of number hidden (no plural forms: Chinese has none, English reads fine).
MASKED_MESSAGES = {
    "id_number": gettext_noop("ID numbers: %(count)s"),
    "phone": gettext_noop("mobile numbers: %(count)s"),
    "bank_account": gettext_noop("bank or passbook numbers: %(count)s"),
}


@dataclass(frozen=True)
class CleanText:
    """A text ready to store, with how many numbers of each kind were masked in it."""

    text: str
    field: str
    masked: dict[str, int] = dataclass_field(default_factory=dict)

    def __str__(self) -> str:
        return self.text


_notices: contextvars.ContextVar[list[CleanText] | None] = contextvars.ContextVar(
    "masked_text_notices", default=None
)


def normalize_text(text: str) -> str:
    """Return ``text`` in NFC with Unix line ends, no control characters and no outer blanks."""
    text = unicodedata.normalize("NFC", text or "")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text).strip()


def clean_text(text: str, *, field: str) -> CleanText:
    """Normalise ``text`` and mask every ID, mobile and 16-19 digit number in it.

    ``field`` names the form field the text came from; when anything was masked the result is
    also recorded for :func:`collect_masked` so that the page can tell the writer.
    """
    from openvillage.core.masking import find_personal_numbers, mask_text

    normalized = normalize_text(text)
    hits = find_personal_numbers(normalized)
    if not hits:
        return CleanText(normalized, field)
    masked: dict[str, int] = {}
    for _start, _end, kind in hits:
        masked[kind] = masked.get(kind, 0) + 1
    result = CleanText(mask_text(normalized), field, masked)
    collected = _notices.get()
    if collected is not None:
        collected.append(result)
    return result


def clean_text_value(text: str, *, field: str) -> str:
    """Return only the cleaned text of :func:`clean_text` (for a field stored as is)."""
    return clean_text(text, field=field).text


@contextlib.contextmanager
def collect_masked() -> Iterator[list[CleanText]]:
    """Collect the results of :func:`clean_text` that masked something, within this block."""
    found: list[CleanText] = []
    token = _notices.set(found)
    try:
        yield found
    finally:
        _notices.reset(token)


def masked_notice(results: list[CleanText]) -> str:
    """Return one sentence in the active language on what was hidden ("" when nothing).

    Imports Django lazily, as :meth:`openvillage.core.errors.DomainError.translated` does.
    """
    from django.utils.translation import gettext

    totals: dict[str, int] = {}
    for result in results:
        for kind, count in result.masked.items():
            totals[kind] = totals.get(kind, 0) + count
    parts = [
        gettext(MASKED_MESSAGES[kind]) % {"count": count}
        for kind, count in totals.items()
        if kind in MASKED_MESSAGES
    ]
    if not parts:
        return ""
    return gettext(
        "To protect personal data, these numbers were hidden (replaced by *) before saving: "
        "%(what)s."
    ) % {"what": gettext("; ").join(parts)}
