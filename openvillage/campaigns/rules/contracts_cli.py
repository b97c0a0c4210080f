"""JSON in, JSON out: the pure core of ``openvillage contracts check``.

Input: ``{"today": "YYYY-MM-DD", "params": {...optional...}, "contracts": [...]}`` (every contract
field required, see :data:`CONTRACT_FIELDS`). Output, exit 0: ``{"contracts": [{"id", "flags",
"arrears_fen", "lawful_end"}]}`` in input order, flags in rule order. Malformed input (an unknown or
missing field, an unknown kind, an end before its start, an impossible date, a negative or
non-integer amount, ``true`` or ``1.0`` where an integer is asked, a duplicate id): exit 2 with
``{"error": "..."}`` naming the contract and the field.
"""

from __future__ import annotations

import sys
from typing import IO, Any

from openvillage.core.jsonio import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    Malformed,
    check_unique_ids,
    read_bool,
    read_date,
    read_id,
    read_int,
    read_object,
    read_optional_date,
    read_text_list,
    run_json_command,
)

from .redflags import Contract, Decision, Finding, Kind, Params, Payment, check_register

__all__ = ["EXIT_BAD_INPUT", "EXIT_OK", "main", "run_check"]

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


def _params(value: Any) -> Params:
    given = read_object(value, "params", PARAM_FIELDS, required=())
    defaults = Params()

    def whole(name: str, minimum: int = 0) -> int:
        return read_int(given.get(name, getattr(defaults, name)), f"params.{name}", minimum=minimum)

    return Params(
        rent_share_percent=whole("rent_share_percent"),
        arrears_warning_days=whole("arrears_warning_days"),
        arrears_error_days=whole("arrears_error_days"),
        four_wastes_max_years=whole("four_wastes_max_years", minimum=1),
        second_round_expiry=read_optional_date(
            given.get("second_round_expiry"), "params.second_round_expiry"
        ),
        expiry_keywords=read_text_list(
            given.get("expiry_keywords", list(defaults.expiry_keywords)), "params.expiry_keywords"
        ),
    )


def _payment(value: Any, where: str) -> Payment:
    data = read_object(value, where, PAYMENT_FIELDS)
    return Payment(
        due=read_date(data["due"], f"{where}.due"),
        amount_fen=read_int(data["amount_fen"], f"{where}.amount_fen"),
        paid_fen=read_int(data["paid_fen"], f"{where}.paid_fen"),
    )


def parse_contract(value: Any, index: int) -> Contract:
    """Turn one input contract into a :class:`Contract`, or raise :class:`Malformed`."""
    if type(value) is not dict:
        raise Malformed(f"contract #{index + 1} must be a JSON object")
    cid = read_id(value.get("id"), f"contract #{index + 1}")
    name = f"contract {cid!r}"
    data = read_object(value, name, CONTRACT_FIELDS)
    try:
        kind = Kind(data["kind"])
    except (ValueError, TypeError):
        raise Malformed(f"{name}: field 'kind' is not one of {', '.join(Kind)}") from None
    try:
        decision = Decision(data["decision"])
    except (ValueError, TypeError):
        raise Malformed(f"{name}: field 'decision' is not one of {', '.join(Decision)}") from None
    start = read_date(data["start"], f"{name}: field 'start'")
    end = read_date(data["end"], f"{name}: field 'end'")
    if end < start:
        raise Malformed(f"{name}: field 'end' is before 'start'")
    flags = {key: read_bool(data[key], f"{name}: field {key!r}") for key in BOOLEAN_FIELDS}
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
        annual_rent_fen=read_int(data["annual_rent_fen"], f"{name}: field 'annual_rent_fen'"),
        reference_rent_fen=(
            None
            if reference is None
            else read_int(reference, f"{name}: field 'reference_rent_fen'")
        ),
        parent_end=read_optional_date(data["parent_end"], f"{name}: field 'parent_end'"),
        clauses_text=data["clauses_text"],
        missing_clauses=read_text_list(data["missing_clauses"], f"{name}: field 'missing_clauses'"),
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


def answer(document: Any) -> dict[str, Any]:
    """The output document for one input document, or raise :class:`Malformed`."""
    data = read_object(
        document, "the input", ("today", "params", "contracts"), required=("today", "contracts")
    )
    today = read_date(data["today"], "today")
    params = _params(data.get("params", {}))
    if type(data["contracts"]) is not list:
        raise Malformed("contracts must be a list")
    contracts = [parse_contract(value, i) for i, value in enumerate(data["contracts"])]
    check_unique_ids([c.id for c in contracts], "contract")
    findings = check_register(contracts, today, params)
    return {"contracts": [finding_document(f) for f in findings]}


def run_check(document: Any) -> tuple[int, dict[str, Any]]:
    """Return ``(exit code, output document)`` for one input document (pure)."""
    try:
        return EXIT_OK, answer(document)
    except Malformed as err:
        return EXIT_BAD_INPUT, {"error": str(err)}


def main(stdin: IO[str] | None = None, stdout: IO[str] | None = None) -> int:
    """Read one JSON document from ``stdin``, answer on ``stdout``, return the exit code."""
    return run_json_command(answer, stdin or sys.stdin, stdout or sys.stdout)
