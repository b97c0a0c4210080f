"""Writes of the party branch election outside the count: exclusions from those who should
attend (P6) and the committee's election of its secretary and deputy secretary (P15)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.db import transaction

from openvillage.core.clock import local_today
from openvillage.core.errors import InvalidInput, WrongState
from openvillage.core.text import gettext_noop
from openvillage.core.writes import check, locked, transition
from openvillage.elections.models import (
    Law,
    SecretaryElection,
    VillageElection,
    VoterRollEntry,
)
from openvillage.elections.rules import party, states
from openvillage.elections.services._common import (
    TERM_POSTS,
    _allowed,
    _audit,
    _locked,
    _require,
    _require_office,
    person_key,
    post_label,
)
from openvillage.elections.services.results import elected_people, person_of
from openvillage.org import services as org_services
from openvillage.org.models import Body, Person


def _branch(election: VillageElection) -> None:
    if election.law != Law.PARTY_BRANCH:
        raise WrongState(gettext_noop("This applies to the party branch election only."))


# --- P6 -------------------------------------------------------------------------------------------


def branch_exclusion_record(
    *,
    actor: Any,
    village_election: VillageElection,
    person: Person,
    reason: str,
    approved_by_higher: bool,
    approved_by_meeting: bool,
) -> VoterRollEntry:
    """Exclude a full member from those who should attend (P6): both approvals, a reason (one of
    the examples by code, or free text), before election day. The quorum (P7) and the P12
    threshold then count from the smaller ``should_attend``."""
    election = village_election
    _require(actor, election)
    _branch(election)
    today = local_today()
    with transaction.atomic():
        election = _locked(election)
        stored = party.exclusion_check(
            reason=reason,
            approved_by_higher=approved_by_higher,
            approved_by_meeting=approved_by_meeting,
            today=today,
            election_day=election.election_day,
        )
        _allowed(election, "exclusion.record")
        entry = (
            election.roll.select_for_update().filter(person=person, removed_on__isnull=True).first()
        )
        if entry is None:
            raise InvalidInput(
                gettext_noop("%(name)s is not a member on this roll."),
                {"name": person.name},
                field="person",
            )
        if entry.excluded_from_should_attend:
            raise WrongState(gettext_noop("%(name)s is already excluded."), {"name": person.name})
        entry.excluded_from_should_attend = True
        entry.exclusion_reason = stored
        entry.excluded_on = today
        entry.save(update_fields=["excluded_from_should_attend", "exclusion_reason", "excluded_on"])
        _audit(
            actor,
            "roll.exclude",
            entry,
            election,
            {
                "exclusion_reason": stored,
                "approved_by_higher": True,
                "approved_by_meeting": True,
            },
        )
    return entry


def exclusion_label(reason: str) -> str:
    """The English source of an example reason (P6), else the free text itself."""
    return party.EXCLUSION_REASONS.get(reason, reason)


# --- P15 ------------------------------------------------------------------------------------------


def committee_members(election: VillageElection) -> list[Person]:
    """The people elected to the new branch committee (every post, voided results left out)."""
    return [person_of(election, key) for _post, key in elected_people(election)]


def secretary_election_record(
    *,
    actor: Any,
    village_election: VillageElection,
    votes: Mapping[Person, int],
    post: str,
) -> SecretaryElection:
    """Record the new committee's vote for its secretary or deputy secretary (P15): elected iff
    ``2*votes > committee_size``; the result waits for the higher organization's approval."""
    election = village_election
    _require(actor, election)
    _branch(election)
    if post not in party.SECRETARY_POSTS:
        raise InvalidInput(gettext_noop("Choose secretary or deputy secretary."), field="post")
    with transaction.atomic():
        election = _locked(election)
        _allowed(election, "secretary.record")
        if post in election.seats:
            raise WrongState(
                gettext_noop("The members' meeting already elected the %(post)s (P4)."),
                {"post": post_label(post)},
            )
        earlier = election.secretary_elections.filter(post=post).exclude(
            state=SecretaryElection.State.NOT_ELECTED
        )
        if earlier.exists():
            raise WrongState(
                gettext_noop("The %(post)s is already elected; it awaits or has approval."),
                {"post": post_label(post)},
            )
        members = committee_members(election)
        ids = {m.pk for m in members}
        for person in votes:
            if person.pk not in ids:
                raise InvalidInput(
                    gettext_noop("%(name)s is not a member of the new committee."),
                    {"name": person.name},
                    field="votes",
                )
        by_id = {str(p.pk): n for p, n in votes.items()}
        winner = party.secretary_elected(by_id, len(members))
        person = next((p for p in members if str(p.pk) == winner), None)
        other = election.secretary_elections.exclude(post=post).exclude(
            state=SecretaryElection.State.NOT_ELECTED
        )
        if person is not None and other.filter(person=person).exists():
            raise InvalidInput(
                gettext_noop("%(name)s already holds the other post."),
                {"name": person.name},
                field="votes",
            )
        row = SecretaryElection.objects.create(
            election=election,
            post=post,
            votes={person_key(p): n for p, n in votes.items()},
            committee_size=len(members),
            person=person,
            state=(
                SecretaryElection.State.RECORDED if person else SecretaryElection.State.NOT_ELECTED
            ),
            recorded_by=actor,
            recorded_on=local_today(),
        )
        _audit(
            actor,
            "secretary.record",
            row,
            election,
            {"post": post, "votes": row.votes, "elected": person and person.pk},
            "P15",
        )
    return row


def secretary_election_approve(*, actor: Any, secretary_election: SecretaryElection):
    """The higher organization (town or county office) approves the result (P15): the person's
    committee member term ends the day before and the secretary's term starts today."""
    row = SecretaryElection.objects.select_related("election__village").get(
        pk=secretary_election.pk
    )
    election = row.election
    _require_office(actor, election.village)
    today = local_today()
    with transaction.atomic():
        _locked(election)
        row = locked(row)
        check(row, "approve", table=states.SECRETARY)
        current = election.village.terms.filter(
            person=row.person, body=Body.BRANCH_COMMITTEE, ended_on__isnull=True
        )
        for term in current:
            if term.started_on >= today:
                raise WrongState(
                    gettext_noop(
                        "The committee took office today; the approval takes effect from the "
                        "next day."
                    )
                )
            org_services.term_end(actor=actor, term=term, ended_on=today - timedelta(days=1))
        body, kind = TERM_POSTS[(Law.PARTY_BRANCH, row.post)]
        org_services.term_start(
            actor=actor,
            village=election.village,
            person=row.person,
            body=body,
            post=kind,
            started_on=today,
        )
        transition(
            row,
            "approve",
            actor=actor,
            table=states.SECRETARY,
            changes={"approved_by": actor, "approved_on": today},
            audit={"person": [None, row.person_id]},
            note="P15",
            unit_path=election.village.path,
        )
    return row
