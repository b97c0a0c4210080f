"""The supervision committee member's review of case steps (issue 12 §5, decisions.md D7): a
queue of steps waiting in their scope, approve or return with a reason, labelled audit rows."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from openvillage.core import audit_labels
from openvillage.core.errors import InvalidInput, NotAllowed, WrongState
from openvillage.core.extensions import attention_for
from openvillage.core.models import AuditEntry
from openvillage.decisions import selectors, services
from openvillage.decisions.models import ReviewOutcome, StepRecord
from openvillage.decisions.tests.conftest import at, branch, joint, record

SEP = date(2026, 9, 1).replace


@pytest.fixture
def case(cast, registry, village_a1):
    with at(SEP(day=1)):
        return services.case_open(
            actor=cast["vic"], village=village_a1, power_code="major_decision", amount=None,
            description="修缮村道",
        )  # fmt: skip


@pytest.fixture
def first(cast, case) -> StepRecord:
    return record(cast["vic"], case, branch(SEP(day=1)))


def test_a_recorded_step_waits_in_the_queue_of_the_village_supervision_member(cast, first):
    assert list(selectors.steps_awaiting_review(cast["sue"])) == [first]
    assert list(selectors.steps_awaiting_review(cast["bill"])) == []  # another town's village


def test_an_approved_step_leaves_the_queue_and_the_case_goes_on(cast, case, first):
    with at(SEP(day=2)):
        review = services.step_review(actor=cast["sue"], record=first, approve=True)
    assert review.outcome == ReviewOutcome.APPROVED and review.flag is None
    assert not selectors.steps_awaiting_review(cast["sue"]).exists()
    record(cast["vic"], case, joint(SEP(day=2)))  # nothing holds the case


def test_a_returned_step_needs_a_reason_and_holds_the_case_until_redone(cast, case, first):
    with at(SEP(day=2)), pytest.raises(InvalidInput) as err:
        services.step_review(actor=cast["sue"], record=first, approve=False, reason="  ")
    assert err.value.field == "reason"
    with at(SEP(day=2)):
        review = services.step_review(
            actor=cast["sue"], record=first, approve=False, reason="缺少签到表"
        )
    assert review.flag is not None and review.flag.reason == "缺少签到表"
    with pytest.raises(WrongState) as err:
        record(cast["vic"], case, joint(SEP(day=2)))
    assert err.value.code == "flag_unanswered"
    with at(SEP(day=3)):
        services.flag_answer(actor=cast["vic"], flag=review.flag, answer="重新开会", redo=True)
    again = record(cast["vic"], case, branch(SEP(day=3)))
    assert list(selectors.steps_awaiting_review(cast["sue"])) == [again]


def test_a_step_is_reviewed_once_and_only_by_the_supervision_committee(cast, first):
    with at(SEP(day=2)), pytest.raises(NotAllowed):
        services.step_review(actor=cast["vic"], record=first, approve=True)
    with at(SEP(day=2)):
        services.step_review(actor=cast["sue"], record=first, approve=True)
    with at(SEP(day=2)), pytest.raises(WrongState) as err:
        services.step_review(actor=cast["sue"], record=first, approve=True)
    assert err.value.code == "reviewed"


def test_the_review_is_audited_with_a_label_in_both_languages(cast, first):
    with at(SEP(day=2)):
        services.step_review(actor=cast["sue"], record=first, approve=False, reason="缺少签到表")
    entry = AuditEntry.objects.get(action="decisions.review.return")
    with translation.override("zh-hans"):
        assert audit_labels.action_label(entry.action) == "村务监督委员会退回步骤"
    with translation.override("en"):
        assert (
            audit_labels.action_label(entry.action) == "Step returned by the supervision committee"
        )


def test_the_queue_page_approves_and_returns_by_buttons(client, cast, case, first):
    client.force_login(cast["sue"])
    page = client.get(reverse("decisions-reviews"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert page.status_code == 200
    assert "待审核步骤" in page.content.decode()
    response = client.post(
        reverse("decisions-reviews"),
        {"record": first.pk, "decision": "return", "reason": ""},
    )
    assert response.status_code == 422
    response = client.post(
        reverse("decisions-reviews"), {"record": first.pk, "decision": "approve"}
    )
    assert response.status_code == 302
    assert StepRecord.objects.get(pk=first.pk).review.outcome == ReviewOutcome.APPROVED


def test_the_queue_page_is_scoped(client, cast, first):
    client.force_login(cast["bill"])
    assert first.pk not in [
        r.pk for r, _ in client.get(reverse("decisions-reviews")).context["rows"]
    ]
    response = client.post(
        reverse("decisions-reviews"), {"record": first.pk, "decision": "approve"}
    )
    assert response.status_code in (403, 404)


def test_the_supervision_member_home_links_to_the_queue(cast, first):
    sources = [s for s in attention_for(cast["sue"]) if s.name == "decisions.reviews"]
    assert sources and sources[0].items is not None
    (line,) = sources[0].items(cast["sue"], SEP(day=2))
    assert line.count == 1 and line.url == reverse("decisions-reviews")
    assert "decisions.reviews" not in [s.name for s in attention_for(cast["vic"])]
