from datetime import date

import pytest
from django.utils import translation

from openvillage.core.errors import InvalidInput, WrongState
from openvillage.core.models import AuditEntry
from openvillage.disclosure import services
from openvillage.disclosure.models import Item, ItemVersion, State
from openvillage.disclosure.tests.conftest import content, publish


def test_a_draft_walks_through_submission_approval_and_publication(cast, draft):
    vic, tom = cast["vic"], cast["tom"]
    assert services.item_submit(actor=vic, item=draft).state == State.SUBMITTED
    assert services.item_approve(actor=tom, item=draft).state == State.APPROVED
    version = services.item_publish(actor=vic, item=draft)
    draft.refresh_from_db()
    assert (draft.state, draft.published_version, version.number) == (State.PUBLISHED, 1, 1)
    actions = list(
        AuditEntry.objects.filter(object_id=str(draft.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "disclosure.item.create",
        "disclosure.item.submit",
        "disclosure.item.approve",
        "disclosure.item.publish",
    ]


def test_publication_appends_the_version_to_the_ledger(cast, published):
    from openvillage.ledger.models import Entry

    version = published.versions.get()
    entry = Entry.objects.get(pk=version.ledger_entry_id)
    assert (entry.object_type, entry.object_id, entry.version) == (
        "disclosure.item",
        str(published.pk),
        1,
    )
    assert entry.kind == "disclosure_version"


def test_publishing_without_approval_is_refused_with_409_and_nothing_changes(cast, draft):
    services.item_submit(actor=cast["vic"], item=draft)
    with pytest.raises(WrongState) as err:
        services.item_publish(actor=cast["vic"], item=draft)
    assert err.value.http_status == 409
    with translation.override("en"):
        assert "approve" in err.value.translated()
    draft.refresh_from_db()
    assert draft.state == State.SUBMITTED and not ItemVersion.objects.exists()


def test_the_town_returns_a_submission_with_a_reason_and_the_clerk_can_edit_it_again(cast, draft):
    services.item_submit(actor=cast["vic"], item=draft)
    services.item_return(actor=cast["tom"], item=draft, reason="缺少附件")
    draft.refresh_from_db()
    assert (draft.state, draft.return_reason) == (State.RETURNED, "缺少附件")
    services.item_update(actor=cast["vic"], item=draft, content=content(title="改正后"))
    assert services.item_submit(actor=cast["vic"], item=draft).state == State.SUBMITTED


def test_returning_without_a_reason_is_refused_naming_the_field(cast, draft):
    services.item_submit(actor=cast["vic"], item=draft)
    with pytest.raises(InvalidInput) as err:
        services.item_return(actor=cast["tom"], item=draft, reason="  ")
    assert err.value.field == "reason"


def test_a_published_item_cannot_be_edited_in_place(cast, published):
    with pytest.raises(WrongState):
        services.item_update(actor=cast["vic"], item=published, content=content(title="x"))


def test_amending_without_a_reason_is_refused_and_nothing_is_written(cast, published):
    with pytest.raises(InvalidInput) as err:
        services.item_amend(actor=cast["vic"], item=published, reason="", content=content())
    assert err.value.field == "reason"
    published.refresh_from_db()
    assert published.state == State.PUBLISHED and published.amendment_reason == ""


def test_an_amendment_is_a_new_version_with_its_reason_and_the_first_stays(cast, published):
    vic, tom = cast["vic"], cast["tom"]
    services.item_amend(
        actor=vic,
        item=published,
        reason="更正办公费",
        content=content(title="2025年12月财务收支公开（更正）"),
    )
    published.refresh_from_db()
    assert published.published_version == 1  # the public still sees version 1
    publish(published, vic, tom)
    versions = list(published.versions.order_by("number").values_list("number", "reason"))
    assert versions == [(1, ""), (2, "更正办公费")]


def test_withdrawal_keeps_the_record_and_says_why(cast, published):
    services.item_withdraw(actor=cast["vic"], item=published, reason="重复发布")
    published.refresh_from_db()
    assert published.state == State.WITHDRAWN and published.withdrawal_reason == "重复发布"
    assert published.versions.count() == 1


def test_a_draft_cannot_be_withdrawn(cast, draft):
    with pytest.raises(WrongState):
        services.item_withdraw(actor=cast["vic"], item=draft, reason="x")


def test_an_item_for_a_matter_the_catalogue_lacks_is_refused_and_nothing_is_written(
    cast, village_a1
):
    with pytest.raises(InvalidInput) as err:
        services.item_create(
            actor=cast["vic"], village=village_a1, content=content(matter="no_such_matter")
        )
    assert err.value.field == "matter"
    assert not Item.objects.exists()


def test_a_finance_statement_that_does_not_add_up_is_refused_naming_the_line(cast, village_a1):
    statement = content().statement
    statement["lines"][1]["amount_fen"] = 99000  # 50101 no longer adds up to 501
    with pytest.raises(InvalidInput) as err:
        services.item_create(
            actor=cast["vic"], village=village_a1, content=content(statement=statement)
        )
    assert err.value.field == "statement.lines[0].amount_fen"
    assert "501" in err.value.translated()
    assert not Item.objects.exists()


def test_a_period_that_ends_before_it_starts_is_refused(cast, village_a1):
    with pytest.raises(InvalidInput) as err:
        services.item_create(
            actor=cast["vic"],
            village=village_a1,
            content=content(period_start=date(2026, 1, 2), period_end=date(2026, 1, 1)),
        )
    assert err.value.field == "period_end"


def test_the_body_is_sanitized(cast, village_a1):
    item = services.item_create(
        actor=cast["vic"],
        village=village_a1,
        content=content(body='<p onclick="x()">好</p><script>alert(1)</script>'),
    )
    assert item.body == "<p>好</p>"
