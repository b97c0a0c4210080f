"""Opening a case picks the procedure by money tier, at and around every boundary (§6)."""

from __future__ import annotations

import pytest

from openvillage.core.errors import InvalidInput
from openvillage.decisions import services
from openvillage.decisions.models import Case

TIERS = [
    (0, "approval_by_cooperative_head"),
    (1999, "approval_by_cooperative_head"),
    (2000, "approval_by_joint_meeting"),
    (2001, "approval_by_joint_meeting"),
    (49999, "approval_by_joint_meeting"),
    (50000, "approval_by_representatives_meeting"),
    (199999, "approval_by_representatives_meeting"),
    (200000, "four_discussions_two_disclosures"),
    (200001, "four_discussions_two_disclosures"),
    (10**9, "four_discussions_two_disclosures"),
]


@pytest.mark.parametrize(("amount", "procedure"), TIERS)
def test_a_procurement_of_this_amount_follows_this_procedure(cast, village_a1, amount, procedure):
    case = services.case_open(
        actor=cast["vic"],
        village=village_a1,
        power_code="procurement",
        amount=amount,
        description=f"purchase of {amount} yuan",
    )
    assert case.procedure_code == procedure


@pytest.mark.parametrize(
    ("amount", "field"), [(-1, "amount"), (None, "amount"), ("38000", "amount")]
)
def test_an_amount_that_matches_no_tier_is_refused_naming_the_field(
    cast, village_a1, amount, field
):
    with pytest.raises(InvalidInput) as err:
        services.case_open(
            actor=cast["vic"], village=village_a1, power_code="procurement", amount=amount,
            description="x",
        )  # fmt: skip
    assert err.value.field == field
    assert not Case.objects.exists()


def test_leasing_the_fish_pond_follows_the_asset_transaction_procedure(cast, village_a1):
    case = services.case_open(
        actor=cast["vic"],
        village=village_a1,
        power_code="asset_lease",
        amount=38000,
        description="leasing the collective fish pond for 38,000 yuan a year",
    )
    assert case.procedure_code == "asset_transaction"
    assert case.amount == 38000
    assert case.power_list.is_current


def test_an_unknown_power_is_refused(cast, village_a1):
    with pytest.raises(InvalidInput) as err:
        services.case_open(
            actor=cast["vic"], village=village_a1, power_code="fish", amount=1, description="x"
        )
    assert err.value.field == "power"
