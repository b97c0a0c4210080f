"""Helpers shared by the election services: scope checks, locking, audit and ledger rows,
the seats check and the constants of the registry mapping."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from openvillage.core import permissions
from openvillage.core.audit import audit_log
from openvillage.core.errors import InvalidInput, NotAllowed, WrongState
from openvillage.core.text import clean_text, gettext_noop
from openvillage.elections.models import (
    LAW_POSTS,
    Law,
    VillageElection,
)
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


def _state(election: VillageElection, allowed: Iterable[str], message: str) -> None:
    if election.state not in tuple(allowed):
        raise WrongState(message, {"state": election.get_state_display()})


def _locked(election: VillageElection) -> VillageElection:
    return (
        VillageElection.objects.select_for_update()
        .select_related("general", "village")
        .get(pk=election.pk)
    )


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
    from openvillage.ledger.services import ledger_append

    return ledger_append(
        kind=kind,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
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


def seats_check(law: str, profile: str, seats: Mapping[str, Any]) -> dict[str, int]:
    """Validate seats per post against the law's posts and the profile (V1, V2, P4)."""
    rules = get_profile(profile).rules(law)
    allowed = [p for p in LAW_POSTS[law] if p in rules.post_order]
    if not rules.women_post_separate and "women_member" in allowed:
        allowed.remove("women_member")
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
    total = sum(clean.values())
    if law == Law.VILLAGERS_COMMITTEE and not 3 <= total <= 7:
        raise InvalidInput(
            gettext_noop("A villagers' committee has 3 to 7 members (V1); these seats make %(n)s."),
            {"n": total},
            field="seats",
        )
    if law == Law.PARTY_BRANCH and not 1 <= total <= 7:
        raise InvalidInput(
            gettext_noop("A branch committee has at most 7 members (P4); these seats make %(n)s."),
            {"n": total},
            field="seats",
        )
    return clean


def _post_of(election: VillageElection, post: str) -> str:
    if post not in election.seats:
        raise InvalidInput(
            gettext_noop("Post %(post)s has no seats in this election."),
            {"post": post},
            field="post",
        )
    return post


def _voter(election: VillageElection, person: Person) -> bool:
    return election.roll.filter(person=person, removed_on__isnull=True).exists()
