import pytest

from openvillage.accounts.services import staff_account_create
from openvillage.core.errors import InvalidInput, NotAllowed
from openvillage.core.models import AuditEntry


def test_a_town_officer_creates_a_clerk_for_one_of_the_towns_villages(cast, village_a1):
    user = staff_account_create(
        actor=cast["tom"],
        username="newclerk",
        password="a-long-pass-123",
        role="village_clerk",
        unit=village_a1,
    )
    assert user.check_password("a-long-pass-123") and user.unit == village_a1
    entry = AuditEntry.objects.get(action="accounts.user.create")
    assert entry.actor == cast["tom"] and "a-long-pass-123" not in str(entry.changes)


def test_a_town_officer_cannot_create_an_account_in_another_town(cast, village_b1):
    with pytest.raises(NotAllowed):
        staff_account_create(
            actor=cast["tom"],
            username="x",
            password="a-long-pass-123",
            role="village_clerk",
            unit=village_b1,
        )


def test_a_clerk_cannot_create_accounts(cast, village_a1):
    with pytest.raises(NotAllowed):
        staff_account_create(
            actor=cast["vic"],
            username="x",
            password="a-long-pass-123",
            role="village_clerk",
            unit=village_a1,
        )


def test_a_role_is_bound_to_a_unit_of_its_level(cast, town_a):
    with pytest.raises(InvalidInput) as err:
        staff_account_create(
            actor=cast["alice"],
            username="x",
            password="a-long-pass-123",
            role="village_clerk",
            unit=town_a,
        )
    assert err.value.field == "unit"


def test_a_weak_password_is_refused_on_the_password_field(cast, village_a1):
    with pytest.raises(InvalidInput) as err:
        staff_account_create(
            actor=cast["alice"], username="x", password="123", role="village_clerk", unit=village_a1
        )
    assert err.value.field == "password"
