"""Strict readers for the offline JSON commands (``contracts check``, ``stars score``...), pure.

JSON is loose where the law is not: ``true`` is not a count, ``1.0`` is not a whole number and a
field nobody defined is a typo. Each reader raises :class:`Malformed` naming where the input is
wrong; :func:`run_json_command` turns that into exit 2 with ``{"error": "..."}``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from typing import IO, Any

EXIT_OK = 0
EXIT_BAD_INPUT = 2
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class Malformed(ValueError):
    """The input is not a well-formed request; the message names where."""


def read_object(
    value: Any, where: str, fields: tuple[str, ...], *, required: tuple[str, ...] | None = None
) -> dict[str, Any]:
    """An object with no field outside ``fields`` and every one of ``required`` (default: all)."""
    if type(value) is not dict:
        raise Malformed(f"{where} must be a JSON object")
    unknown = sorted(set(value) - set(fields))
    if unknown:
        raise Malformed(f"{where} has an unknown field {unknown[0]!r}")
    missing = [name for name in (fields if required is None else required) if name not in value]
    if missing:
        raise Malformed(f"{where} lacks the field {missing[0]!r}")
    return value


def read_date(value: Any, where: str) -> date:
    """A date written ``YYYY-MM-DD`` that exists."""
    if type(value) is not str or not _ISO_DATE.fullmatch(value):
        raise Malformed(f"{where} must be a date written YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise Malformed(f"{where} is not a date that exists: {value}") from None


def read_optional_date(value: Any, where: str) -> date | None:
    return None if value is None else read_date(value, where)


def read_int(value: Any, where: str, *, minimum: int | None = 0) -> int:
    """A JSON integer (``true`` and ``1.0`` are not) of at least ``minimum`` (None: any)."""
    if type(value) is not int:
        raise Malformed(f"{where} must be a whole number")
    if minimum is not None and value < minimum:
        raise Malformed(f"{where} must be at least {minimum}")
    return value


def read_bool(value: Any, where: str) -> bool:
    if type(value) is not bool:
        raise Malformed(f"{where} must be true or false")
    return value


def read_text_list(value: Any, where: str) -> tuple[str, ...]:
    if type(value) is not list or any(type(item) is not str for item in value):
        raise Malformed(f"{where} must be a list of texts")
    return tuple(value)


def read_id(value: Any, where: str) -> str | int:
    """An identifier: a non-empty text or a whole number."""
    if type(value) is int or (type(value) is str and value.strip()):
        return value
    raise Malformed(f"{where}: field 'id' must be a text or a whole number")


def check_unique_ids(ids: list[str | int], what: str) -> None:
    """Refuse a repeated id (``1`` and ``"1"`` are different ids)."""
    seen: set[tuple[type, str | int]] = set()
    for ident in ids:
        key = (type(ident), ident)
        if key in seen:
            raise Malformed(f"{what} {ident!r}: field 'id' is a duplicate")
        seen.add(key)


def run_json_command(
    answer: Callable[[Any], dict[str, Any]], stdin: IO[str], stdout: IO[str]
) -> int:
    """Read one JSON document, write ``answer(document)`` or the error; return the exit code."""
    try:
        document = json.loads(stdin.read())
    except (ValueError, RecursionError):
        code, output = EXIT_BAD_INPUT, {"error": "the input is not one valid JSON document"}
    else:
        try:
            code, output = EXIT_OK, answer(document)
        except Malformed as err:
            code, output = EXIT_BAD_INPUT, {"error": str(err)}
    stdout.write(json.dumps(output, ensure_ascii=False) + "\n")
    return code
