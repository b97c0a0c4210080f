"""JSON in, JSON out: the pure core of ``openvillage count``.

:func:`run_count` turns one input document into ``(exit code, output document)``:
exit 0 with ``{"status": ..., "posts": {...}}`` whenever an outcome was computed (an invalid
election is an outcome), exit 2 with ``{"error": "<reason>"}`` for malformed or impossible input.
:func:`main` reads the document from a stream and writes the answer to another.
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


def _candidates(value: Any) -> dict[str, tuple[str, ...]]:
    lists = _object(value, "candidates")
    result = {}
    for post, names in lists.items():
        if not isinstance(names, list):
            raise _bad(
                gettext_noop("Candidates for %(post)s must be a list."),
                {"post": post},
                field="candidates",
            )
        checked = tuple(_name(name, "candidates") for name in names)
        if len(set(checked)) != len(checked):
            raise _bad(
                gettext_noop("A candidate for %(post)s is listed twice."),
                {"post": post},
                field="candidates",
            )
        result[post] = checked
    return result


def parse_round(document: Any) -> tuple[RoundInput, str]:
    """Check the shape of the document and return the round and the profile name."""
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
    round_input = RoundInput(
        law=law,
        round=_choice(document, "round", ROUNDS, "regular"),
        seats=seats,
        candidates=_candidates(document["candidates"]),
        **{field: _count(document[field], field) for field in COUNT_FIELDS},
    )
    check_round_input(round_input)
    return round_input, profile


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


def result_document(result: RoundResult) -> dict[str, Any]:
    """Render a :class:`RoundResult` as the output document of the CLI contract."""
    return {
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


def count_document(document: Any) -> RoundResult:
    """Parse and count one input document; raise ``InvalidInput`` when it is malformed."""
    round_input, profile = parse_round(document)
    has_tally, has_ballots = "tally" in document, "ballots" in document
    if has_tally == has_ballots:
        raise _bad(
            gettext_noop("Give either tally or ballots, not both or neither."), field="tally"
        )
    if has_tally:
        tally = parse_tally(document, round_input)
    else:
        tally = parse_ballots(document, round_input, profile)
    return count_round(round_input, tally, get_profile(profile).rules(round_input.law))


def run_count(document: object) -> tuple[int, dict[str, Any]]:
    """Return ``(exit code, output document)`` for one input document (pure)."""
    try:
        return EXIT_OK, result_document(count_document(document))
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
