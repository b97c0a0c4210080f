"""A case records its resolution step as soon as the town-approved disclosure is published,
wherever the clerk presses "publish" (the on-publish hook of core.extensions)."""

from __future__ import annotations

from datetime import date

import pytest

from openvillage.core.errors import WrongState
from openvillage.decisions import services
from openvillage.decisions.models import StepRecord
from openvillage.decisions.tests.conftest import at, walk_to_resolution
from openvillage.disclosure import services as disclosure
from openvillage.disclosure.services import Content

SEP = date(2026, 9, 1).replace


@pytest.fixture
def case(cast, registry, village_a1):
    with at(SEP(day=1)):
        case = services.case_open(
            actor=cast["vic"],
            village=village_a1,
            power_code="major_decision",
            amount=None,
            description="repairing the village road",
        )
    walk_to_resolution(cast["vic"], case)
    return case


def approved_resolution(cast, case, day):
    with at(day):
        first = services.case_publish_resolution(
            actor=cast["vic"], case=case, title="决议公开", body="<p>修路</p>"
        )
        disclosure.item_approve(actor=cast["tom"], item=first.item)
    return first.item


def resolution_records(case):
    return list(StepRecord.objects.filter(case=case, step_code="resolution_disclosure"))


def test_publishing_the_approved_resolution_from_the_disclosures_records_the_step(cast, case):
    item = approved_resolution(cast, case, SEP(day=28))
    assert resolution_records(case) == []
    with at(SEP(day=29)):
        disclosure.item_publish(actor=cast["vic"], item=item)
    [record] = resolution_records(case)
    assert record.held_on == SEP(day=29) and record.disclosure_item_id == item.pk


def test_pressing_publish_on_the_case_afterwards_says_the_step_has_passed(cast, case):
    item = approved_resolution(cast, case, SEP(day=28))
    with at(SEP(day=29)):
        disclosure.item_publish(actor=cast["vic"], item=item)
        with pytest.raises(WrongState) as err:
            services.case_publish_resolution(actor=cast["vic"], case=case)
    assert err.value.code == "step_already_passed"
    assert len(resolution_records(case)) == 1


def test_publishing_through_the_case_records_the_step_once(cast, case):
    approved_resolution(cast, case, SEP(day=28))
    with at(SEP(day=29)):
        published = services.case_publish_resolution(actor=cast["vic"], case=case)
    assert [r.pk for r in resolution_records(case)] == [published.record.pk]


def test_an_amended_resolution_does_not_record_the_step_again(cast, case):
    item = approved_resolution(cast, case, SEP(day=28))
    with at(SEP(day=29)):
        disclosure.item_publish(actor=cast["vic"], item=item)
    item.refresh_from_db()
    with at(SEP(day=30)):
        content = Content(
            matter=item.matter,
            period_start=item.period_start,
            period_end=item.period_end,
            title="决议公开（更正）",
            body="<p>修路，更正</p>",
        )
        disclosure.item_amend(actor=cast["vic"], item=item, reason="错字", content=content)
        disclosure.item_submit(actor=cast["vic"], item=item)
        disclosure.item_approve(actor=cast["tom"], item=item)
        disclosure.item_publish(actor=cast["vic"], item=item)
    assert len(resolution_records(case)) == 1


def test_an_unanswered_flag_leaves_the_publication_standing_and_the_step_for_later(cast, case):
    item = approved_resolution(cast, case, SEP(day=28))
    last = StepRecord.objects.filter(case=case).order_by("-seq").first()
    with at(SEP(day=28)):
        services.step_flag(actor=cast["sue"], record=last, reason="no sign-in sheet")
    with at(SEP(day=29)):
        disclosure.item_publish(actor=cast["vic"], item=item)
    item.refresh_from_db()
    assert item.state == "published"
    assert resolution_records(case) == []


def test_an_item_no_case_created_is_left_alone(cast, village_a1, registry):
    from openvillage.disclosure.tests.conftest import content as disclosure_content

    with at(SEP(day=2)):
        item = disclosure.item_create(
            actor=cast["vic"], village=village_a1, content=disclosure_content()
        )
        disclosure.item_submit(actor=cast["vic"], item=item)
        disclosure.item_approve(actor=cast["tom"], item=item)
        disclosure.item_publish(actor=cast["vic"], item=item)
    assert not StepRecord.objects.exists()
