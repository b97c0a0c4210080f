"""A staff account may be linked to its person in the registry, inside the account's unit."""

from datetime import date

import pytest

from openvillage.accounts.services import staff_account_create, staff_account_link_person
from openvillage.core.errors import InvalidInput, NotAllowed
from openvillage.core.models import AuditEntry
from openvillage.org.models import Person


def person(village, name, **kw):
    return Person.objects.create(
        village=village, name=name, gender="female", birth_date=date(1985, 5, 5), **kw
    )


def test_a_town_officer_links_a_clerk_to_a_person_of_her_village(cast, village_a1):
    wang = person(village_a1, "王芳")
    staff_account_link_person(actor=cast["tom"], user=cast["vic"], person=wang)
    cast["vic"].refresh_from_db()
    assert cast["vic"].person == wang
    entry = AuditEntry.objects.get(action="accounts.user.link_person")
    assert entry.changes == {"person": [None, wang.pk]} and entry.actor == cast["tom"]


def test_a_person_of_another_village_is_refused_naming_the_field(cast, village_a2):
    other = person(village_a2, "李娜")
    with pytest.raises(InvalidInput) as caught:
        staff_account_link_person(actor=cast["tom"], user=cast["vic"], person=other)
    assert caught.value.field == "person"
    cast["vic"].refresh_from_db()
    assert cast["vic"].person is None and not AuditEntry.objects.exists()


def test_nobody_links_an_account_outside_their_scope(cast, village_b1):
    with pytest.raises(NotAllowed):
        staff_account_link_person(
            actor=cast["tom"], user=cast["bill"], person=person(village_b1, "赵敏")
        )


def test_a_party_members_account_is_linked_only_to_a_party_member(cast, village_a1):
    member = staff_account_create(
        actor=cast["tom"], username="dangyuan", password="a-long-pass-123",
        role="party_member", unit=village_a1,
    )  # fmt: skip
    with pytest.raises(InvalidInput):
        staff_account_link_person(actor=cast["tom"], user=member, person=person(village_a1, "甲"))
    full = person(village_a1, "乙", party_status="full", party_joined_on=date(2001, 7, 1))
    staff_account_link_person(actor=cast["tom"], user=member, person=full)
    member.refresh_from_db()
    assert member.person == full


def test_unlinking_is_audited_too(cast, village_a1):
    wang = person(village_a1, "王芳")
    staff_account_link_person(actor=cast["tom"], user=cast["vic"], person=wang)
    staff_account_link_person(actor=cast["tom"], user=cast["vic"], person=None)
    cast["vic"].refresh_from_db()
    assert cast["vic"].person is None
    assert AuditEntry.objects.filter(action="accounts.user.link_person").count() == 2
