"""The daily reminder digest (issue 14 item 3): one per person per day, only when it lists
something, lines sorted by due date, copying the issuing bodies. Pure."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Line:
    """One problem on someone's digest."""

    problem_id: int
    title: str
    village: str
    deadline: date
    issuer_id: int


@dataclass(frozen=True)
class Digest:
    recipient: int
    lines: tuple[Line, ...]
    copied: tuple[int, ...]  # the issuing units of its lines


def due_for_digest(deadline: date, today: date, soon_days: int) -> bool:
    """Listed from ``soon_days`` before the deadline (inclusive, Art. 1259) and while overdue."""
    return deadline <= today + timedelta(days=soon_days)


def digests(recipients: Mapping[int, Iterable[Line]]) -> list[Digest]:
    """One digest per recipient that has at least one line; lines by deadline, then problem."""
    out = []
    for recipient in sorted(recipients):
        lines = tuple(sorted(set(recipients[recipient]), key=lambda x: (x.deadline, x.problem_id)))
        if not lines:
            continue  # no mail that lists nothing
        copied = tuple(sorted({line.issuer_id for line in lines}))
        out.append(Digest(recipient, lines, copied))
    return out
