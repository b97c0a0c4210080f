"""Every registry write, tried by every role on units inside and outside its scope."""

from datetime import date

import pytest

from openvillage.core.errors import NotAllowed
from openvillage.org import services
from openvillage.org.models import Person

WRITERS_OF_A1 = {
    "alice",
    "tom",
    "vic",
    "sam",
}  # county admin, town A officer, A1 clerk, A1 secretary
EVERYONE = ["alice", "cora", "tom", "tina", "vic", "vera", "bill", "sam", "sue", "oscar"]


def _person(village):
    return Person.objects.create(
        village=village, name="张三", gender="male", birth_date=date(1970, 1, 1)
    )


def write_person(actor, village):
    services.person_create(
        actor=actor, village=village, name="李四", gender="male", birth_date=date(1980, 1, 1)
    )


def write_update(actor, village):
    services.person_update(actor=actor, person=_person(village), name="张三丰")


def write_term(actor, village):
    services.term_start(
        actor=actor,
        village=village,
        person=_person(village),
        body="villagers_committee",
        post="committee_member",
        started_on=date(2021, 1, 1),
    )


def write_household(actor, village):
    services.household_create(actor=actor, village=village, number="H-0001")


WRITES = [write_person, write_update, write_term, write_household]


@pytest.mark.parametrize("write", WRITES, ids=lambda w: w.__name__)
@pytest.mark.parametrize("name", EVERYONE)
def test_a_registry_write_on_village_a1_is_allowed_only_within_scope_and_role(
    cast, village_a1, write, name
):
    actor = cast[name]
    if name in WRITERS_OF_A1:
        write(actor, village_a1)
    else:
        with pytest.raises(NotAllowed):
            write(actor, village_a1)


@pytest.mark.parametrize("write", WRITES, ids=lambda w: w.__name__)
def test_a_town_officer_cannot_touch_another_towns_village(cast, village_b1, write):
    with pytest.raises(NotAllowed, match="outside your area"):
        write(cast["tom"], village_b1)


@pytest.mark.parametrize("write", WRITES, ids=lambda w: w.__name__)
def test_a_clerk_cannot_touch_another_village_of_the_same_town(cast, village_a2, write):
    with pytest.raises(NotAllowed, match="outside your area"):
        write(cast["vic"], village_a2)


def test_an_inactive_account_can_write_nothing(cast, village_a1):
    vic = cast["vic"]
    vic.is_active = False
    with pytest.raises(NotAllowed):
        write_person(vic, village_a1)
