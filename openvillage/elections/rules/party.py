"""Party branch rules outside the count: exclusions from ``should_attend`` (P6) and the election
of the secretary and deputy secretary by the new committee (P15).

Pure (no Django): plain values in, plain values out, integer arithmetic only (elections.md C1).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from openvillage.core.errors import InvalidInput, WrongState
from openvillage.core.text import gettext_noop

#: P6 examples of a reason to exclude a member from those who should attend (guidance predating
#: 2020; uncertain). Any other reason may be written out as free text.
EXCLUSION_REASONS: dict[str, str] = {
    "illness": gettext_noop("Illness preventing the expression of will"),
    "abroad": gettext_noop("Abroad at own expense for more than 6 months"),
    "serving_sentence": gettext_noop("Serving a sentence without party discipline"),
    "bedridden": gettext_noop("Bedridden"),
    "working_away": gettext_noop(
        "Working away for more than 6 months without transferring membership"
    ),
}

SECRETARY_POSTS = ("secretary", "deputy_secretary")


def exclusion_check(
    *,
    reason: str,
    approved_by_higher: bool,
    approved_by_meeting: bool,
    today: date,
    election_day: date,
) -> str:
    """Return the reason to store for a P6 exclusion, or raise why it is refused.

    P6: an exclusion from ``should_attend`` needs both the higher party organization's and the
    members' meeting's approval; the reason is one of :data:`EXCLUSION_REASONS` (stored as its
    code) or free text. Reading: the quorum (P7) is fixed before the meeting, so an exclusion is
    recorded before election day (``today < election_day``).
    """
    if today >= election_day:
        raise WrongState(
            gettext_noop("Exclusions are decided before election day %(date)s (P6)."),
            {"date": election_day.isoformat()},
        )
    if not (approved_by_higher and approved_by_meeting):
        raise InvalidInput(
            gettext_noop(
                "An exclusion needs the approval of the higher party organization and of the "
                "members' meeting (P6)."
            ),
            field="approval",
        )
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(gettext_noop("Give the reason for the exclusion."), field="reason")
    return reason


def should_attend(full_members: int, excluded: int) -> int:
    """P6: ``should_attend`` = full members with voting rights minus approved exclusions."""
    if excluded < 0 or excluded > full_members:
        raise InvalidInput(
            gettext_noop("Exclusions (%(excluded)s) exceed the members (%(members)s)."),
            {"excluded": excluded, "members": full_members},
            field="excluded",
        )
    return full_members - excluded


def secretary_least_votes(committee_size: int) -> int:
    """The least votes that elect the secretary or deputy: least ``v`` with ``2*v > size``.

    P15 (platform default): a committee of 5 needs 3, of 4 needs 3, of 3 needs 2.
    """
    return committee_size // 2 + 1


def secretary_elected(votes: Mapping[str, int], committee_size: int) -> str | None:
    """Return who is elected by the committee's votes, or ``None`` (P15: ``2*votes > size``).

    Each committee member has one vote, so the votes cast sum to at most ``committee_size``; at
    most one person can then pass the majority.
    """
    if committee_size < 1:
        raise InvalidInput(gettext_noop("The committee has no members."), field="votes")
    for name, n in votes.items():
        if type(n) is not int or n < 0:
            raise InvalidInput(
                gettext_noop("Votes for %(name)s must be a whole number, 0 or more."),
                {"name": name},
                field="votes",
            )
    total = sum(votes.values())
    if total > committee_size:
        raise InvalidInput(
            gettext_noop("%(total)s votes were cast by a committee of %(size)s members."),
            {"total": total, "size": committee_size},
            field="votes",
        )
    winners = [name for name, n in votes.items() if 2 * n > committee_size]
    return winners[0] if winners else None
