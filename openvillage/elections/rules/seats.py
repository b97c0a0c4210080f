"""Seats per post of one election (V1, V2, P4). Pure: plain values in, checked seats out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from openvillage.core.errors import InvalidInput
from openvillage.core.text import gettext_noop

from .profiles import LawRules

VILLAGERS_COMMITTEE = "villagers_committee"
PARTY_BRANCH = "party_branch"
WOMEN_MEMBER = "women_member"

#: Members of a committee: V1 (Organic Law Art. 6) 3 to 7; P4 (Branch Work Regulations 2018)
#: a committee of at most 7 (a branch of fewer than 7 members elects a secretary alone: 1).
COMMITTEE_SIZE = {VILLAGERS_COMMITTEE: (3, 7), PARTY_BRANCH: (1, 7)}


def posts_allowed(law_posts: Sequence[str], rules: LawRules) -> list[str]:
    """The posts that may have seats: the law's posts the profile counts, in the law's order;
    the separate women member post only where the profile lists it (V2: zhejiang)."""
    allowed = [p for p in law_posts if p in rules.post_order]
    if not rules.women_post_separate and WOMEN_MEMBER in allowed:
        allowed.remove(WOMEN_MEMBER)
    return allowed


def seats_check(
    law: str, law_posts: Sequence[str], rules: LawRules, seats: Mapping[str, Any]
) -> dict[str, int]:
    """Return the seats per post if they are lawful, else raise ``InvalidInput`` on ``seats``.

    Every post exists in the election (:func:`posts_allowed`) and has a whole number of seats,
    at least one (``True`` is not a number); the total is within :data:`COMMITTEE_SIZE` (V1, P4).
    """
    allowed = posts_allowed(law_posts, rules)
    clean: dict[str, int] = {}
    for post, count in seats.items():
        if post not in allowed:
            raise InvalidInput(
                gettext_noop("Post %(post)s does not exist in this election."),
                {"post": post},
                field="seats",
            )
        if type(count) is not int or count < 1:
            raise InvalidInput(
                gettext_noop("Post %(post)s needs a whole number of seats, at least one."),
                {"post": post},
                field="seats",
            )
        clean[post] = count
    low, high = COMMITTEE_SIZE[law]
    total = sum(clean.values())
    if law == VILLAGERS_COMMITTEE and not low <= total <= high:
        raise InvalidInput(
            gettext_noop("A villagers' committee has 3 to 7 members (V1); these seats make %(n)s."),
            {"n": total},
            field="seats",
        )
    if law == PARTY_BRANCH and not low <= total <= high:
        raise InvalidInput(
            gettext_noop("A branch committee has at most 7 members (P4); these seats make %(n)s."),
            {"n": total},
            field="seats",
        )
    return clean
