"""Checks on who together makes up the new villagers' committee: at least one woman (V2),
relative avoidance (V39, zhejiang) and whether empty seats need an additional election (V46).

Pure (no Django): plain values and frozen dataclasses in, integer arithmetic only (C1).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from .profiles import LawRules, get_profile

# --- V2 -------------------------------------------------------------------------------------------


def no_woman_elected(genders: Iterable[str]) -> bool:
    """V2 (Organic Law Art. 6): warn when people were elected and none of them is a woman.

    ``genders`` holds one registry gender code per elected person (``female``, ``male``); an
    empty list is no warning (nobody elected yet).
    """
    genders = list(genders)
    return bool(genders) and "female" not in genders


# --- V46 ------------------------------------------------------------------------------------------

REQUIRED = "required"
OPTIONAL = "optional"
NOT_NEEDED = "not_needed"


def additional_election_required(
    profile: str | LawRules, elected_count: int, director_elected: bool, vacant_seats: int = 1
) -> str:
    """Tell whether seats still empty need an additional election (V46; V40 for the need).

    ``not_needed``: no seat is empty. ``optional``: enough members are elected for the seats to
    stay vacant (``elected_count >= vacancy_min_elected``, and the director among them where the
    profile says so): national and zhejiang >= 3; beijing more than three, the director included
    (>= 4); shanghai >= 3, and the villagers' meeting decides whether to fill them
    (``vacancy_decided_by``). Otherwise ``required``.
    """
    rules = get_profile(profile).villagers_committee if isinstance(profile, str) else profile
    if vacant_seats <= 0:
        return NOT_NEEDED
    enough = elected_count >= rules.vacancy_min_elected
    if enough and (director_elected or not rules.vacancy_needs_director):
        return OPTIONAL
    return REQUIRED


# --- V39 ------------------------------------------------------------------------------------------

SPOUSE = "spouse"
PARENT_CHILD = "parent_child"
SIBLING = "sibling"
KINDS = (SPOUSE, PARENT_CHILD, SIBLING)


def household_relatives(
    members: Iterable[tuple[Hashable, Hashable, str]],
) -> dict[frozenset[Hashable], str]:
    """Derive near relatives (V39) from households: ``(household, person, relation to head)``.

    Where the registry allows: head and spouse (``spouse``), head and child or parent
    (``parent_child``), children of the same head and the head and their siblings (``sibling``).
    Other relations (grandchildren, in-laws, others) are not derived; the election office
    declares them by hand.
    """
    households: dict[Hashable, list[tuple[Hashable, str]]] = {}
    for household, person, relation in members:
        households.setdefault(household, []).append((person, relation))
    pairs: dict[frozenset[Hashable], str] = {}
    for rows in households.values():
        heads = [p for p, r in rows if r == "head"]
        children = [p for p, r in rows if r == "child"]
        for head in heads:
            for person, relation in rows:
                kind = {"spouse": SPOUSE, "child": PARENT_CHILD, "parent": PARENT_CHILD}.get(
                    relation
                )
                if relation == "sibling":
                    kind = SIBLING
                if kind and person != head:
                    pairs[frozenset((head, person))] = kind
        for i, one in enumerate(children):
            for other in children[i + 1 :]:
                if one != other:
                    pairs[frozenset((one, other))] = SIBLING
    return pairs


@dataclass(frozen=True)
class Seat:
    """One person elected to one post with their votes."""

    name: str
    post: str
    votes: int


@dataclass(frozen=True)
class Avoidance:
    """A seat given up under V39: who left, for which relative, and who took the seat."""

    post: str
    name: str
    relative: str
    kind: str
    replaced_by: str | None


def _related(
    pairs: Mapping[frozenset[Hashable], str], name: str, others: Iterable[str]
) -> tuple[str, str]:
    for other in others:
        kind = pairs.get(frozenset((name, other)))
        if kind:
            return other, kind
    return "", ""


def relative_avoidance(
    elected: Sequence[Seat],
    relations: Mapping[frozenset[Hashable], str],
    post_order: Sequence[str],
    waiting: Mapping[str, Sequence[tuple[str, int]]],
    least_votes: int,
) -> tuple[tuple[Seat, ...], tuple[Avoidance, ...]]:
    """Apply relative avoidance (zhejiang Art. 31; V39) to the elected of one round.

    Near relatives (spouses, parent and child, siblings: ``relations`` maps a pair of names to
    its kind) may not serve together. The higher post is kept (``post_order``, highest first),
    else the one with more votes; equal post and votes keep the first name in code-point order
    (platform default: the measures are silent). The freed seat goes to the next person of the
    same post in ``waiting`` (unelected, best first) who has ``least_votes`` (a majority in the
    first round, one third after an additional election) and is no relative of anyone kept;
    failing that it stays vacant.

    Returns the adjusted elected list (kept and replacements, in the order decided) and the
    avoidances.
    """

    def rank(seat: Seat) -> tuple[int, int, str]:
        post = post_order.index(seat.post) if seat.post in post_order else len(post_order)
        return post, -seat.votes, seat.name

    kept: list[Seat] = []
    freed: list[tuple[Seat, str, str]] = []
    for seat in sorted(elected, key=rank):
        relative, kind = _related(relations, seat.name, (s.name for s in kept))
        if relative:
            freed.append((seat, relative, kind))
        else:
            kept.append(seat)
    taken = {s.name for s in elected}
    avoidances = []
    for seat, relative, kind in freed:
        replacement = None
        for name, votes in waiting.get(seat.post, ()):
            if votes < least_votes or name in taken:
                continue
            if _related(relations, name, (s.name for s in kept))[0]:
                continue
            replacement = Seat(name, seat.post, votes)
            break
        if replacement is not None:
            kept.append(replacement)
            taken.add(replacement.name)
        avoidances.append(
            Avoidance(
                seat.post, seat.name, relative, kind, replacement.name if replacement else None
            )
        )
    return tuple(kept), tuple(avoidances)
