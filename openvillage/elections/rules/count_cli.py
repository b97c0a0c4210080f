"""JSON in, JSON out: the pure core of ``openvillage count``.

:func:`run_count` turns one input document into ``(exit code, output document)``:
exit 0 with ``{"status": ..., "posts": {...}}`` whenever an outcome was computed (an invalid
election is an outcome), exit 2 with ``{"error": "<reason>"}`` for malformed or impossible input.
:func:`main` reads the document from a stream and writes the answer to another.

People are told apart by a key. A candidate is listed either by name (``"张三"``, the key is the
name: the original format, still accepted) or as ``{"id": "17", "name": "王伟"}`` (the key is the
id, so two candidates with the same name are counted apart). ``tally`` and ``ballots`` then mark
a candidate by that key; any other name is a write-in, keyed by its name. A name that belongs to
a candidate listed with an id is refused as a tally key or a ballot mark (which of the people of
that name is meant?). The output lists keys (``elected``, ``tied``, ``additional_candidates``);
when some candidate has an id it adds ``"names": {key: name}`` for the candidates with ids, so
that a name-only document gets the same answer as before.
"""

from __future__ import annotations

import gc
import json
import sys
from collections.abc import Mapping
from typing import IO, Any

from openvillage.core.errors import InvalidInput
from openvillage.core.text import gettext_noop

from .counting import (
    ROUNDS,
    RoundInput,
    RoundResult,
    Tally,
    check_round_input,
    count_round,
    tally_ballots,
)
from .profiles import LAWS, get_profile

EXIT_OK = 0
EXIT_BAD_INPUT = 2

COUNT_FIELDS = ("eligible", "present", "ballots_issued", "ballots_collected")
REQUIRED = ("law", *COUNT_FIELDS, "seats", "candidates")
OPTIONAL = ("profile", "round", "tally", "invalid_ballots", "ballots")


def _bad(message: str, params: Mapping[str, Any] | None = None, *, field: str) -> InvalidInput:
    return InvalidInput(message, params, field=field)


def _count(value: Any, field: str) -> int:
    """Return ``value`` if it is a non-negative JSON integer (``true`` is not a count)."""
    if type(value) is not int:
        raise _bad(gettext_noop("%(field)s must be a whole number."), {"field": field}, field=field)
    if value < 0:
        raise _bad(gettext_noop("%(field)s cannot be negative."), {"field": field}, field=field)
    return value


def _name(value: Any, field: str) -> str:
    if type(value) is not str or not value.strip():
        raise _bad(
            gettext_noop("%(field)s holds a name that is not text."), {"field": field}, field=field
        )
    return value


def _object(value: Any, field: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _bad(gettext_noop("%(field)s must be an object."), {"field": field}, field=field)
    for key in value:
        _name(key, field)
    return value


def _choice(document: Mapping[str, Any], field: str, allowed: tuple[str, ...], default: str) -> str:
    value = document.get(field, default)
    if value not in allowed:
        raise _bad(
            gettext_noop("Unknown %(field)s %(value)s; expected one of %(allowed)s."),
            {"field": field, "value": value, "allowed": ", ".join(allowed)},
            field=field,
        )
    return str(value)


def _candidate(entry: Any) -> tuple[str, str | None]:
    """Return ``(key, name)`` of one candidate: a name (key = name, no id) or ``{id, name}``."""
    if not isinstance(entry, dict):
        return _name(entry, "candidates"), None
    if set(entry) != {"id", "name"}:
        raise _bad(
            gettext_noop("A candidate is a name or an object with id and name."),
            field="candidates",
        )
    return _name(entry["id"], "candidates"), _name(entry["name"], "candidates")


def parse_candidates(value: Any) -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    """Return the keys of each post's candidates and the names of those given with an id."""
    lists = _object(value, "candidates")
    result: dict[str, tuple[str, ...]] = {}
    names: dict[str, str] = {}
    for post, entries in lists.items():
        if not isinstance(entries, list):
            raise _bad(
                gettext_noop("Candidates for %(post)s must be a list."),
                {"post": post},
                field="candidates",
            )
        keys = []
        for entry in entries:
            key, name = _candidate(entry)
            keys.append(key)
            if name is not None:
                if names.get(key, name) != name:
                    raise _bad(
                        gettext_noop("Candidate id %(id)s has two names."),
                        {"id": key},
                        field="candidates",
                    )
                names[key] = name
        if len(set(keys)) != len(keys):
            raise _bad(
                gettext_noop("A candidate for %(post)s is listed twice."),
                {"post": post},
                field="candidates",
            )
        result[post] = tuple(keys)
    return result, names


def _check_keys(marked: Any, names: Mapping[str, str], field: str) -> None:
    """Refuse a mark by the name of a candidate who has an id: the key says who is meant."""
    by_name = set(names.values()) - set(names)
    for key in marked:
        if key in by_name:
            raise _bad(
                gettext_noop(
                    "%(name)s is the name of a candidate listed with an id: mark the candidate "
                    "by the id."
                ),
                {"name": key},
                field=field,
            )


def parse_round(document: Any) -> tuple[RoundInput, str]:
    """Check the shape of the document and return the round and the profile name."""
    round_input, profile, _names = parse_round_and_names(document)
    return round_input, profile


def parse_round_and_names(document: Any) -> tuple[RoundInput, str, dict[str, str]]:
    """Like :func:`parse_round`, with the names of the candidates given with an id."""
    if not isinstance(document, dict):
        raise _bad(gettext_noop("The input must be one JSON object."), field="document")
    unknown = sorted(set(document) - set(REQUIRED) - set(OPTIONAL), key=str)
    if unknown:
        raise _bad(
            gettext_noop("Unknown field %(field)s."), {"field": unknown[0]}, field=str(unknown[0])
        )
    missing = [field for field in REQUIRED if field not in document]
    if missing:
        raise _bad(
            gettext_noop("Missing field %(field)s."), {"field": missing[0]}, field=missing[0]
        )
    law = _choice(document, "law", LAWS, "")
    profile = document.get("profile", "national")
    get_profile(profile)  # unknown profile: InvalidInput
    seats = {post: _count(n, "seats") for post, n in _object(document["seats"], "seats").items()}
    if not seats:
        raise _bad(gettext_noop("seats must name at least one post."), field="seats")
    candidates, names = parse_candidates(document["candidates"])
    round_input = RoundInput(
        law=law,
        round=_choice(document, "round", ROUNDS, "regular"),
        seats=seats,
        candidates=candidates,
        **{field: _count(document[field], field) for field in COUNT_FIELDS},
    )
    check_round_input(round_input)
    return round_input, profile, names


def parse_tally(document: Mapping[str, Any], round_input: RoundInput) -> Tally:
    """Read ``tally`` and ``invalid_ballots``; every post with seats must be in the tally."""
    if "invalid_ballots" not in document:
        raise _bad(
            gettext_noop("Missing field %(field)s."),
            {"field": "invalid_ballots"},
            field="invalid_ballots",
        )
    posts = _object(document["tally"], "tally")
    votes = {}
    for post, counts in posts.items():
        votes[post] = {
            _name(name, "tally"): _count(n, "tally") for name, n in _object(counts, "tally").items()
        }
    for post in round_input.seats:
        if post not in votes:
            raise _bad(
                gettext_noop("The tally has no entry for post %(post)s."),
                {"post": post},
                field="tally",
            )
    return Tally(
        votes=votes, invalid_ballots=_count(document["invalid_ballots"], "invalid_ballots")
    )


def parse_ballots(document: Mapping[str, Any], round_input: RoundInput, profile: str) -> Tally:
    """Read ``ballots`` (one object per ballot collected) and derive the tally (V29-V31, P11)."""
    if "invalid_ballots" in document:
        raise _bad(
            gettext_noop("invalid_ballots is derived from the ballots; leave it out."),
            field="invalid_ballots",
        )
    ballots = document["ballots"]
    if not isinstance(ballots, list):
        raise _bad(gettext_noop("ballots must be a list."), field="ballots")
    if len(ballots) != round_input.ballots_collected:
        raise _bad(
            gettext_noop("%(listed)s ballots are listed but %(collected)s were collected."),
            {"listed": len(ballots), "collected": round_input.ballots_collected},
            field="ballots",
        )
    rules = get_profile(profile).rules(round_input.law)
    return tally_ballots(ballots, round_input.seats, rules)


def result_document(result: RoundResult, names: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Render a :class:`RoundResult` as the output document of the CLI contract.

    ``names`` (candidates given with an id) is added as ``"names"`` when there are any.
    """
    document = {
        "status": result.status,
        "posts": {
            post.post: {
                "elected": list(post.elected),
                "threshold": post.threshold,
                "tied": list(post.tied),
                "vacant": post.vacant,
                "additional_candidates": list(post.additional_candidates),
            }
            for post in result.posts
        },
    }
    if names:
        document["names"] = dict(sorted(names.items()))
    return document


def count_document(document: Any) -> RoundResult:
    """Parse and count one input document; raise ``InvalidInput`` when it is malformed."""
    return count_document_with_names(document)[0]


def count_document_with_names(document: Any) -> tuple[RoundResult, dict[str, str]]:
    """Parse and count one document; return the result and the names of candidates by id."""
    round_input, profile, names = parse_round_and_names(document)
    has_tally, has_ballots = "tally" in document, "ballots" in document
    if has_tally == has_ballots:
        raise _bad(
            gettext_noop("Give either tally or ballots, not both or neither."), field="tally"
        )
    if has_tally:
        tally = parse_tally(document, round_input)
    else:
        tally = parse_ballots(document, round_input, profile)
    for votes in tally.votes.values():
        _check_keys(votes, names, "tally" if has_tally else "ballots")
    rules = get_profile(profile).rules(round_input.law)
    return count_round(round_input, tally, rules), names


def run_count(document: object) -> tuple[int, dict[str, Any]]:
    """Return ``(exit code, output document)`` for one input document (pure)."""
    try:
        return EXIT_OK, result_document(*count_document_with_names(document))
    except InvalidInput as err:
        return EXIT_BAD_INPUT, {"error": str(err)}


def main(stdin: IO[str] | None = None, stdout: IO[str] | None = None) -> int:
    """Read one JSON document from ``stdin``, answer on ``stdout``, return the exit code."""
    source = stdin if stdin is not None else sys.stdin
    target = stdout if stdout is not None else sys.stdout
    # Why: a million parsed ballots are a million containers; the cyclic GC would rescan them
    # again and again (7 s instead of under 3 s) although nothing here makes reference cycles.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        try:
            document = json.loads(source.read())
        except (ValueError, RecursionError):
            err = _bad(gettext_noop("The input is not one valid JSON document."), field="document")
            code, output = EXIT_BAD_INPUT, {"error": str(err)}
        else:
            code, output = run_count(document)
    finally:
        if gc_was_enabled:
            gc.enable()
    target.write(json.dumps(output, ensure_ascii=False, sort_keys=True) + "\n")
    return code


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
