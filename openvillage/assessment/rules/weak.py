"""Weak-and-scattered screening: the deterministic triggers W1-W6 (supervision.md §6), pure.

The machine proposes, never labels: a trigger is a reason to look, and the county identifies.

- W1 the secretary post vacant more than three months with work stalled. Three months from the day
  the post fell vacant end on the corresponding day (Civil Code Art. 201-202); "more than" (超过)
  excludes that day itself (Art. 1259), so the trigger starts the day after.
- W2 any kind of organizational life held fewer times than required.
- W3 no development candidate for two years or more ("以上" includes two, Art. 1259).
- W5 last place in the annual village performance review (with shared ranks several may hold it).
- W6 villagers' satisfaction below 60 %: ``100 * satisfied < 60 * respondents``; no respondents,
  no trigger.
W4 (a major mass incident) and W7 (a regional option) are recorded by people, not computed here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from openvillage.core.periods import add_months

VACANCY_MONTHS = 3
CANDIDATE_YEARS = 2
SATISFACTION_PERCENT = 60


@dataclass(frozen=True)
class OrgLife:
    held: int
    required: int


@dataclass(frozen=True)
class Organization:
    id: str | int
    secretary_vacant_since: date | None = None
    work_stalled: bool | None = None
    org_life: Mapping[str, OrgLife] = field(default_factory=dict)
    years_without_development_candidate: int | None = None
    annual_rank: int | None = None
    annual_last_rank: int | None = None
    satisfied: int | None = None
    respondents: int | None = None


def triggers(org: Organization, today: date) -> list[str]:
    """Every trigger of one organization, in rule order."""
    found = []
    if (
        org.secretary_vacant_since is not None
        and org.work_stalled
        and today > add_months(org.secretary_vacant_since, VACANCY_MONTHS)
    ):
        found.append("W1")
    if any(life.held < life.required for life in org.org_life.values()):
        found.append("W2")
    if (
        org.years_without_development_candidate is not None
        and org.years_without_development_candidate >= CANDIDATE_YEARS
    ):
        found.append("W3")
    if (
        org.annual_rank is not None
        and org.annual_last_rank is not None
        and org.annual_rank == org.annual_last_rank
    ):
        found.append("W5")
    if (
        org.satisfied is not None
        and org.respondents
        and 100 * org.satisfied < SATISFACTION_PERCENT * org.respondents
    ):
        found.append("W6")
    return found


def screen(organizations: Sequence[Organization], today: date) -> list[tuple[str | int, list[str]]]:
    """Screen every organization; they keep their input order."""
    return [(org.id, triggers(org, today)) for org in organizations]
