"""How often each kind of organizational life must be held (the Branch Work Regulations), pure.

Platform defaults per year: a members' meeting each quarter, a branch committee meeting and a
party group meeting each month, a party lesson each quarter, a theme party day each month, an
organizational life meeting and a democratic appraisal of members once a year (supervision.md
§6 W2). For a period shorter than a year the requirement is prorated by whole months, rounded
down (integer arithmetic; months counted as in Civil Code Art. 202).
"""

from __future__ import annotations

from collections.abc import Mapping

PER_YEAR: dict[str, int] = {
    "members_meeting": 4,
    "committee_meeting": 12,
    "group_meeting": 12,
    "party_lesson": 4,
    "theme_party_day": 12,
    "org_life_meeting": 1,
    "democratic_appraisal": 1,
}

#: Kinds that count as "three meetings and one lesson" for a member's points.
THREE_MEETINGS_ONE_LESSON = (
    "members_meeting",
    "committee_meeting",
    "group_meeting",
    "party_lesson",
)


def required(kind: str, months: int) -> int:
    """How many times ``kind`` must be held in ``months`` whole months (prorated, rounded down)."""
    return PER_YEAR[kind] * months // 12


def missed(held: Mapping[str, int], months: int) -> dict[str, tuple[int, int]]:
    """Every kind held fewer times than required: ``{kind: (held, required)}``, in rule order."""
    out = {}
    for kind in PER_YEAR:
        need = required(kind, months)
        got = held.get(kind, 0)
        if got < need:
            out[kind] = (got, need)
    return out


def shortfall(held: Mapping[str, int], months: int) -> int:
    """The number of meetings missing in all kinds together."""
    return sum(need - got for got, need in missed(held, months).values())


def whole_months(start_year: int, start_month: int, end_year: int, end_month: int) -> int:
    """Calendar months from the first month to the last, both included (a year: 12)."""
    return (end_year - start_year) * 12 + end_month - start_month + 1
