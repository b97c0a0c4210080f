"""Red flags over a village's contract register (campaigns.md §4-§5), pure and deterministic.

Each check is advice, never invalidation: a flag records its rule, the parameter value and the
data that triggered it. Terms are counted as the Civil Code counts them (see
:mod:`openvillage.core.periods`): a term of N years from ``start`` ends on the same day N years
later (Art. 201-202; the last day of the month where that day does not exist); "以上" includes
the number, "超过" excludes it (Art. 1259).

Statutory caps:

- RF1 lease: at most 20 years; the excess is void, not the lease (Civil Code Art. 705).
- RF2 household contracts: farmland 30 years, grassland up to 50, forest land up to 70
  (Civil Code Art. 332; Land Contract Law Art. 21).
- RF3 four-wastes land: ``four_wastes_max_years`` (50 by default; town guidance, region data).
- RF5 a transfer may not outlast the remaining term of the right transferred
  (Land Contract Law Art. 38).
- RF6 a lease of six months or more must be written (Civil Code Art. 707; "以上" includes six).
- RF8 contracting to an outside party needs two thirds of the villagers' meeting or representatives
  and the township's approval (Land Contract Law Art. 52).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from openvillage.core.periods import add_years, lasts_at_least_months

ERROR = "error"
WARNING = "warning"


class Kind(StrEnum):
    """What a contract lets: the kind decides its statutory cap."""

    LEASE = "lease"
    FARMLAND = "farmland"
    GRASSLAND = "grassland"
    FOREST_LAND = "forest_land"
    FOUR_WASTES = "four_wastes"
    TRANSFER = "transfer"


class Decision(StrEnum):
    """Where the contract's decision case under the power list stands."""

    COMPLETED = "completed"
    IN_PROGRESS = "in_progress"
    NONE = "none"


# Fixed statutory caps in years (Civil Code Art. 705 for leases, Art. 332 for household contracts).
STATUTORY_YEARS: dict[Kind, int] = {
    Kind.LEASE: 20,
    Kind.FARMLAND: 30,
    Kind.GRASSLAND: 50,
    Kind.FOREST_LAND: 70,
}
WRITING_REQUIRED_MONTHS = 6  # Civil Code Art. 707: "六个月以上" must be written


@dataclass(frozen=True)
class Params:
    """The region's parameters (rule-set data); the defaults are the platform's."""

    rent_share_percent: int = 70
    arrears_warning_days: int = 90
    arrears_error_days: int = 365
    four_wastes_max_years: int = 50
    second_round_expiry: date | None = None  # None: RF4 is off
    expiry_keywords: tuple[str, ...] = ("到期补偿", "折价归还")


@dataclass(frozen=True)
class Payment:
    due: date
    amount_fen: int
    paid_fen: int

    @property
    def unpaid_fen(self) -> int:
        """What is still owed; an overpaid payment counts as paid, never as credit."""
        return max(0, self.amount_fen - self.paid_fen)


@dataclass(frozen=True)
class Contract:
    id: str | int
    kind: Kind
    start: date
    end: date
    written: bool
    decision: Decision
    outside_party: bool
    two_thirds_consent: bool
    township_approval: bool
    competition: bool
    competition_required: bool
    annual_rent_fen: int
    reference_rent_fen: int | None
    parent_end: date | None
    clauses_text: str
    recovered: bool
    cadre_relation: bool
    missing_clauses: tuple[str, ...] = ()
    payments: tuple[Payment, ...] = ()


@dataclass(frozen=True)
class Flag:
    rule: str
    severity: str
    detail: dict[str, Any]


@dataclass(frozen=True)
class Finding:
    id: str | int
    flags: tuple[Flag, ...]
    arrears_fen: int
    lawful_end: date

    @property
    def rules(self) -> tuple[str, ...]:
        """The rules that flagged, in rule order."""
        return tuple(flag.rule for flag in self.flags)


def cap_years(kind: Kind, params: Params) -> int | None:
    """The statutory (or regional) cap of a kind in years; ``None`` for a transfer."""
    if kind is Kind.FOUR_WASTES:
        return params.four_wastes_max_years
    return STATUTORY_YEARS.get(kind)


def lawful_end(contract: Contract, params: Params) -> date:
    """The earlier of ``end`` and the cap (for a transfer, the end of the right transferred)."""
    years = cap_years(contract.kind, params)
    if years is not None:
        return min(contract.end, add_years(contract.start, years))
    if contract.kind is Kind.TRANSFER and contract.parent_end is not None:
        return min(contract.end, contract.parent_end)
    return contract.end


def arrears_fen(contract: Contract, today: date) -> int:
    """What is unpaid on the payments due before ``today``."""
    return sum(p.unpaid_fen for p in contract.payments if p.due < today)


def _term_flags(contract: Contract, params: Params) -> list[Flag]:
    """RF1-RF3: the term ends after its kind's cap (Art. 705, Art. 332, the four-wastes cap)."""
    years = cap_years(contract.kind, params)
    if years is None:
        return []
    cap_end = add_years(contract.start, years)
    if contract.end <= cap_end:
        return []
    rule = {Kind.LEASE: "RF1", Kind.FOUR_WASTES: "RF3"}.get(contract.kind, "RF2")
    detail = {
        "cap_years": years,
        "start": contract.start.isoformat(),
        "end": contract.end.isoformat(),
        "cap_end": cap_end.isoformat(),
    }
    return [Flag(rule, ERROR, detail)]


def _arrears_flag(contract: Contract, today: date, params: Params) -> list[Flag]:
    """RF11: the oldest unpaid payment overdue more than the warning (or error) number of days.

    A payment is overdue from the day after its due date; its age is ``today - due`` in days;
    "超过" N days excludes N itself (Art. 1259).
    """
    overdue = [p for p in contract.payments if p.due < today and p.unpaid_fen > 0]
    if not overdue:
        return []
    oldest = min(overdue, key=lambda p: p.due)
    age = (today - oldest.due).days
    if age > params.arrears_error_days:
        severity = ERROR
    elif age > params.arrears_warning_days:
        severity = WARNING
    else:
        return []
    detail = {
        "due": oldest.due.isoformat(),
        "age_days": age,
        "unpaid_fen": oldest.unpaid_fen,
        "arrears_warning_days": params.arrears_warning_days,
        "arrears_error_days": params.arrears_error_days,
    }
    return [Flag("RF11", severity, detail)]


def check_contract(contract: Contract, today: date, params: Params) -> Finding:
    """Return every red flag of one contract, in rule order, with its arrears and lawful end."""
    c = contract
    flags: list[Flag] = _term_flags(c, params)
    detail: dict[str, Any]
    if (
        c.kind is Kind.FARMLAND
        and params.second_round_expiry is not None
        and c.end > params.second_round_expiry
    ):
        detail = {
            "second_round_expiry": params.second_round_expiry.isoformat(),
            "end": c.end.isoformat(),
        }
        flags.append(Flag("RF4", WARNING, detail))
    if c.kind is Kind.TRANSFER and c.parent_end is not None and c.end > c.parent_end:
        detail = {"parent_end": c.parent_end.isoformat(), "end": c.end.isoformat()}
        flags.append(Flag("RF5", ERROR, detail))
    if not c.written and lasts_at_least_months(c.start, c.end, WRITING_REQUIRED_MONTHS):
        detail = {
            "months": WRITING_REQUIRED_MONTHS,
            "start": c.start.isoformat(),
            "end": c.end.isoformat(),
        }
        flags.append(Flag("RF6", ERROR, detail))
    if c.decision is not Decision.COMPLETED:
        flags.append(Flag("RF7", ERROR, {"decision": c.decision.value}))
    if c.outside_party and not (c.two_thirds_consent and c.township_approval):
        detail = {
            "two_thirds_consent": c.two_thirds_consent,
            "township_approval": c.township_approval,
        }
        flags.append(Flag("RF8", ERROR, detail))
    if c.competition_required and not c.competition:
        flags.append(Flag("RF9", WARNING, {"competition_required": True, "competition": False}))
    if (
        c.reference_rent_fen is not None
        and 100 * c.annual_rent_fen < params.rent_share_percent * c.reference_rent_fen
    ):
        detail = {
            "rent_share_percent": params.rent_share_percent,
            "annual_rent_fen": c.annual_rent_fen,
            "reference_rent_fen": c.reference_rent_fen,
        }
        flags.append(Flag("RF10", WARNING, detail))
    flags.extend(_arrears_flag(c, today, params))
    found = [word for word in params.expiry_keywords if word and word in c.clauses_text]
    if found:
        flags.append(Flag("RF12", WARNING, {"keywords": found}))
    end = lawful_end(c, params)
    if end < today and not c.recovered:
        flags.append(
            Flag("RF13", WARNING, {"lawful_end": end.isoformat(), "today": today.isoformat()})
        )
    if c.cadre_relation:
        flags.append(Flag("RF14", WARNING, {"cadre_relation": True}))
    if c.missing_clauses:
        flags.append(Flag("RF15", WARNING, {"missing_clauses": list(c.missing_clauses)}))
    return Finding(id=c.id, flags=tuple(flags), arrears_fen=arrears_fen(c, today), lawful_end=end)


def check_register(
    contracts: Iterable[Contract], today: date, params: Params | None = None
) -> Sequence[Finding]:
    """Check every contract of a register; findings come in input order."""
    chosen = params or Params()
    return [check_contract(contract, today, chosen) for contract in contracts]
