"""ID numbers of GB 11643-1999: validation and masking. Pure (no Django import)."""

from __future__ import annotations

import re
from datetime import date

from openvillage.core.errors import InvalidInput
from openvillage.core.text import gettext_noop

ID_RE = re.compile(r"^\d{17}[\dX]$")
# ISO 7064 MOD 11-2 weights of the first 17 digits, and the check character by remainder.
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"


def check_character(first17: str) -> str:
    """The GB 11643 check character of the first 17 digits (ISO 7064 MOD 11-2)."""
    return CHECK[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


def birth_date_of(number: str) -> date | None:
    try:
        return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def validate_id_number(raw: str) -> str:
    """Return the normalized number (upper-case X) or raise InvalidInput saying what is wrong."""
    number = (raw or "").strip().upper()
    if not ID_RE.match(number):
        raise InvalidInput(
            gettext_noop("An ID number has 18 characters: 17 digits and a digit or X."),
            field="id_number",
        )
    if birth_date_of(number) is None:
        raise InvalidInput(
            gettext_noop("The birth date inside this ID number is not a real date."),
            field="id_number",
        )
    if check_character(number[:17]) != number[17]:
        raise InvalidInput(
            gettext_noop("This ID number's check digit is wrong: please check it for a typo."),
            field="id_number",
        )
    return number


def mask_id_number(number: str) -> str:
    """Keep the first six and last four characters: ``370704********1234``."""
    return number[:6] + "*" * (len(number) - 10) + number[-4:]
