"""A county review meeting that proposes villages for weak-and-scattered screening: the
assessment capability lists their party organizations as candidates once the meeting is saved
(supervision.md §2, §6), and the county still decides on each."""

from datetime import date

import pytest

from openvillage.assessment.models import WeakCandidate, WeakProposer, WeakState
from openvillage.core.audit import AuditEntry
from openvillage.core.errors import NotAllowed
from openvillage.org.models import PartyOrganization, PartyOrgKind
from openvillage.supervision import services


@pytest.fixture
def branch(village_a1):
    return PartyOrganization.objects.create(
        unit=village_a1, kind=PartyOrgKind.PARTY_BRANCH, name="泉柏村党支部"
    )


def _meeting(cast, county, villages, day=date(2026, 10, 14)):
    return services.review_meeting_record(
        actor=cast["cora"], unit=county, held_on=day, conclusions="财务审核问题逾期未改",
        named_villages=villages, screening_proposed=villages,
    )  # fmt: skip


def test_the_proposed_village_becomes_a_candidate_after_the_meeting_commits(
    cast, county, village_a1, branch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = _meeting(cast, county, [village_a1])
    candidate = WeakCandidate.objects.get()
    assert (candidate.organization, candidate.year) == (branch, 2026)
    assert candidate.proposed_by == WeakProposer.REVIEW_MEETING
    assert candidate.state == WeakState.CANDIDATE  # a proposal, not a label
    assert candidate.details["review_meeting"]["id"] == meeting.pk
    entry = AuditEntry.objects.get(action="assessment.weak.propose")
    assert entry.actor_id == cast["cora"].pk


def test_a_second_meeting_does_not_propose_the_same_organization_twice(
    cast, county, village_a1, branch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _meeting(cast, county, [village_a1])
        _meeting(cast, county, [village_a1], day=date(2026, 11, 14))
    assert WeakCandidate.objects.count() == 1


def test_a_meeting_that_proposes_nobody_or_a_village_without_organization_makes_no_candidate(
    cast, county, village_a1, village_a2, branch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.review_meeting_record(
            actor=cast["cora"], unit=county, held_on=date(2026, 10, 14), conclusions="点名",
            named_villages=[village_a1],
        )  # fmt: skip
        _meeting(cast, county, [village_a2])
    assert not WeakCandidate.objects.exists()


def test_a_refused_meeting_proposes_nothing(
    cast, county, village_a1, branch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(NotAllowed):
        services.review_meeting_record(
            actor=cast["tom"], unit=county, held_on=date(2026, 10, 14), conclusions="点名",
            screening_proposed=[village_a1],
        )  # fmt: skip
    assert not WeakCandidate.objects.exists()
