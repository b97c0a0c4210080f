"""`openvillage demo` gives the trial a case in each state, through the real services."""

from __future__ import annotations

import pytest

from openvillage.decisions import selectors
from openvillage.decisions.demo import build_demo_cases
from openvillage.decisions.models import Case, CaseStatus, ReviewOutcome, StepReview
from openvillage.org.demo import build_demo


@pytest.mark.django_db
def test_the_demo_village_has_a_case_in_each_state_and_a_step_to_review():
    build_demo(seed=2026, villages=1, households_per_village=20)
    assert build_demo_cases() == {"completed": 1, "rejected": 1, "open": 3}
    statuses = sorted(Case.objects.values_list("status", flat=True))
    assert statuses.count(CaseStatus.OPEN) == 3
    assert CaseStatus.COMPLETED in statuses and CaseStatus.REJECTED in statuses
    for case in Case.objects.prefetch_related("records"):
        first = min(r.held_on for r in case.records.all())
        assert case.opened_on <= first  # a case starts on or before its first step
    assert StepReview.objects.filter(outcome=ReviewOutcome.RETURNED).count() == 1
    from django.contrib.auth import get_user_model

    member = get_user_model().objects.get(username="supervision_member")
    assert selectors.steps_awaiting_review(member).count() >= 1
