from datetime import date

import pytest

from openvillage.org.models import PartyOrganization, PartyOrgKind, Person


@pytest.fixture
def branches(village_a1, village_a2, village_b1):
    return {
        v.code: PartyOrganization.objects.create(
            unit=v, kind=PartyOrgKind.PARTY_BRANCH, name=f"{v.name} 党支部"
        )
        for v in (village_a1, village_a2, village_b1)
    }


@pytest.fixture
def members(village_a1, branches):
    org = branches[village_a1.code]
    return [
        Person.objects.create(
            village=village_a1,
            name=name,
            gender="male",
            birth_date=date(1970, 1, 1),
            party_status="full",
            party_joined_on=date(2000, 7, 1),
            party_organization=org,
        )
        for name in ("王一", "王二", "王三")
    ]
