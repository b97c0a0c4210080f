from datetime import date

import pytest

from openvillage.org.models import PartyOrganization, PartyOrgKind, Person
from openvillage.web.tests.journeys.conftest import browser  # noqa: F401 (the journeys' fixture)


@pytest.fixture
def branches(county, town_a, town_b, village_a1, village_a2, village_b1):
    # Chinese names, so that the Chinese pages show no English word.
    for unit, name in (
        (county, "测试县"), (town_a, "甲镇"), (town_b, "乙镇"),
        (village_a1, "甲一村"), (village_a2, "甲二村"), (village_b1, "乙一村"),
    ):  # fmt: skip
        unit.name = name
        unit.save(update_fields=["name"])
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
