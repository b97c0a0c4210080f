"""The clerk verifies a villager in person at the village office, and can revoke an account."""

from __future__ import annotations

import pytest

from openvillage.accounts.models import Villager
from openvillage.accounts.tests.conftest import OTHER_PHONE, PHONE, last_code
from openvillage.accounts.villager_session import SESSION_KEY
from openvillage.accounts.villagers import (
    villager_revoke,
    villager_signup_confirm,
    villager_signup_start,
    villager_verify_in_person,
)
from openvillage.conftest import VALID_IDS
from openvillage.core.crypto import unseal
from openvillage.core.errors import InvalidInput, NotAllowed, WrongState
from openvillage.core.models import AuditEntry

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_the_village_clerk_verifies_a_villager_in_person_and_it_is_audited(roll, cast):
    villager = villager_verify_in_person(actor=cast["vic"], roll_entry=roll["zhang"], phone=PHONE)
    assert villager.verified_by == "in_person" and villager.verified_by_staff == cast["vic"]
    entry = AuditEntry.objects.get(action="accounts.villager.verify_in_person")
    assert entry.actor == cast["vic"] and entry.object_id == str(villager.pk)
    assert entry.changes["phone"] == [None, "138****8000"]
    assert entry.object_label == "张三 (Village A1)"


@pytest.mark.parametrize("name", ["vera", "bill", "tina", "sue", "oscar"])
def test_in_person_verification_is_refused_outside_the_village_or_the_role(roll, cast, name):
    with pytest.raises(NotAllowed):
        villager_verify_in_person(actor=cast[name], roll_entry=roll["zhang"], phone=PHONE)
    assert not Villager.objects.exists()


@pytest.mark.parametrize("name", ["sam", "tom", "alice"])
def test_the_secretary_and_the_levels_above_may_verify_too(roll, cast, name):
    villager_verify_in_person(actor=cast[name], roll_entry=roll["zhang"], phone=PHONE)
    assert Villager.objects.get().verified_by_staff == cast[name]


def test_an_active_account_is_not_verified_twice(roll, cast):
    villager_verify_in_person(actor=cast["vic"], roll_entry=roll["zhang"], phone=PHONE)
    with pytest.raises(WrongState):
        villager_verify_in_person(actor=cast["vic"], roll_entry=roll["zhang"], phone=OTHER_PHONE)


def _signed_in(client, village):
    client.post(
        f"/v/{village.code}/join/",
        {"name": "张三", "id_number": VALID_IDS[0], "phone": PHONE},
    )
    client.post(f"/v/{village.code}/join/confirm/", {"code": last_code()})
    assert client.get("/me/").status_code == 200
    return Villager.objects.get()


def test_a_revoked_villager_can_no_longer_act(client, roll, cast, village_a1):
    villager = _signed_in(client, village_a1)
    villager_revoke(actor=cast["vic"], villager=villager, reason="Phone stolen")
    response = client.get("/me/")
    assert response.status_code == 302 and response["Location"] == "/"
    assert SESSION_KEY not in client.session
    entry = AuditEntry.objects.get(action="accounts.villager.revoke")
    assert entry.actor == cast["vic"] and entry.note == "Phone stolen"
    with pytest.raises(WrongState):
        villager_revoke(actor=cast["vic"], villager=villager, reason="again")


def test_revoking_needs_a_reason_and_the_village_scope(roll, cast):
    villager = villager_verify_in_person(actor=cast["vic"], roll_entry=roll["zhang"], phone=PHONE)
    with pytest.raises(InvalidInput):
        villager_revoke(actor=cast["vic"], villager=villager, reason="  ")
    with pytest.raises(NotAllowed):
        villager_revoke(actor=cast["vera"], villager=villager, reason="not mine")
    villager.refresh_from_db()
    assert villager.is_active


def test_the_clerk_restores_a_revoked_account_in_person(roll, cast, village_a1):
    ticket = villager_signup_start(
        village=village_a1, name="张三", id_number=VALID_IDS[0], phone=PHONE
    )
    villager = villager_signup_confirm(ticket=ticket.ticket, code=last_code())
    villager_revoke(actor=cast["vic"], villager=villager, reason="phone lost")
    restored = villager_verify_in_person(
        actor=cast["vic"], roll_entry=roll["zhang"], phone=OTHER_PHONE
    )
    assert restored.pk == villager.pk and restored.is_active
    assert unseal(restored.phone_sealed) == OTHER_PHONE
    assert AuditEntry.objects.filter(action="accounts.villager.restore_in_person").exists()


# --- the clerk's pages -----------------------------------------------------------------------


def test_the_clerk_verifies_and_revokes_through_the_staff_pages(client, roll, cast, village_a1):
    client.force_login(cast["vic"])
    form = client.get(f"/staff/units/{village_a1.code}/villagers/verify/", **EN)
    assert form.status_code == 200 and "张三" in form.content.decode()
    response = client.post(
        f"/staff/units/{village_a1.code}/villagers/verify/",
        {"roll_entry": roll["zhang"].pk, "phone": PHONE},
    )
    assert response.status_code == 302
    villager = Villager.objects.get()
    listing = client.get(f"/staff/units/{village_a1.code}/villagers/", **EN).content.decode()
    assert "张三" in listing and "138****8000" in listing and PHONE not in listing
    client.post(f"/staff/villagers/{villager.pk}/revoke/", {"reason": "moved away"})
    villager.refresh_from_db()
    assert villager.revoke_reason == "moved away" and not villager.is_active


def test_a_clerk_of_another_village_cannot_see_or_change_the_accounts(
    client, roll, cast, village_a1
):
    villager = villager_verify_in_person(actor=cast["vic"], roll_entry=roll["zhang"], phone=PHONE)
    client.force_login(cast["vera"])
    assert client.get(f"/staff/units/{village_a1.code}/villagers/").status_code == 403
    response = client.post(
        f"/staff/units/{village_a1.code}/villagers/verify/",
        {"roll_entry": roll["li"].pk, "phone": PHONE},
    )
    assert response.status_code == 403
    assert (
        client.post(f"/staff/villagers/{villager.pk}/revoke/", {"reason": "x"}).status_code == 403
    )
    villager.refresh_from_db()
    assert villager.is_active and Villager.objects.count() == 1


def test_the_villager_list_takes_a_fixed_number_of_queries(
    client, roll, cast, village_a1, django_assert_max_num_queries
):
    villager_verify_in_person(actor=cast["vic"], roll_entry=roll["zhang"], phone=PHONE)
    villager_verify_in_person(actor=cast["vic"], roll_entry=roll["li"], phone=OTHER_PHONE)
    client.force_login(cast["vic"])
    with django_assert_max_num_queries(8):
        assert client.get(f"/staff/units/{village_a1.code}/villagers/").status_code == 200
