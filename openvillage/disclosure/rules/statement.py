"""Finance statements: income and expenditure lines by account that must add up (disclosure.md §4).

A statement has lines ``(kind, account, name, amount_fen)`` with ``kind`` ``income`` or
``expenditure`` and amounts in whole fen (1 yuan = 100 fen; integer arithmetic only). Rules:

- S1. An account whose code is the prefix of other accounts of the same kind is a subtotal: its
  amount equals the sum of its direct sub-accounts (``501`` = ``50101`` + ``50102``).
- S2. The declared income (expenditure) total equals the sum of the top-level income
  (expenditure) lines.
- S3. When both balances are given: opening + income total - expenditure total = closing.
- S4. The opening balance equals the previous statement's closing balance unless the difference
  is explained (:func:`check_opening`).

A failure raises :class:`InvalidInput` naming the line that breaks the sum (``lines[2]`` is the
third line) and the amounts in yuan. Pure: no Django import.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from openvillage.core.errors import InvalidInput
from openvillage.core.text import gettext_noop

KINDS = ("income", "expenditure")
_ACCOUNT = re.compile(r"[0-9A-Za-z]{1,20}")
_YUAN = re.compile(r"(-?)([0-9]{1,13})(?:\.([0-9]{1,2}))?")
MAX_FEN = 10**15


@dataclass(frozen=True)
class Line:
    kind: str
    account: str
    name: str
    amount_fen: int


@dataclass(frozen=True)
class Statement:
    lines: tuple[Line, ...]
    income_total_fen: int
    expenditure_total_fen: int
    opening_balance_fen: int | None = None
    closing_balance_fen: int | None = None
    #: Why the opening balance differs from the previous statement's closing balance (S4).
    opening_note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "lines": [
                {"kind": x.kind, "account": x.account, "name": x.name, "amount_fen": x.amount_fen}
                for x in self.lines
            ],
            "income_total_fen": self.income_total_fen,
            "expenditure_total_fen": self.expenditure_total_fen,
            "opening_balance_fen": self.opening_balance_fen,
            "closing_balance_fen": self.closing_balance_fen,
            "opening_note": self.opening_note,
        }


def yuan(fen: int) -> str:
    """Return ``1,234.50`` for 123450 fen (negative amounts keep their sign)."""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), 100)
    return f"{sign}{whole:,}.{cents:02d}"


#: What clerks type around an amount: thousands separators (also full-width), the yuan sign, the
#: word 元 and spaces. Full-width digits and points are read as their ASCII forms.
_TYPED = str.maketrans("０１２３４５６７８９．－", "0123456789.-", ",，¥￥元 \u3000")


def parse_yuan(text: str, *, field: str) -> int:
    """Return the amount in fen of ``"1234.5"``, ``"1,000.00"`` or ``"1000"`` (no floats; at
    most two decimals)."""
    match = _YUAN.fullmatch(text.strip().translate(_TYPED))
    if not match:
        raise InvalidInput(
            gettext_noop("%(value)s is not an amount in yuan such as 1234.50."),
            {"value": text},
            field=field,
        )
    sign, whole, cents = match.groups()
    fen = int(whole) * 100 + int((cents or "0").ljust(2, "0"))
    return -fen if sign else fen


def _amount(value: object, field: str, *, negative_ok: bool = False) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(
            gettext_noop("The amount must be a whole number of fen."), {}, field=field
        )
    if abs(value) > MAX_FEN or (value < 0 and not negative_ok):
        raise InvalidInput(
            gettext_noop("The amount %(value)s fen is out of range."), {"value": value}, field=field
        )
    return value


def _line(index: int, data: object) -> Line:
    field = f"statement.lines[{index}]"
    if not isinstance(data, Mapping):
        raise InvalidInput(gettext_noop("Line %(n)s is not a line."), {"n": index + 1}, field=field)
    kind = data.get("kind")
    if kind not in KINDS:
        raise InvalidInput(
            gettext_noop("Line %(n)s: the kind must be income or expenditure."),
            {"n": index + 1},
            field=f"{field}.kind",
        )
    account = str(data.get("account", "")).strip()
    if not _ACCOUNT.fullmatch(account):
        raise InvalidInput(
            gettext_noop("Line %(n)s: the account code must be letters or digits."),
            {"n": index + 1},
            field=f"{field}.account",
        )
    name = str(data.get("name", "")).strip()[:100]
    return Line(kind, account, name, _amount(data.get("amount_fen"), f"{field}.amount_fen"))


def parse_statement(data: object) -> Statement:
    """Validate a statement given as a mapping (JSON) and check that it adds up."""
    if not isinstance(data, Mapping):
        raise InvalidInput(gettext_noop("The statement is missing."), {}, field="statement")
    raw_lines = data.get("lines")
    if not isinstance(raw_lines, Sequence) or isinstance(raw_lines, str) or not raw_lines:
        raise InvalidInput(
            gettext_noop("A finance statement needs at least one line."), {}, field="statement"
        )
    lines = tuple(_line(i, item) for i, item in enumerate(raw_lines))
    balances = {}
    for key in ("opening_balance_fen", "closing_balance_fen"):
        value = data.get(key)
        balances[key] = None if value is None else _amount(value, key, negative_ok=True)
    note = data.get("opening_note") or ""
    if not isinstance(note, str):
        raise InvalidInput(
            gettext_noop("The explanation must be text."), {}, field="statement.opening_note"
        )
    statement = Statement(
        lines,
        _amount(data.get("income_total_fen"), "statement.income_total_fen"),
        _amount(data.get("expenditure_total_fen"), "statement.expenditure_total_fen"),
        balances["opening_balance_fen"],
        balances["closing_balance_fen"],
        note.strip()[:500],
    )
    check_statement(statement)
    return statement


def _label(index: int, line: Line) -> dict[str, object]:
    return {"n": index + 1, "account": line.account, "name": line.name}


def check_statement(statement: Statement) -> None:
    """Raise InvalidInput naming the first line or total that breaks S1–S3."""
    seen: dict[tuple[str, str], int] = {}
    for index, line in enumerate(statement.lines):
        key = (line.kind, line.account)
        if key in seen:
            raise InvalidInput(
                gettext_noop("Line %(n)s: account %(account)s appears twice."),
                _label(index, line),
                field=f"statement.lines[{index}].account",
            )
        seen[key] = index
    lines = statement.lines
    for index, line in enumerate(lines):
        children = _children(line, lines)
        if children and sum(c.amount_fen for c in children) != line.amount_fen:
            raise InvalidInput(
                gettext_noop(
                    "Line %(n)s (%(account)s %(name)s) says %(amount)s yuan but its "
                    "sub-accounts add up to %(sum)s yuan."
                ),
                {
                    **_label(index, line),
                    "amount": yuan(line.amount_fen),
                    "sum": yuan(sum(c.amount_fen for c in children)),
                },
                field=f"statement.lines[{index}].amount_fen",
            )
    for kind, declared, field in (
        ("income", statement.income_total_fen, "statement.income_total_fen"),
        ("expenditure", statement.expenditure_total_fen, "statement.expenditure_total_fen"),
    ):
        total = sum(x.amount_fen for x in lines if x.kind == kind and _is_top(x, lines))
        if total != declared:
            message = (
                gettext_noop(
                    "The income total says %(declared)s yuan but the lines add up to %(sum)s yuan."
                )
                if kind == "income"
                else gettext_noop(
                    "The expenditure total says %(declared)s yuan but the lines add up to "
                    "%(sum)s yuan."
                )
            )
            raise InvalidInput(
                message, {"declared": yuan(declared), "sum": yuan(total)}, field=field
            )
    _check_balance(statement)


def _check_balance(statement: Statement) -> None:
    opening, closing = statement.opening_balance_fen, statement.closing_balance_fen
    if opening is None or closing is None:
        return
    expected = opening + statement.income_total_fen - statement.expenditure_total_fen
    if expected != closing:
        raise InvalidInput(
            gettext_noop(
                "The closing balance says %(closing)s yuan but opening balance plus income minus "
                "expenditure is %(expected)s yuan."
            ),
            {"closing": yuan(closing), "expected": yuan(expected)},
            field="statement.closing_balance_fen",
        )


def _parent(line: Line, lines: Sequence[Line]) -> Line | None:
    """The longest other account of the same kind whose code is a prefix of this one's."""
    best = None
    for other in lines:
        if (
            other.kind == line.kind
            and other.account != line.account
            and line.account.startswith(other.account)
            and (best is None or len(other.account) > len(best.account))
        ):
            best = other
    return best


def _children(line: Line, lines: Sequence[Line]) -> list[Line]:
    return [x for x in lines if x is not line and _parent(x, lines) is line]


def _is_top(line: Line, lines: Sequence[Line]) -> bool:
    return _parent(line, lines) is None


def check_opening(statement: Statement, previous_closing_fen: int | None) -> None:
    """S4. The opening balance is the previous statement's closing balance, or the difference
    is explained (a correction of last month's books, an account opened or closed)."""
    if previous_closing_fen is None or statement.opening_balance_fen is None:
        return
    if statement.opening_balance_fen != previous_closing_fen and not statement.opening_note:
        raise InvalidInput(
            gettext_noop(
                "The opening balance %(opening)s yuan differs from the previous statement's "
                "closing balance %(previous)s yuan: explain the difference."
            ),
            {
                "opening": yuan(statement.opening_balance_fen),
                "previous": yuan(previous_closing_fen),
            },
            field="statement.opening_note",
        )


def totals(lines: Sequence[Mapping[str, Any]]) -> tuple[int, int]:
    """The income and expenditure totals of lines given as mappings: the sums of the top-level
    lines (a sub-account is counted in its parent, S1-S2)."""
    parsed = [Line(str(x["kind"]), str(x["account"]), "", int(x["amount_fen"])) for x in lines]
    income = sum(x.amount_fen for x in parsed if x.kind == "income" and _is_top(x, parsed))
    spent = sum(x.amount_fen for x in parsed if x.kind == "expenditure" and _is_top(x, parsed))
    return income, spent
