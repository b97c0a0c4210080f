"""Count one round of a general election of the village two committees.

Pure (no Django): plain values and frozen dataclasses in, a :class:`RoundResult` out, integer
arithmetic only (elections.md C1, C2). The three decisions of C5 are kept apart:

1. validity of the round: :func:`round_status` (V15, V27, V28, V41, V43; P7, P9, P10);
2. validity of each ballot: :func:`ballot_selections` and :func:`tally_ballots` (V29-V31, P11);
3. election of each candidate: :func:`count_post` (V34-V36, V40-V42, V44; P12-P14).

Order used wherever the order of people matters ("best first"): votes descending, then name in
ascending Unicode code-point order. The name order is only a stable way to print equal vote
counts; it never decides a seat (equal votes at the last seat are a tie, V36).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any

from openvillage.core.errors import InvalidInput
from openvillage.core.text import gettext_noop

from .profiles import LawRules, Share

REGULAR = "regular"
ADDITIONAL = "additional"
#: The re-vote among people tied at the last seat (V36, V44, P13): most votes wins, no floor.
REVOTE = "revote"
ROUNDS = (REGULAR, ADDITIONAL, REVOTE)

VALID = "valid"
TURNOUT_NOT_MET = "turnout_not_met"
TOO_MANY_BALLOTS = "too_many_ballots"
NO_QUORUM = "no_quorum"
TOO_FEW_CANDIDATES = "too_few_candidates"


@dataclass(frozen=True)
class RoundInput:
    """The figures of one round (elections.md §0).

    ``eligible``: registered voters V (villagers' committee) or members who should attend
    (party branch). ``present``: voters recorded as voting P, or members present.
    """

    law: str
    round: str
    eligible: int
    present: int
    ballots_issued: int
    ballots_collected: int
    seats: Mapping[str, int]
    candidates: Mapping[str, tuple[str, ...]]


@dataclass(frozen=True)
class Tally:
    """Votes per post and person, and the number of invalid ballots (INV)."""

    votes: Mapping[str, Mapping[str, int]]
    invalid_ballots: int


@dataclass(frozen=True)
class PostResult:
    """Outcome of one post; lists are best first (votes, then name), ``tied`` by name.

    ``threshold`` is the least vote count that elects in this round; C3: the base of the
    threshold is stored by name and value.
    """

    post: str
    elected: tuple[str, ...]
    threshold: int
    threshold_base: str
    threshold_base_value: int
    tied: tuple[str, ...]
    vacant: int
    additional_candidates: tuple[str, ...]
    rule: str


@dataclass(frozen=True)
class RoundResult:
    """Outcome of the round: its status, the rule that decided it, and the posts if valid."""

    status: str
    rule: str
    posts: tuple[PostResult, ...] = ()


def _invalid(message: str, params: Mapping[str, Any] | None = None, *, field: str) -> InvalidInput:
    return InvalidInput(message, params, field=field)


# --- 1. Validity of the round -------------------------------------------------------------------


def candidates_suffice(rules: LawRules, post: str, seats: int, candidates: int) -> bool:
    """Tell whether a post's list is contested enough.

    Villagers' committee: ``candidates > seats`` (Organic Law Art. 15; V15, and V41 for the
    additional election). Party branch: ``5*(candidates - seats) >= seats`` (2020 Regulations
    Art. 13; P9); posts in ``uncontested_posts`` (secretary, deputy secretary) need only
    ``candidates >= seats`` (reading: P9 names committee members only).
    """
    if post in rules.uncontested_posts:
        return candidates >= seats
    return rules.candidate_surplus.met(candidates - seats, seats)


def turnout_met(share: Share | None, voters_voted: int, registered_voters: int) -> bool:
    """Tell whether enough registered voters voted: ``2*P > V`` (Organic Law Art. 15; V28).

    ``share`` is ``None`` when no turnout rule applies (additional election, V43).
    """
    return share is None or share.met(voters_voted, registered_voters)


def quorum_met(share: Share | None, present: int, should_attend: int) -> bool:
    """Tell whether the members' meeting may elect: ``5*present > 4*should_attend`` (P7)."""
    return share is None or share.met(present, should_attend)


def ballots_reconcile(law: str, ballots_collected: int, ballots_issued: int, present: int) -> bool:
    """Tell whether the ballots collected fit the ballots given out.

    Villagers' committee: ``R <= P`` (zhejiang Art. 27, shanghai Art. 19, beijing Art. 28; V27),
    and, reading V27 with V37 (forged ballots), ``R <= ballots_issued``: a ballot never issued
    cannot be counted. Party branch: ``collected <= issued`` (P10).
    """
    if ballots_collected > ballots_issued:
        return False
    return law != "villagers_committee" or ballots_collected <= present


def round_status(inp: RoundInput, rules: LawRules) -> tuple[str, str]:
    """Return ``(status, rule)`` of the round, checks in the order the election meets them.

    The candidate list is fixed before voting (V15/V41, P9), turnout or quorum is met when the
    voting is held (V28/V43, P7), ballots are reconciled when the boxes are opened (V27, P10);
    the first failing check names the status.
    """
    for post, seats in inp.seats.items():
        if inp.round == REVOTE:
            break  # the list is the tied people themselves (V36), not a nominated list
        if not candidates_suffice(rules, post, seats, len(inp.candidates[post])):
            rule = "P9" if rules.law == "party_branch" else _by_round(inp, "V15", "V41")
            return TOO_FEW_CANDIDATES, rule
    if rules.law == "party_branch":
        if not quorum_met(rules.quorum, inp.present, inp.eligible):
            return NO_QUORUM, "P7"
    else:
        share = _by_round(inp, rules.turnout, rules.additional_turnout)
        if not turnout_met(share, inp.present, inp.eligible):
            return TURNOUT_NOT_MET, _by_round(inp, "V28", "V43")
    if not ballots_reconcile(rules.law, inp.ballots_collected, inp.ballots_issued, inp.present):
        return TOO_MANY_BALLOTS, "P10" if rules.law == "party_branch" else "V27"
    return VALID, "P7, P10" if rules.law == "party_branch" else _by_round(
        inp, "V27, V28", "V27, V43"
    )


def _by_round(inp: RoundInput, regular: Any, additional: Any) -> Any:
    """The regular round's value, or the additional election's (a re-vote takes the latter:
    like the additional election it fills seats the first round left open, V43 reading)."""
    return regular if inp.round == REGULAR else additional


def check_round_input(inp: RoundInput) -> None:
    """Reject impossible figures (V33 and §0): raise ``InvalidInput`` naming the field.

    Counts are non-negative; every post has seats >= 1 and a candidate list; the villagers'
    committee cannot have more voters who voted than registered voters (P <= V). A party member
    excluded from ``should_attend`` who still attends is present (P6), so ``present`` may exceed
    ``should_attend``.
    """
    for field in ("eligible", "present", "ballots_issued", "ballots_collected"):
        if getattr(inp, field) < 0:
            raise _invalid(
                gettext_noop("%(field)s cannot be negative."), {"field": field}, field=field
            )
    if inp.law == "villagers_committee" and inp.present > inp.eligible:
        raise _invalid(
            gettext_noop("More voters voted (%(present)s) than are registered (%(eligible)s)."),
            {"present": inp.present, "eligible": inp.eligible},
            field="present",
        )
    for post, seats in inp.seats.items():
        if seats < 1:
            raise _invalid(
                gettext_noop("Post %(post)s needs at least one seat."),
                {"post": post},
                field="seats",
            )
        if post not in inp.candidates:
            raise _invalid(
                gettext_noop("Post %(post)s has seats but no candidates."),
                {"post": post},
                field="candidates",
            )
    for post in inp.candidates:
        if post not in inp.seats:
            raise _invalid(
                gettext_noop("Post %(post)s has candidates but no seats."),
                {"post": post},
                field="seats",
            )


def check_tally(inp: RoundInput, tally: Tally) -> None:
    """Apply the tally checks on entry (V33): raise ``InvalidInput`` on an impossible tally.

    ``0 <= INV <= R``; every person's votes ``<= valid`` where ``valid = R - INV``; the votes of
    a post sum to at most ``seats * valid``; every post of the tally has seats.
    """
    collected = inp.ballots_collected
    if tally.invalid_ballots < 0:
        raise _invalid(
            gettext_noop("%(field)s cannot be negative."),
            {"field": "invalid_ballots"},
            field="invalid_ballots",
        )
    if tally.invalid_ballots > collected:
        raise _invalid(
            gettext_noop(
                "Invalid ballots (%(invalid)s) exceed the ballots collected (%(collected)s)."
            ),
            {"invalid": tally.invalid_ballots, "collected": collected},
            field="invalid_ballots",
        )
    valid = collected - tally.invalid_ballots
    for post, votes in tally.votes.items():
        if post not in inp.seats:
            raise _invalid(
                gettext_noop("Post %(post)s has votes but no seats."), {"post": post}, field="tally"
            )
        for name, count in votes.items():
            if count < 0:
                raise _invalid(
                    gettext_noop("Votes for %(name)s cannot be negative."),
                    {"name": name},
                    field="tally",
                )
            if count > valid:
                raise _invalid(
                    gettext_noop(
                        "Votes for %(name)s (%(votes)s) exceed the valid ballots (%(valid)s)."
                    ),
                    {"name": name, "votes": count, "valid": valid},
                    field="tally",
                )
        if sum(votes.values()) > inp.seats[post] * valid:
            raise _invalid(
                gettext_noop("The votes for post %(post)s exceed %(seats)s per valid ballot."),
                {"post": post, "seats": inp.seats[post]},
                field="tally",
            )


# --- 2. Validity of each ballot -----------------------------------------------------------------


def ballot_selections(
    posts: Sequence[Any], marks: Sequence[Sequence[Any]], seats: Mapping[str, int], rules: LawRules
) -> dict[str, tuple[str, ...]] | None:
    """Return the selections a ballot counts for, or ``None`` if the ballot is invalid.

    ``posts[i]`` is marked with the names ``marks[i]`` ("for" marks and write-ins; "against" and
    "abstain" are not selections and are not listed, V29). Rules:

    - a name listed twice for one post is one selection (one person, one vote);
    - more selections than seats for any post makes the whole ballot invalid (V29, P11);
    - the same person for two posts: ``cross_post_mark`` (V31): ``invalid_ballot`` voids the ballot,
      ``add_to_lower_post`` keeps the mark for the lowest post only, ``count_in_each_post`` counts
      it for each post (party branch: P11 names no cross-post rule);
    - a blank ballot, or a post left empty, is valid and carries no votes (V30).

    A post without seats or a name that is not non-empty text is malformed input: ``InvalidInput``.
    """
    chosen: dict[str, tuple[str, ...]] = {}
    for post, names in zip(posts, marks, strict=True):
        if post not in seats:
            raise _invalid(
                gettext_noop("A ballot marks post %(post)s, which has no seats."),
                {"post": post},
                field="ballots",
            )
        for name in names:
            if type(name) is not str or not name.strip():
                raise _invalid(
                    gettext_noop("A ballot marks a name that is not text: %(name)r."),
                    {"name": name},
                    field="ballots",
                )
        unique = tuple(dict.fromkeys(names))
        if len(unique) > seats[post]:
            return None
        chosen[post] = unique
    if len(chosen) > 1 and rules.cross_post_mark != "count_in_each_post":
        return _resolve_cross_post(chosen, rules)
    return chosen


def _resolve_cross_post(
    chosen: dict[str, tuple[str, ...]], rules: LawRules
) -> dict[str, tuple[str, ...]] | None:
    """Apply ``cross_post_mark`` (V31) to a ballot marking one person for several posts."""
    lowest: dict[str, str] = {}
    crossed = False
    for post in sorted(chosen, key=rules.post_rank):
        for name in chosen[post]:
            crossed = crossed or name in lowest
            lowest[name] = post
    if not crossed:
        return chosen
    if rules.cross_post_mark == "invalid_ballot":
        return None
    return {post: tuple(n for n in names if lowest[n] == post) for post, names in chosen.items()}


def _ballot_key(ballot: dict[str, Any]) -> tuple[tuple[Any, ...], tuple[tuple[Any, ...], ...]]:
    return tuple(ballot), tuple(map(tuple, ballot.values()))


def _first_bad(ballots: Sequence[Any], bad: Any) -> int:
    return next(i for i, ballot in enumerate(ballots) if bad(ballot))


def tally_ballots(ballots: Sequence[Any], seats: Mapping[str, int], rules: LawRules) -> Tally:
    """Decide each ballot's validity (V29-V31, P11) and return the tally it yields.

    Identical ballots are grouped first (a ``Counter`` over tuples built in C), so a million
    ballots cost one pass plus the work per distinct ballot.
    """
    kinds = set(map(type, ballots))
    if not all(issubclass(kind, dict) for kind in kinds):
        index = _first_bad(ballots, lambda b: not isinstance(b, dict))
        raise _invalid(
            gettext_noop("Ballot %(index)s is not an object."), {"index": index}, field="ballots"
        )
    value_kinds = set(map(type, chain.from_iterable(map(dict.values, ballots))))
    if not value_kinds <= {list, tuple}:
        index = _first_bad(ballots, lambda b: any(type(v) not in (list, tuple) for v in b.values()))
        raise _invalid(
            gettext_noop("Ballot %(index)s does not list names for each post."),
            {"index": index},
            field="ballots",
        )
    try:
        distinct = Counter(map(_ballot_key, ballots))
    except TypeError:
        raise _invalid(gettext_noop("A ballot marks a name that is not text."), field="ballots")
    votes: dict[str, dict[str, int]] = {post: {} for post in seats}
    invalid = 0
    for (posts, marks), count in distinct.items():
        selections = ballot_selections(posts, marks, seats, rules)
        if selections is None:
            invalid += count
            continue
        for post, names in selections.items():
            post_votes = votes[post]
            for name in names:
                post_votes[name] = post_votes.get(name, 0) + count
    return Tally(votes=votes, invalid_ballots=invalid)


# --- 3. Election of each candidate --------------------------------------------------------------


def rank(votes: Mapping[str, int], people: Iterable[str]) -> list[tuple[str, int]]:
    """Return ``(name, votes)`` best first: votes descending, then name (the documented order)."""
    return sorted(((name, votes.get(name, 0)) for name in people), key=lambda nv: (-nv[1], nv[0]))


def allocate_seats(
    ranking: Sequence[tuple[str, int]], seats: int, threshold: int
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Return ``(elected, tied)`` for ``seats`` among the ranking (best first).

    Only people with ``votes >= threshold`` qualify (V34, V42, P12). If more qualify than there
    are seats, seats go in vote order (V35, P13); if equal votes straddle the last seat, the people
    at that vote count are ``tied`` and their seats stay open for a re-vote among them (V36, V44,
    P13). Below-threshold people never fill a seat (P14).
    """
    qualified = [(name, votes) for name, votes in ranking if votes >= threshold]
    if len(qualified) <= seats:
        return tuple(name for name, _ in qualified), ()
    last = qualified[seats - 1][1]
    elected = tuple(name for name, votes in qualified if votes > last)
    at_last = tuple(sorted(name for name, votes in qualified if votes == last))
    if len(elected) + len(at_last) == seats:
        return elected + at_last, ()
    return elected, at_last


def additional_list(
    ranking: Sequence[tuple[str, int]], vacant: int, rules: LawRules, post: str
) -> tuple[str, ...]:
    """Return the additional-election candidates for ``vacant`` seats, best first (V40, V41; P14).

    The list is as short as a contested list may be: villagers' committee ``vacant + 1``
    (``candidates > seats``, V41), party branch ``vacant`` plus one fifth rounded up (P9), posts in
    ``uncontested_posts`` ``vacant``. ``ranking`` already excludes the elected and those who hold a
    higher post. Reading: people tied with the last one listed are all listed, since first-round
    votes cannot separate them and no one may be dropped by name order.
    """
    if vacant <= 0:
        return ()
    size = vacant
    if post not in rules.uncontested_posts:
        size += rules.candidate_surplus.least(vacant)
    if len(ranking) <= size:
        return tuple(name for name, _ in ranking)
    last = ranking[size - 1][1]
    return tuple(name for name, votes in ranking if votes >= last)


def threshold_for(inp: RoundInput, rules: LawRules) -> tuple[int, str, int]:
    """Return ``(least electing votes, base name, base value)`` for this round (C3).

    Regular round: ``2*votes > base`` with base R (platform default) or P (V34), or should_attend
    or present (P12). Additional round: ``3*votes >= R2`` (Organic Law Art. 15; V42), or the P12
    threshold again (P14). At least one vote is always needed: a person nobody voted for is never
    "the one with most votes" (V42 reading; matters only when R2 = 0).
    """
    if inp.round == REVOTE:
        return revote_threshold(inp)
    if inp.round == ADDITIONAL:
        share, base = rules.additional_threshold, rules.additional_threshold_base
    else:
        share, base = rules.threshold, rules.threshold_base
    value = {
        "ballots_collected": inp.ballots_collected,
        "voters_voted": inp.present,
        "should_attend": inp.eligible,
        "present": inp.present,
    }[base]
    return max(1, share.least(value)), base, value


def revote_threshold(inp: RoundInput) -> tuple[int, str, int]:
    """Return the threshold of a re-vote among the tied: one vote (C3 base: ballots collected).

    V36 (zhejiang Art. 28, shanghai Art. 20, beijing Art. 29), V44 and P13: "re-vote among the
    tied only; most votes wins; repeat while tied". No majority and no one-third floor apply;
    :func:`allocate_seats` gives the seats in vote order and leaves a new tie tied (repeat).
    """
    return 1, "ballots_collected", inp.ballots_collected


def count_post(
    inp: RoundInput, tally: Tally, rules: LawRules, post: str, holders: frozenset[str]
) -> PostResult:
    """Count one post; ``holders`` are people elected to a higher post, who are passed over.

    Reading (Organic Law Art. 11 with V31 and V39): one person holds one post, the higher one
    (``post_order`` of the profile); votes for them in a lower post elect no one and the seat goes
    to the next qualifier in vote order.
    """
    votes = tally.votes.get(post, {})
    people = set(inp.candidates[post])
    people.update(name for name, count in votes.items() if count > 0)  # write-ins (V41, P14)
    ranking = rank(votes, people - holders)
    threshold, base, base_value = threshold_for(inp, rules)
    seats = inp.seats[post]
    elected, tied = allocate_seats(ranking, seats, threshold)
    vacant = seats - len(elected)
    rest = [(name, n) for name, n in ranking if name not in elected and name not in tied]
    listed: tuple[str, ...] = ()
    if inp.round == REGULAR and not tied:
        if rules.additional_from == "candidates":
            rest = [(name, n) for name, n in rest if name in inp.candidates[post]]
        listed = additional_list(rest, vacant, rules, post)
    rule = _by_round(inp, "V34-V36, V40, V41", "V42, V44")
    if rules.law == "party_branch":
        rule = _by_round(inp, "P12-P14", "P14, P13")
    if inp.round == REVOTE:
        rule = "P13" if rules.law == "party_branch" else "V36, V44"
    return PostResult(post, elected, threshold, base, base_value, tied, vacant, listed, rule)


def count_round(inp: RoundInput, tally: Tally, rules: LawRules) -> RoundResult:
    """Count a round: check the figures (V33), decide its status, then count each post.

    Posts are counted from the highest (``post_order``) down, so that a person elected to a
    higher post is passed over in the lower ones (see :func:`count_post`).
    """
    check_round_input(inp)
    check_tally(inp, tally)
    status, rule = round_status(inp, rules)
    if status != VALID:
        return RoundResult(status, rule)
    holders: set[str] = set()
    results = []
    for post in sorted(inp.seats, key=rules.post_rank):
        result = count_post(inp, tally, rules, post, frozenset(holders))
        holders.update(result.elected)
        results.append(result)
    return RoundResult(status, rule, tuple(results))
