"""Every registry write, tried by every role on units inside and outside its scope."""

from datetime import date

import pytest

from openvillage.core.errors import NotAllowed
from openvillage.core.roles import Role
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


# --- the roles the next capabilities need: they read their scope and write nothing yet --------

NEW_ROLES = {
    "legal_adviser": "village_a1",
    "campaign_working_group": "town_a",
    "county_discipline": "county",
    "county_civil_affairs": "county",
    "county_finance": "county",
    "county_agriculture": "county",
    "party_member": "village_a1",
}


@pytest.fixture
def newcomers(request, cast):
    from openvillage.accounts.services import staff_account_create

    return {
        role: staff_account_create(
            actor=None,
            username=role,
            password="unused",
            role=role,
            unit=request.getfixturevalue(unit),
            check_password=False,
        )
        for role, unit in NEW_ROLES.items()
    }


@pytest.mark.parametrize("role", sorted(NEW_ROLES))
def test_a_new_role_reads_its_scope_and_nothing_beyond(newcomers, village_a1, village_b1, role):
    from openvillage.core.permissions import can_read

    user = newcomers[role]
    if role == Role.PARTY_MEMBER:
        # A party member acts for themselves: no scope read of the village's private records
        # (messages with the villager's name, drafts), as with the election observer.
        assert not can_read(user, village_a1.path)
        assert not can_read(user, village_b1.path)
        return
    assert can_read(user, village_a1.path)
    assert can_read(user, village_b1.path) == (user.unit.level == "county")


@pytest.mark.parametrize("write", WRITES, ids=lambda w: w.__name__)
@pytest.mark.parametrize("role", sorted(NEW_ROLES))
def test_a_new_role_writes_nothing_yet(newcomers, village_a1, write, role):
    with pytest.raises(NotAllowed, match="role may not"):
        write(newcomers[role], village_a1)


@pytest.mark.parametrize("role", sorted(NEW_ROLES))
def test_a_new_role_has_no_write_domain_at_all(newcomers, village_a1, role):
    from openvillage.core import permissions

    domains = [v for k, v in vars(permissions).items() if k.isupper() and isinstance(v, str)]
    # The campaign's lawyers and working groups write its steps (issue 13), nothing else.
    if role in (Role.LEGAL_ADVISER, Role.CAMPAIGN_WORKING_GROUP):
        domains = [d for d in domains if not d.startswith("campaign")]
    assert domains and not any(
        permissions.can_write(newcomers[role], village_a1.path, d) for d in domains
    )


def test_every_role_has_a_chinese_label_and_a_level():
    from django.utils import translation

    from openvillage.core.roles import ROLE_LEVELS, Role

    with translation.override("zh-hans"):
        labels = {str(label) for label in Role.labels}
    assert all(not any("a" <= c.lower() <= "z" for c in label) for label in labels)
    assert set(ROLE_LEVELS) == set(Role.values)
