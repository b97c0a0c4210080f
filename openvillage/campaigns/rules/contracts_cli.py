"""JSON in, JSON out: the pure core of ``openvillage contracts check``.

Input: ``{"today": "YYYY-MM-DD", "params": {...optional...}, "contracts": [...]}`` (every contract
field required, see :data:`CONTRACT_FIELDS`). Output, exit 0: ``{"contracts": [{"id", "flags",
"arrears_fen", "lawful_end"}]}`` in input order, flags in rule order. Malformed input (an unknown or
missing field, an unknown kind, an end before its start, an impossible date, a negative or
non-integer amount, ``true`` or ``1.0`` where an integer is asked, a duplicate id): exit 2 with
``{"error": "..."}`` naming the contract and the field.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Mapping
from datetime import date
from typing import IO, Any

from .redflags import Contract, Decision, Finding, Kind, Params, Payment, check_register

EXIT_OK = 0
EXIT_BAD_INPUT = 2

CONTRACT_FIELDS = (
    "id",
    "kind",
    "start",
    "end",
    "written",
    "decision",
    "outside_party",
    "two_thirds_consent",
    "township_approval",
    "competition",
    "competition_required",
    "annual_rent_fen",
    "reference_rent_fen",
    "parent_end",
    "clauses_text",
    "recovered",
    "cadre_relation",
    "missing_clauses",
    "payments",
)
BOOLEAN_FIELDS = (
    "written",
    "outside_party",
    "two_thirds_consent",
    "township_approval",
    "competition",
    "competition_required",
    "recovered",
    "cadre_relation",
)
PAYMENT_FIELDS = ("due", "amount_fen", "paid_fen")
PARAM_FIELDS = (
    "rent_share_percent",
    "arrears_warning_days",
    "arrears_error_days",
    "four_wastes_max_years",
    "second_round_expiry",
    "expiry_keywords",
)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class Malformed(ValueError):
    """The input is not a well-formed request; the message names where."""


def _object(
    value: Any, where: str, fields: tuple[str, ...], *, required: bool = True
) -> dict[str, Any]:
    if type(value) is not dict:
        raise Malformed(f"{where} must be a JSON object")
    unknown = sorted(set(value) - set(fields))
    if unknown:
        raise Malformed(f"{where} has an unknown field {unknown[0]!r}")
    if required:
        missing = [name for name in fields if name not in value]
        if missing:
            raise Malformed(f"{where} lacks the field {missing[0]!r}")
    return value


def _date(value: Any, where: str) -> date:
    if type(value) is not str or not _ISO_DATE.fullmatch(value):
        raise Malformed(f"{where} must be a date written YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise Malformed(f"{where} is not a date that exists: {value}") from None


def _optional_date(value: Any, where: str) -> date | None:
    return None if value is None else _date(value, where)


def _whole(value: Any, where: str, *, minimum: int = 0) -> int:
    """A JSON integer (``true`` and ``1.0`` are not) of at least ``minimum``."""
    if type(value) is not int:
        raise Malformed(f"{where} must be a whole number")
    if value < minimum:
        raise Malformed(f"{where} must be at least {minimum}")
    return value


def _flag(value: Any, where: str) -> bool:
    if type(value) is not bool:
        raise Malformed(f"{where} must be true or false")
    return value


def _text_list(value: Any, where: str) -> tuple[str, ...]:
    if type(value) is not list or any(type(item) is not str for item in value):
        raise Malformed(f"{where} must be a list of texts")
    return tuple(value)


def _params(value: Any) -> Params:
    given = _object(value, "params", PARAM_FIELDS, required=False)
    defaults = Params()
    return Params(
        rent_share_percent=_whole(
            given.get("rent_share_percent", defaults.rent_share_percent),
            "params.rent_share_percent",
        ),
        arrears_warning_days=_whole(
            given.get("arrears_warning_days", defaults.arrears_warning_days),
            "params.arrears_warning_days",
        ),
        arrears_error_days=_whole(
            given.get("arrears_error_days", defaults.arrears_error_days),
            "params.arrears_error_days",
        ),
        four_wastes_max_years=_whole(
            given.get("four_wastes_max_years", defaults.four_wastes_max_years),
            "params.four_wastes_max_years",
            minimum=1,
        ),
        second_round_expiry=_optional_date(
            given.get("second_round_expiry"), "params.second_round_expiry"
        ),
        expiry_keywords=_text_list(
            given.get("expiry_keywords", list(defaults.expiry_keywords)), "params.expiry_keywords"
        ),
    )


def _contract_id(value: Any, index: int) -> str | int:
    if type(value) is int or (type(value) is str and value.strip()):
        return value
    raise Malformed(f"contract #{index + 1}: field 'id' must be a text or a whole number")


def _payment(value: Any, where: str) -> Payment:
    data = _object(value, where, PAYMENT_FIELDS)
    return Payment(
        due=_date(data["due"], f"{where}.due"),
        amount_fen=_whole(data["amount_fen"], f"{where}.amount_fen"),
        paid_fen=_whole(data["paid_fen"], f"{where}.paid_fen"),
    )


def parse_contract(value: Any, index: int) -> Contract:
    """Turn one input contract into a :class:`Contract`, or raise :class:`Malformed`."""
    if type(value) is not dict:
        raise Malformed(f"contract #{index + 1} must be a JSON object")
    cid = _contract_id(value.get("id"), index)
    name = f"contract {cid!r}"
    data = _object(value, name, CONTRACT_FIELDS)
    try:
        kind = Kind(data["kind"])
    except (ValueError, TypeError):
        raise Malformed(f"{name}: field 'kind' is not one of {', '.join(Kind)}") from None
    try:
        decision = Decision(data["decision"])
    except (ValueError, TypeError):
        raise Malformed(f"{name}: field 'decision' is not one of {', '.join(Decision)}") from None
    start = _date(data["start"], f"{name}: field 'start'")
    end = _date(data["end"], f"{name}: field 'end'")
    if end < start:
        raise Malformed(f"{name}: field 'end' is before 'start'")
    flags = {key: _flag(data[key], f"{name}: field {key!r}") for key in BOOLEAN_FIELDS}
    reference = data["reference_rent_fen"]
    if type(data["clauses_text"]) is not str:
        raise Malformed(f"{name}: field 'clauses_text' must be a text")
    if type(data["payments"]) is not list:
        raise Malformed(f"{name}: field 'payments' must be a list")
    return Contract(
        id=cid,
        kind=kind,
        start=start,
        end=end,
        decision=decision,
        annual_rent_fen=_whole(data["annual_rent_fen"], f"{name}: field 'annual_rent_fen'"),
        reference_rent_fen=(
            None if reference is None else _whole(reference, f"{name}: field 'reference_rent_fen'")
        ),
        parent_end=_optional_date(data["parent_end"], f"{name}: field 'parent_end'"),
        clauses_text=data["clauses_text"],
        missing_clauses=_text_list(data["missing_clauses"], f"{name}: field 'missing_clauses'"),
        payments=tuple(
            _payment(p, f"{name}: payments[{i}]") for i, p in enumerate(data["payments"])
        ),
        **flags,
    )


def finding_document(finding: Finding) -> dict[str, Any]:
    return {
        "id": finding.id,
        "flags": [
            {"rule": f.rule, "severity": f.severity, "detail": f.detail} for f in finding.flags
        ],
        "arrears_fen": finding.arrears_fen,
        "lawful_end": finding.lawful_end.isoformat(),
    }


def run_check(document: Any) -> tuple[int, dict[str, Any]]:
    """Return ``(exit code, output document)`` for one input document (pure)."""
    try:
        data = _object(document, "the input", ("today", "params", "contracts"), required=False)
        for name in ("today", "contracts"):
            if name not in data:
                raise Malformed(f"the input lacks the field {name!r}")
        today = _date(data["today"], "today")
        params = _params(data.get("params", {}))
        if type(data["contracts"]) is not list:
            raise Malformed("contracts must be a list")
        contracts = [parse_contract(value, i) for i, value in enumerate(data["contracts"])]
        seen: set[tuple[type, str | int]] = set()
        for contract in contracts:
            key = (type(contract.id), contract.id)
            if key in seen:
                raise Malformed(f"contract {contract.id!r}: field 'id' is a duplicate")
            seen.add(key)
    except Malformed as err:
        return EXIT_BAD_INPUT, {"error": str(err)}
    findings = check_register(contracts, today, params)
    return EXIT_OK, {"contracts": [finding_document(f) for f in findings]}


def main(stdin: IO[str] | None = None, stdout: IO[str] | None = None) -> int:
    """Read one JSON document from ``stdin``, answer on ``stdout``, return the exit code."""
    source = stdin if stdin is not None else sys.stdin
    target = stdout if stdout is not None else sys.stdout
    try:
        document: Mapping[str, Any] = json.loads(source.read())
    except (ValueError, RecursionError):
        code, output = EXIT_BAD_INPUT, {"error": "the input is not one valid JSON document"}
    else:
        code, output = run_check(document)
    target.write(json.dumps(output, ensure_ascii=False) + "\n")
    return code
