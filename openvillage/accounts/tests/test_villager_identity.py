"""The identity-provider hook: a deployment plugs in its own provider; none is built in."""

from __future__ import annotations

import pytest
from django.test import RequestFactory, override_settings

from openvillage.accounts.identity import IdentityProvider, get_identity_provider
from openvillage.accounts.models import Villager
from openvillage.accounts.tests.conftest import PHONE, make_id
from openvillage.accounts.villagers import villager_verify_with_provider
from openvillage.conftest import VALID_IDS
from openvillage.core.errors import InvalidInput, NotAllowed
from openvillage.core.models import AuditEntry


class Yes(IdentityProvider):
    name = "test-face-check"

    def verify(self, request, roll_entry):
        return True


class No(IdentityProvider):
    def verify(self, request, roll_entry):
        return False


def verify(village, provider, id_number=VALID_IDS[0]):
    return villager_verify_with_provider(
        request=RequestFactory().get("/"),
        village=village,
        name="张三",
        id_number=id_number,
        phone=PHONE,
        provider=provider,
    )


def test_no_provider_is_configured_by_default(roll, village_a1):
    assert get_identity_provider() is None
    with pytest.raises(NotAllowed):
        verify(village_a1, None)


@override_settings(IDENTITY_PROVIDER="openvillage.accounts.tests.test_villager_identity.Yes")
def test_a_configured_provider_is_loaded_from_settings():
    assert isinstance(get_identity_provider(), Yes)


def test_a_provider_that_confirms_creates_the_account_with_an_audit_row(roll, village_a1):
    villager = verify(village_a1, Yes())
    assert villager.verified_by == "identity_provider" and villager.roll_entry == roll["zhang"]
    entry = AuditEntry.objects.get(action="accounts.villager.verify_identity_provider")
    assert entry.actor_label == "test-face-check"


def test_a_refusal_reads_the_same_whether_or_not_the_id_is_on_the_roll(roll, village_a1):
    with pytest.raises(InvalidInput) as on_roll:
        verify(village_a1, No())
    with pytest.raises(InvalidInput) as off_roll:
        verify(village_a1, Yes(), id_number=make_id(3))
    assert on_roll.value.translated() == off_roll.value.translated()
    assert not Villager.objects.exists()
