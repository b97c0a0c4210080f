"""Publishing a result: the elected, the public record, the ledger and the registry terms."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q

from openvillage.core.clock import local_today
from openvillage.core.errors import WrongState
from openvillage.core.text import gettext_noop
from openvillage.elections.models import (
    RoundResult,
    VillageElection,
)
from openvillage.elections.rules import outcome
from openvillage.elections.services._common import (
    TERM_POSTS,
    _allowed,
    _ledger,
    _locked,
    _move,
    _require,
    counted_round,
)
from openvillage.org import services as org_services
from openvillage.org.models import Person

# --- 8. results ---------------------------------------------------------------------------------


def counted_rounds(election: VillageElection) -> list[outcome.CountedRound]:
    """The election's rounds as plain values for the pure rules, oldest first."""
    return [counted_round(r) for r in election.rounds.order_by("number")]


def elected_people(election: VillageElection) -> list[tuple[str, str]]:
    """``(post, person key)`` for every seat won (``rules.outcome.elected_people``)."""
    return outcome.elected_people(counted_rounds(election))


def round_names(rounds: Iterable[RoundResult]) -> dict[str, str]:
    """The names of the people keyed by id in the rounds' outputs (write-ins are their name)."""
    names: dict[str, str] = {}
    for r in rounds:
        names.update(r.output.get("names", {}))
    return names


def elected_named(election: VillageElection) -> list[tuple[str, str, str]]:
    """``(post, person key, name)`` for every seat won, for pages and the public record."""
    names = round_names(election.rounds.all())
    return [(post, key, names.get(key, key)) for post, key in elected_people(election)]


def person_of(election: VillageElection, key: str) -> Person:
    """The registry person behind a key: a candidate's id, else a write-in's name (which must
    name exactly one person of the village or the election's candidates)."""
    if key.isdigit():
        person = (
            Person.objects.filter(
                Q(candidate__election=election) | Q(village=election.village), pk=int(key)
            )
            .distinct()
            .first()
        )
        if person is not None:
            return person
    return _person_named(election, key)


def _person_named(election: VillageElection, name: str) -> Person:
    found = list(
        Person.objects.filter(
            Q(candidate__election=election) | Q(village=election.village), name=name
        ).distinct()[:2]
    )
    if len(found) != 1:
        raise WrongState(
            gettext_noop(
                "%(name)s was elected but cannot be matched to one person of the registry; "
                "register the person first."
            ),
            {"name": name},
        )
    return found[0]


def result_public_record(election: VillageElection) -> dict[str, Any]:
    rounds = election.rounds.exclude(status=RoundResult.Status.OPEN).order_by("number")
    return {
        "village": election.village.code,
        "law": election.law,
        "election_day": election.election_day.isoformat(),
        "rounds": [
            {
                "number": r.number,
                "kind": r.kind,
                "status": r.status,
                "rule": r.rule,
                "figures": {k: r.document.get(k) for k in ("eligible", "present")},
                "output": r.output,
                "posts": r.posts,
                "voided": r.voided,
            }
            for r in rounds
        ],
        "elected": [
            {"post": post, "person": key, "name": name}
            for post, key, name in elected_named(election)
        ],
    }


def result_publish(*, actor: Any, election: VillageElection) -> VillageElection:
    """Publish the result, append it to the ledger and update the registry: the body's current
    terms end the day before and the elected start their terms on the publication day."""
    _require(actor, election)
    today = local_today()
    with transaction.atomic():
        election = _locked(election)
        _allowed(election, "result.publish")
        if election.rounds.filter(status=RoundResult.Status.OPEN).exists():
            raise WrongState(gettext_noop("A round is still being counted."))
        won = elected_people(election)
        if not won:
            raise WrongState(gettext_noop("No one was elected; hold a further round first."))
        people = [(post, person_of(election, key)) for post, key in won]
        body = TERM_POSTS[(election.law, won[0][0])][0]
        for term in election.village.terms.filter(body=body, ended_on__isnull=True):
            ended = max(today - timedelta(days=1), term.started_on)
            org_services.term_end(actor=actor, term=term, ended_on=ended)
        for post, person in people:
            body, kind = TERM_POSTS[(election.law, post)]
            org_services.term_start(
                actor=actor,
                village=election.village,
                person=person,
                body=body,
                post=kind,
                started_on=today,
            )
        _move(
            actor,
            election,
            "result.publish",
            changes={"result_published_on": today},
            audit={"elected": [None, won]},
        )
        _ledger("election_result", election, election, result_public_record(election))
        org_services.touch_public([election.village_id])
    return election
