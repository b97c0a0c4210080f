"""Helpers shared by the election services: scope checks, locking, audit and ledger rows,
the seats check and the constants of the registry mapping.

Lock order (``core.writes``): the general election, the village election, its round, then a
tally sheet, then the other rows of the election; each row locked alone (``FOR UPDATE OF``).
Counting therefore locks the election before the round, as tally entry does.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from openvillage.core import permissions
from openvillage.core.audit import audit_log
from openvillage.core.errors import InvalidInput, NotAllowed
from openvillage.core.text import clean_text, gettext_noop
from openvillage.core.writes import check, locked, publish, transition
from openvillage.elections.models import (
    LAW_POSTS,
    ElectionPost,
    Law,
    RoundResult,
    VillageElection,
)
from openvillage.elections.rules import outcome, states
from openvillage.elections.rules import seats as seat_rules
from openvillage.elections.rules.profiles import get_profile
from openvillage.org.models import Body, Level, Person, PostKind, Unit

ELECTIONS = permissions.ELECTIONS

DEFAULT_SEATS = {
    Law.VILLAGERS_COMMITTEE: {"director": 1, "deputy_director": 1, "member": 3},
    Law.PARTY_BRANCH: {"secretary": 1, "deputy_secretary": 1, "member": 3},
}

# Where an elected person sits in the registry (org Term body and post).
TERM_POSTS = {
    (Law.VILLAGERS_COMMITTEE, "director"): (Body.VILLAGERS_COMMITTEE, PostKind.DIRECTOR),
    (Law.VILLAGERS_COMMITTEE, "deputy_director"): (
        Body.VILLAGERS_COMMITTEE,
        PostKind.DEPUTY_DIRECTOR,
    ),
    (Law.VILLAGERS_COMMITTEE, "women_member"): (
        Body.VILLAGERS_COMMITTEE,
        PostKind.COMMITTEE_MEMBER,
    ),
    (Law.VILLAGERS_COMMITTEE, "member"): (Body.VILLAGERS_COMMITTEE, PostKind.COMMITTEE_MEMBER),
    (Law.PARTY_BRANCH, "secretary"): (Body.BRANCH_COMMITTEE, PostKind.SECRETARY),
    (Law.PARTY_BRANCH, "deputy_secretary"): (Body.BRANCH_COMMITTEE, PostKind.DEPUTY_SECRETARY),
    (Law.PARTY_BRANCH, "member"): (Body.BRANCH_COMMITTEE, PostKind.COMMITTEE_MEMBER),
}

FIGURES = ("voters_voted", "ballots_issued", "ballots_collected", "invalid_ballots")


# --- helpers ------------------------------------------------------------------------------------


def _require(actor: Any, election: VillageElection, domain: str = ELECTIONS) -> None:
    permissions.require_write(actor, election.village.path, domain)


def _require_office(actor: Any, unit: Unit) -> None:
    """Town or county election office only (the joint review, violation reports)."""
    permissions.require_write(actor, unit.path, ELECTIONS)
    level = getattr(getattr(actor, "unit", None), "level", None)
    if not actor.is_superuser and level not in (Level.TOWN, Level.COUNTY):
        raise NotAllowed(gettext_noop("Only the town's or county's election office may do this."))


def _allowed(election: VillageElection, action: str) -> None:
    """Refuse ``action`` (WrongState, 409) unless the election's transition table allows it."""
    check(election, action, table=states.ELECTION)


def _move(
    actor: Any,
    election: VillageElection,
    action: str,
    changes: Mapping[str, Any] | None = None,
    audit: Mapping[str, Any] | None = None,
    note: str = "",
) -> VillageElection:
    """Move the election through its transition table: check, save, one audit row."""
    return transition(
        election,
        action,
        actor=actor,
        table=states.ELECTION,
        changes=changes,
        audit=audit,
        note=note,
        unit_path=election.village.path,
    )


def _locked(election: VillageElection) -> VillageElection:
    """Re-read the election under a lock on its row alone (first in the lock order)."""
    return locked(election, "general", "village")


def _audit(actor: Any, action: str, obj: Any, election: VillageElection, changes=None, note=""):
    audit_log(
        actor=actor,
        action=f"elections.{action}",
        obj=obj,
        unit_path=election.village.path,
        changes={k: [None, v] for k, v in (changes or {}).items()},
        note=note,
    )


def _ledger(kind: str, obj: Any, election: VillageElection, content: dict, version: int = 1):
    """Append what became public to the public record (``core.writes.publish``)."""
    return publish(
        kind=kind,
        obj=obj,
        version=version,
        content=content,
        unit_path=election.village.path,
        unit_code=election.village.code,
    )


def _text(value: str, field: str) -> str:
    value = clean_text(value, field=field).text
    if not value:
        raise InvalidInput(gettext_noop("This field is required."), field=field)
    return value


def post_label(post: str) -> Any:
    """The post's label in the reader's language (a page never shows ``deputy_director``)."""
    return ElectionPost(post).label if post in ElectionPost.values else post


def labelled(params: Mapping[str, Any]) -> dict[str, Any]:
    """The parameters of a rule's message with the post named by its label."""
    params = dict(params)
    if isinstance(params.get("post"), str):
        params["post"] = post_label(params["post"])
    return params


def seats_check(law: str, profile: str, seats: Mapping[str, Any]) -> dict[str, int]:
    """Validate seats per post against the law's posts and the profile (V1, V2, P4)."""
    rules = get_profile(profile).rules(law)
    try:
        return seat_rules.seats_check(law, LAW_POSTS[law], rules, seats)
    except InvalidInput as err:
        raise InvalidInput(err.message, labelled(err.params), field=err.field) from None


def counted_round(r: RoundResult) -> outcome.CountedRound:
    """A stored round as plain values for the pure rules of ``rules.outcome``."""
    return outcome.CountedRound(
        kind=r.kind,
        status=r.status,
        seats=r.seats,
        candidates=r.candidates,
        output=r.output,
        voided=r.voided,
        avoided=r.avoided,
    )


def person_key(person: Person) -> str:
    """The key that stands for a person in tallies and results: the id, never the name."""
    return str(person.pk)


def _post_of(election: VillageElection, post: str) -> str:
    if post not in election.seats:
        raise InvalidInput(
            gettext_noop("Post %(post)s has no seats in this election."),
            {"post": post_label(post)},
            field="post",
        )
    return post


def _voter(election: VillageElection, person: Person) -> bool:
    return election.roll.filter(person=person, removed_on__isnull=True).exists()
