"""Writes of nomination, the joint qualification review and the candidate list (V14-V17, P8,
P9, §C)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from openvillage.core.clock import local_today
from openvillage.core.errors import InvalidInput, WrongState
from openvillage.core.text import gettext_noop
from openvillage.elections import data
from openvillage.elections.models import (
    Candidate,
    Law,
    Nomination,
    QualificationReview,
    RoundResult,
    VillageElection,
)
from openvillage.elections.rules import counting
from openvillage.elections.rules.profiles import get_profile
from openvillage.elections.services._common import (
    _allowed,
    _audit,
    _ledger,
    _locked,
    _move,
    _post_of,
    _require,
    _require_office,
    _text,
    _voter,
    post_label,
)
from openvillage.org import services as org_services
from openvillage.org.models import Person

# --- 3. nomination, candidates, review ----------------------------------------------------------


def nomination_record(
    *, actor: Any, election: VillageElection, post: str, person: Person, votes: int
) -> Nomination:
    """Record a direct nomination with its number of votes (V14).

    The election row is re-read under a lock: its state, seats and roll decide, not the caller's
    copy (a concurrent publication of the candidates closes nominations).
    """
    _require(actor, election)
    if votes < 0:
        raise InvalidInput(gettext_noop("Votes cannot be negative."), field="votes")
    with transaction.atomic():
        election = _locked(election)
        _allowed(election, "nomination.record")
        _post_of(election, post)
        if not _voter(election, person):
            raise InvalidInput(
                gettext_noop("%(name)s is not on this election's roll and cannot stand."),
                {"name": person.name},
                field="person",
            )
        nomination, _ = Nomination.objects.update_or_create(
            election=election,
            post=post,
            person=person,
            defaults={"votes": votes, "recorded_on": local_today()},
        )
        _audit(actor, "nomination.record", nomination, election, {"post": post, "votes": votes})
    return nomination


def _latest_review(election: VillageElection, person: Person) -> QualificationReview | None:
    return election.reviews.filter(person=person).order_by("-reviewed_on", "-id").first()


def candidate_list_set(
    *, actor: Any, election: VillageElection, post: str, people: list[Person]
) -> list[Candidate]:
    """Fix the candidates of one post: nominated, cleared by the review, contested (V15, V16,
    P9); ordered by nomination votes (V17)."""
    _require(actor, election)
    if len({p.pk for p in people}) != len(people):
        raise InvalidInput(gettext_noop("A person is listed twice."), field="people")
    with transaction.atomic():
        election = _locked(election)
        _allowed(election, "candidates.set")
        _post_of(election, post)
        _check_candidates(election, post, people)
        nominations = {n.person_id: n.votes for n in election.nominations.filter(post=post)}
        ordered = sorted(people, key=lambda p: (-nominations[p.pk], p.name, p.pk))
        election.candidates.filter(post=post).delete()
        rows = Candidate.objects.bulk_create(
            Candidate(
                election=election,
                post=post,
                person=p,
                nomination_votes=nominations[p.pk],
                order=i,
            )
            for i, p in enumerate(ordered, start=1)
        )
        _audit(actor, "candidates.set", election, election, {post: [p.pk for p in ordered]})
    return rows


def _check_candidates(election: VillageElection, post: str, people: list[Person]) -> None:
    rules = get_profile(election.profile).rules(election.law)
    seats = election.seats[post]
    if not counting.candidates_suffice(rules, post, seats, len(people)):
        message = gettext_noop(
            "%(post)s has %(seats)s seats and %(n)s candidates: the list must be contested (V15)."
        )
        if election.law == Law.PARTY_BRANCH:
            message = gettext_noop(
                "%(post)s has %(seats)s seats and %(n)s candidates: the branch needs at least "
                "20%% more candidates than seats (P9)."
            )
        raise InvalidInput(
            message, {"post": post_label(post), "seats": seats, "n": len(people)}, field="people"
        )
    nominated = set(election.nominations.filter(post=post).values_list("person_id", flat=True))
    for person in people:
        if person.pk not in nominated:
            raise InvalidInput(
                gettext_noop("%(name)s was not nominated for this post."),
                {"name": person.name},
                field="people",
            )
        review = _latest_review(election, person)
        if review is None or review.decision != QualificationReview.Decision.CLEARED:
            message = gettext_noop("%(name)s has not been cleared by the qualification review.")
            if review is not None:
                message = gettext_noop(
                    "%(name)s is barred by the qualification review and cannot stand (Q4)."
                )
            raise InvalidInput(message, {"name": person.name}, field="people")


def _candidate_keys(election: VillageElection) -> dict[str, list[str]]:
    """The candidates of each post by person key, in list order (V17)."""
    keys: dict[str, list[str]] = {post: [] for post in election.seats}
    for c in election.candidates.order_by("post", "order"):
        keys[c.post].append(str(c.person_id))
    return keys


def _public_list(election: VillageElection) -> dict[str, list[dict[str, str]]]:
    """The published list: each candidate's key and name (two people may share a name)."""
    rows: dict[str, list[dict[str, str]]] = {post: [] for post in election.seats}
    for c in election.candidates.select_related("person").order_by("post", "order"):
        rows[c.post].append({"id": str(c.person_id), "name": c.person.name})
    return rows


def candidate_list_publish(*, actor: Any, election: VillageElection) -> RoundResult:
    """Publish the candidate list by D-5 (V17) and open the first round for voting."""
    _require(actor, election)
    rules = get_profile(election.profile).rules(election.law)
    today = local_today()
    with transaction.atomic():
        election = _locked(election)
        _allowed(election, "candidates.publish")
        if today > election.candidate_list_by:
            raise WrongState(
                gettext_noop(
                    "The candidate list had to be published by %(date)s, 5 days before election "
                    "day (V17)."
                ),
                {"date": election.candidate_list_by.isoformat()},
            )
        keys = _candidate_keys(election)
        for post, seats in election.seats.items():
            if not counting.candidates_suffice(rules, post, seats, len(keys[post])):
                raise WrongState(
                    gettext_noop("Post %(post)s has too few candidates for its seats."),
                    {"post": post_label(post)},
                )
        first = RoundResult.objects.create(
            election=election,
            number=1,
            kind=RoundResult.Kind.REGULAR,
            seats=election.seats,
            candidates=keys,
            held_on=election.election_day,
        )
        _move(
            actor,
            election,
            "candidates.publish",
            changes={"candidate_list_published_on": today},
            audit={"candidates": [None, keys]},
        )
        _ledger("election_candidates", election, election, {"candidates": _public_list(election)})
        org_services.touch_public([election.village_id])
    return first


def review_record(
    *,
    actor: Any,
    election: VillageElection,
    person: Person,
    sources: list[str],
    findings: list[str],
    decision: str,
    reason: str,
) -> QualificationReview:
    """Record the joint review of a nominee (Q1-Q4): sources consulted, conditions found."""
    _require_office(actor, election.village)
    unknown = [s for s in sources if s not in data.REVIEW_SOURCES]
    if not sources or unknown:
        raise InvalidInput(gettext_noop("Name the sources consulted."), field="sources")
    codes = {row["code"] for row in data.negative_list()}
    if any(code not in codes for code in findings):
        raise InvalidInput(gettext_noop("Unknown negative-list condition."), field="findings")
    if decision not in QualificationReview.Decision.values:
        raise InvalidInput(gettext_noop("Choose cleared or barred."), field="decision")
    if findings and decision == QualificationReview.Decision.CLEARED:
        raise InvalidInput(
            gettext_noop("A person with a negative-list condition cannot be cleared (Q4)."),
            field="decision",
        )
    reason = _text(reason, "reason")
    with transaction.atomic():
        election = _locked(election)
        _allowed(election, "review.record")
        review = QualificationReview.objects.create(
            election=election,
            person=person,
            reviewer=actor,
            sources=list(sources),
            findings=list(findings),
            decision=decision,
            reason=reason,
            reviewed_on=local_today(),
        )
        if decision == QualificationReview.Decision.BARRED:
            election.candidates.filter(person=person).delete()
        _audit(actor, "review.record", review, election, {"decision": decision}, reason)
    return review
