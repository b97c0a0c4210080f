"""R5: the checker is never the responsible person nor on the village's two committees (people
compared by registry identity through the account's link, never by name), and checks from the
right level."""

import pytest

from openvillage.core.errors import NotAllowed
from openvillage.org.models import Person
from openvillage.supervision import services
from openvillage.supervision.models import State


def test_the_responsible_person_cannot_check_their_own_rectification(linked, submitted):
    cora = linked["cora"]
    cora.person = submitted.responsible  # the county account of the same registry person
    cora.save(update_fields=["person"])
    with pytest.raises(NotAllowed, match="responsible cannot check"):
        services.problem_verify(actor=cora, problem=submitted, record="ok")


def test_a_member_of_the_villages_committees_cannot_check(linked, submitted, member):
    cora = linked["cora"]
    cora.person = member
    cora.save(update_fields=["person"])
    with pytest.raises(NotAllowed, match="two committees"):
        services.problem_verify(actor=cora, problem=submitted, record="ok")


def test_a_namesake_is_not_the_responsible_person(linked, submitted, village_b1):
    cora = linked["cora"]
    cora.person = Person.objects.create(
        village=village_b1, name=submitted.responsible.name, gender="male", birth_date="1960-1-1"
    )
    cora.save(update_fields=["person"])
    assert services.problem_verify(actor=cora, problem=submitted, record="ok").state == (
        State.VERIFIED
    )


def test_an_account_not_linked_to_the_registry_cannot_check(cast, submitted):
    with pytest.raises(NotAllowed, match="not linked"):
        services.problem_verify(actor=cast["cora"], problem=submitted, record="ok")


def test_a_town_found_problem_is_checked_by_the_county_not_the_town(linked, submitted):
    with pytest.raises(NotAllowed, match="level above"):
        services.problem_verify(actor=linked["tom"], problem=submitted, record="ok")
    with pytest.raises(NotAllowed, match="level above"):
        services.problem_reject(actor=linked["tom"], problem=submitted, reason="x")


def test_a_village_self_check_problem_is_checked_by_its_supervision_committee(
    cast, linked, village_a1, responsible
):
    p = services.problem_raise(
        actor=cast["sam"], village=village_a1, title="会议记录不全", severity="general"
    )
    p = services.problem_order(actor=cast["sam"], problem=p, responsible=responsible)
    p = services.problem_submit(actor=cast["vic"], problem=p, rectification="补记", note="记录")
    p = services.problem_verify(actor=linked["sue"], problem=p, record="已查看记录")
    assert p.checker == linked["sue"]


def test_the_supervision_committee_cannot_check_a_town_found_problem(linked, submitted):
    with pytest.raises(NotAllowed):
        services.problem_verify(actor=linked["sue"], problem=submitted, record="ok")
