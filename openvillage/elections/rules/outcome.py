"""What the counted rounds of one election add up to: who is elected, and what the next round is.

Pure (no Django import): each round is a :class:`CountedRound` of plain values, oldest first.
People are keys (a person id as text, or the name of a write-in); the counting never merges two
people who share a name.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .counting import ADDITIONAL, REVOTE, VALID


@dataclass(frozen=True)
class CountedRound:
    """One round as stored: its kind, status, seats, candidates and the counting's output.

    ``output`` is the ``openvillage count`` answer (``posts``: per post ``elected``, ``tied``,
    ``vacant``, ``additional_candidates``). ``voided`` and ``avoided`` list ``{"post", "name"}``
    of results voided (V37, Q4) and seats given up by near relatives (V39; ``replaced_by``).
    """

    kind: str
    status: str
    seats: Mapping[str, int]
    candidates: Mapping[str, Sequence[str]]
    output: Mapping[str, Any] = field(default_factory=dict)
    voided: Sequence[Mapping[str, Any]] = ()
    avoided: Sequence[Mapping[str, Any]] = ()


def elected_people(rounds: Sequence[CountedRound]) -> list[tuple[str, str]]:
    """Return ``(post, person)`` for every seat won in a valid round, in round order.

    A winner whose election was voided (V37, Q4) or who gave up the seat as a near relative
    (V39) is left out; the person who took a seat given up is added (V39: the next
    majority-getter, or after an additional election the next getter of one third).
    """
    won: list[tuple[str, str]] = []
    for r in rounds:
        if r.status != VALID:
            continue
        dropped = {(v["post"], v["name"]) for v in r.voided}
        dropped |= {(a["post"], a["name"]) for a in r.avoided}
        for post, outcome in r.output.get("posts", {}).items():
            won += [(post, n) for n in outcome["elected"] if (post, n) not in dropped]
            won += [
                (post, a["replaced_by"])
                for a in r.avoided
                if a["post"] == post and a.get("replaced_by")
            ]
    return won


@dataclass(frozen=True)
class RoundPlan:
    """The round that follows: its kind, seats per post and candidate list per post."""

    kind: str
    seats: dict[str, int]
    candidates: dict[str, list[str]]


def further_round_plan(rounds: Sequence[CountedRound]) -> RoundPlan:
    """Return the round that follows ``rounds`` (oldest first; the last one counted).

    An invalid last round is held again as it was (V27: ballots > voters; V28, P7). Otherwise
    every post keeps what its latest valid round left open: seats tied at the last place go to a
    re-vote among the tied (V36, V44, P13: most votes wins), other empty seats to the additional
    election with its list (V40, V41, P14). Ties are settled first, since the re-vote may fill the
    seats in question; the posts waiting for an additional election wait for the next plan.
    No seat left to fill gives empty ``seats``.
    """
    last = rounds[-1]
    if last.status != VALID:
        return RoundPlan(
            last.kind, dict(last.seats), {p: list(c) for p, c in last.candidates.items()}
        )
    pending: dict[str, tuple[str, int, list[str]]] = {}
    for r in rounds:
        if r.status != VALID:
            continue
        for post, outcome in r.output.get("posts", {}).items():
            pending.pop(post, None)
            if outcome["tied"]:
                pending[post] = (REVOTE, outcome["vacant"], list(outcome["tied"]))
            elif outcome["vacant"] > 0 and outcome["additional_candidates"]:
                listed = list(outcome["additional_candidates"])
                pending[post] = (ADDITIONAL, outcome["vacant"], listed)
    kind = REVOTE if any(k == REVOTE for k, _n, _c in pending.values()) else ADDITIONAL
    chosen = {post: (n, people) for post, (k, n, people) in pending.items() if k == kind}
    return RoundPlan(
        kind,
        {post: n for post, (n, _people) in chosen.items()},
        {post: people for post, (_n, people) in chosen.items()},
    )
