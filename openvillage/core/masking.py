"""Masking of personal data in public disclosures (disclosure.md §7, X1–X2; PIPL 2021).

- ID numbers follow GB 11643-1999: 6-digit region code, 8-digit birth date (YYYYMMDD), 3-digit
  sequence, and a check character per ISO 7064 MOD 11-2 (``0``-``9`` or ``X``).
- X1: before publication, text is scanned for ID numbers with a valid check character
  (:func:`find_clear_id_numbers`); a hit blocks publication until masked.
- §7 renditions: mobile ``138****5678``; bank account last 4 digits only; ID numbers are never
  published (the masked ``370704********1234`` form is for staff screens and the audit trail).

Every mask keeps the length of its input (one ``*`` per hidden character) and keeps separators
(spaces, hyphens) in place. Pure: no Django import.
"""

from __future__ import annotations

import re
from datetime import date

from openvillage.core.errors import InvalidInput
from openvillage.core.text import gettext_noop

MASK = "*"

# Masking profiles a catalogue matter may name (X2). ``standard``: recipients' names in full,
# ID numbers never, phones 3+4, bank accounts last 4. ``surname_only``: as standard, and names of
# persons rendered as surname + 某 (minors, petitioners, complainants).
MASKING_PROFILES = ("standard", "surname_only")

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"  # indexed by (weighted sum mod 11)
_ID_SHAPE = re.compile(r"[0-9]{17}[0-9X]")
_MIN_BIRTH_YEAR = 1900

# Full-width digits and X as typed by Chinese input methods; mapped one character to one
# character, so that positions in the text stay valid.
_FULL_WIDTH = str.maketrans(
    {**{chr(0xFF10 + i): str(i) for i in range(10)}, "\uff38": "X", "\uff58": "x"}
)

# An ID number alone (18 characters) or grouped 6-8-4 by one space or hyphen, not part of a
# longer run of digits (a letter X after 18 digits does not hide them: refusal errs on caution).
_ID_IN_TEXT = re.compile(
    r"(?<![0-9])(?:[0-9]{17}[0-9Xx]|[0-9]{6}([ -])[0-9]{8}\1[0-9]{3}[0-9Xx])(?![0-9])"
)
# Mainland mobile: 11 digits starting 1[3-9], alone or grouped 3-4-4; an optional +86/86 prefix
# is left visible.
_PHONE_IN_TEXT = re.compile(
    r"(?:(?<![0-9])|(?<=\+86)|(?<=(?<![0-9])86))"
    r"(?:1[3-9][0-9]{9}|1[3-9][0-9]([ -])[0-9]{4}\1[0-9]{4})(?![0-9])"
)
# Bank account: a run of 16-19 digits, or 4-digit groups (16-19 digits in all).
_BANK_IN_TEXT = re.compile(
    r"(?<![0-9])(?:[0-9]{16,19}|[0-9]{4}(?:([ -])[0-9]{4}){3}(?:[ -][0-9]{1,3})?)(?![0-9])"
)


def id_check_character(first17: str) -> str:
    """Return the ISO 7064 MOD 11-2 check character for the first 17 digits (GB 11643 §5)."""
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def _birth_date(normalized: str) -> date | None:
    try:
        born = date(int(normalized[6:10]), int(normalized[10:12]), int(normalized[12:14]))
    except ValueError:
        return None
    return born if born.year >= _MIN_BIRTH_YEAR else None


def _id_problem(normalized: str, today: date | None) -> tuple[str, dict[str, object]] | None:
    """Return why ``normalized`` is not a valid ID number (message, params), or None."""
    if len(normalized) != 18:
        message = gettext_noop("An ID number has 18 characters; this one has %(length)s.")
        return message, {"length": len(normalized)}
    if not _ID_SHAPE.fullmatch(normalized):
        message = gettext_noop(
            "An ID number is 17 digits followed by a digit or X; this one has other characters."
        )
        return message, {}
    born = _birth_date(normalized)
    if born is None or (today is not None and born > today):
        message = gettext_noop("The birth date in this ID number (%(birth)s) is not a real date.")
        return message, {"birth": normalized[6:14]}
    if id_check_character(normalized[:17]) != normalized[17]:
        message = gettext_noop(
            "The check digit (last character) of this ID number does not match the others; "
            "please check it for a typo."
        )
        return message, {}
    return None


def validate_id_number(value: str, *, today: date | None = None) -> str:
    """Return the normalized ID number (trimmed, upper-case X) or raise InvalidInput.

    Checks length, characters, the birth date (a real date from 1900 on, not after ``today``
    when given) and the check character. The region code is not checked (codes change).
    """
    normalized = value.strip().translate(_FULL_WIDTH).upper()
    problem = _id_problem(normalized, today)
    if problem is not None:
        raise InvalidInput(problem[0], problem[1], field="id_number")
    return normalized


def is_valid_id_number(value: str, *, today: date | None = None) -> bool:
    """Return whether ``value`` is a valid ID number (see :func:`validate_id_number`)."""
    return _id_problem(value.strip().translate(_FULL_WIDTH).upper(), today) is None


def _hidden_positions(value: str, keep_start: int, keep_end: int) -> list[int]:
    """Return the positions of the digits/X of ``value`` to hide, all but the first and last."""
    positions = [i for i, c in enumerate(value) if c.isascii() and (c.isdigit() or c in "Xx")]
    return positions[keep_start : len(positions) - keep_end]


def _mask_middle(value: str, keep_start: int, keep_end: int) -> str:
    """Replace the digits/X of ``value`` by ``*`` except the first and last ones kept."""
    chars = list(value)
    for i in _hidden_positions(value, keep_start, keep_end):
        chars[i] = MASK
    return "".join(chars)


def mask_id_number(value: str, *, keep_start: int = 6, keep_end: int = 4) -> str:
    """Return ``370704********1234``: the first 6 and last 4 characters of an ID number.

    Validates the shape only (18 characters of the ID alphabet, or the old 15-digit form), not
    the check character: a mistyped number is still personal data. Raises InvalidInput otherwise.
    """
    normalized = value.strip().translate(_FULL_WIDTH).upper()
    if not (_ID_SHAPE.fullmatch(normalized) or re.fullmatch(r"[0-9]{15}", normalized)):
        raise InvalidInput(
            gettext_noop("This does not look like an ID number (18 characters)."),
            field="id_number",
        )
    return _mask_middle(normalized, keep_start, keep_end)


def mask_phone(value: str) -> str:
    """Return ``138****5678`` for a mainland mobile number; raise InvalidInput otherwise."""
    normalized = value.strip().translate(_FULL_WIDTH)
    if not re.fullmatch(r"1[3-9][0-9]{9}", normalized):
        raise InvalidInput(
            gettext_noop("A mobile number has 11 digits and starts with 13 to 19."),
            field="phone",
        )
    return _mask_middle(normalized, 3, 4)


def mask_bank_account(value: str) -> str:
    """Return the account number with all but the last 4 digits hidden (spaces kept)."""
    normalized = value.strip().translate(_FULL_WIDTH)
    digits = re.sub(r"[ -]", "", normalized)
    if not re.fullmatch(r"[0-9]{8,30}", digits):
        raise InvalidInput(
            gettext_noop("A bank account number has 8 to 30 digits."), field="bank_account"
        )
    return _mask_middle(normalized, 0, 4)


def mask_name(value: str) -> str:
    """Return ``张**``: the first character kept, each other one as ``*`` (``*`` for one)."""
    name = value.strip()
    if not name:
        raise InvalidInput(gettext_noop("The name is empty."), field="name")
    if len(name) == 1:
        return MASK
    return name[0] + MASK * (len(name) - 1)


def surname_mou(value: str, *, surname_length: int = 1) -> str:
    """Return ``张某``: surname + 某, for minors and petitioners (§7); compound: length 2."""
    name = value.strip()
    if len(name) <= surname_length:
        raise InvalidInput(
            gettext_noop("The name is too short to keep only the surname."), field="name"
        )
    return name[:surname_length] + "某"


def find_clear_id_numbers(text: str, *, today: date | None = None) -> list[tuple[int, int, str]]:
    """Return ``(start, end, normalized)`` for each valid ID number in ``text`` (X1).

    Valid means a correct check character and a real birth date; an 18-character run inside a
    longer run of digits is not an ID number. Full-width digits and 6-8-4 grouping with one
    space or hyphen are recognized.
    """
    found = []
    for match in _ID_IN_TEXT.finditer(text.translate(_FULL_WIDTH)):
        normalized = re.sub(r"[ -]", "", match.group()).upper()
        if _id_problem(normalized, today) is None:
            found.append((match.start(), match.end(), normalized))
    return found


ID_NUMBER = "id_number"
PHONE = "phone"
BANK_ACCOUNT = "bank_account"
_KEEP = {ID_NUMBER: (6, 4), PHONE: (3, 4), BANK_ACCOUNT: (0, 4)}


def find_personal_numbers(text: str, *, hex_safe: bool = False) -> list[tuple[int, int, str]]:
    """Return ``(start, end, kind)`` for each ID, mobile or bank account number in ``text`` (X1).

    ``kind`` is ``id_number``, ``phone`` or ``bank_account``; spans do not overlap and come in
    text order. Conservative: an 18-character ID-shaped run is an ID number when valid or when
    it ends in X; mobile numbers are 11 digits from 13 to 19 (3-4-4 grouping, a +86 prefix
    allowed); any other run of 16-19 digits (4-digit groups allowed) is a bank account. Runs
    longer than 19 digits are not matched. With ``hex_safe`` a run of digits inside a hex string
    (a SHA-256 in a ledger record or an audit note) is not a number.
    """
    scan = text.translate(_FULL_WIDTH)
    hits: list[tuple[int, int, str]] = []

    def add(start: int, end: int, kind: str) -> None:
        if hex_safe and _inside_hex(scan, start, end):
            return
        if not any(start < b and a < end for a, b, _ in hits):
            hits.append((start, end, kind))

    for match in _ID_IN_TEXT.finditer(scan):
        candidate = re.sub(r"[ -]", "", match.group()).upper()
        if candidate.endswith("X") or _id_problem(candidate, None) is None:
            add(match.start(), match.end(), ID_NUMBER)
    for match in _PHONE_IN_TEXT.finditer(scan):
        add(match.start(), match.end(), PHONE)
    for match in _BANK_IN_TEXT.finditer(scan):
        add(match.start(), match.end(), BANK_ACCOUNT)
    return sorted(hits)


_HEX_LETTER = re.compile(r"[a-fA-F]")


def _inside_hex(scan: str, start: int, end: int) -> bool:
    """Whether the span touches a hex letter on either side (part of a hash, not a number)."""
    before = scan[start - 1] if start > 0 else ""
    after = scan[end] if end < len(scan) else ""
    return bool(_HEX_LETTER.fullmatch(before) or _HEX_LETTER.fullmatch(after))


def mask_text(text: str, *, hex_safe: bool = False) -> str:
    """Return ``text`` with the numbers of :func:`find_personal_numbers` masked.

    ID numbers keep their first 6 and last 4 characters, mobile numbers ``138****5678``, bank
    accounts their last 4 digits. Length and every other character are preserved. With
    ``hex_safe`` a run of digits inside a hex string (a SHA-256 in an audit note) is left alone.
    """
    scan = text.translate(_FULL_WIDTH)
    chars = list(text)
    for start, end, kind in find_personal_numbers(text, hex_safe=hex_safe):
        keep_start, keep_end = _KEEP[kind]
        for i in _hidden_positions(scan[start:end], keep_start, keep_end):
            chars[start + i] = MASK
    return "".join(chars)
