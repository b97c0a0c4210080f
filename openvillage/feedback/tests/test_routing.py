"""Routing (disclosure.md Q4): by module and kind; a named cadre sends it one level above."""

import pytest

from openvillage.core.audit import AuditEntry
from openvillage.core.errors import NotAllowed
from openvillage.feedback import selectors, services
from openvillage.feedback.rules import routing
from openvillage.feedback.tests.conftest import post


@pytest.mark.parametrize(
    ("module", "kind", "cadre", "level"),
    [
        ("finance", "question", None, routing.VILLAGE),
        ("", "complaint", None, routing.VILLAGE),
        ("", "report", None, routing.TOWN),
        ("finance", "complaint", routing.VILLAGE, routing.TOWN),
        ("", "complaint", routing.TOWN, routing.COUNTY),
        ("", "report", routing.COUNTY, routing.COUNTY),
    ],
)
def test_the_route_level_table(module, kind, cadre, level):
    assert routing.route_level(module, kind, cadre) == level


def test_a_reassignment_never_goes_down_to_the_named_cadres_level():
    assert not routing.allowed_target(routing.VILLAGE, routing.VILLAGE)
    assert routing.allowed_target(routing.TOWN, routing.VILLAGE)


def test_a_complaint_naming_the_village_secretary_lands_with_the_town(
    cast, zhang, secretary_term, town_a
):
    message = post(
        zhang, kind="complaint", text="书记优亲厚友，低保给了亲戚", named_term=secretary_term
    )
    assert message.assigned_unit == town_a
    assert message.routed_unit == town_a
    assert not selectors.visible_to(cast["vic"], message)
    assert not selectors.visible_to(cast["sam"], message)
    assert selectors.visible_to(cast["tom"], message)
    entry = AuditEntry.objects.get(action="feedback.message.post", object_id=str(message.pk))
    assert entry.changes["villager"] == [None, zhang.pk]


def test_a_question_goes_to_the_village(cast, zhang, village_a1):
    message = post(zhang)
    assert message.assigned_unit == village_a1
    assert selectors.visible_to(cast["vic"], message)


def test_a_reassignment_needs_a_reason_and_is_audited(cast, zhang, town_a):
    message = post(zhang)
    services.message_reassign(actor=cast["vic"], message=message, unit=town_a, reason="涉及镇里")
    message.refresh_from_db()
    assert message.assigned_unit == town_a
    assert AuditEntry.objects.filter(action="feedback.message.reassign").exists()
    assert message.assignments.filter(kind="reassign", reason="涉及镇里").exists()


def test_a_message_naming_a_cadre_cannot_be_reassigned_to_the_village(
    cast, zhang, secretary_term, village_a1
):
    message = post(zhang, kind="complaint", text="书记态度很差", named_term=secretary_term)
    with pytest.raises(NotAllowed):
        services.message_reassign(actor=cast["tom"], message=message, unit=village_a1, reason="x")
