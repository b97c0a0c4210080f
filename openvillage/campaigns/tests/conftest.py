"""A campaign of the test county over villages A1 and A2, and helpers to register contracts."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from openvillage.campaigns import services
from openvillage.core.masking import id_check_character

TZ = ZoneInfo("Asia/Shanghai")
TODAY = date(2026, 6, 1)


def id_number(serial: int) -> str:
    first17 = f"37070219800101{serial:03d}"
    return first17 + id_check_character(first17)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime(2026, 6, 1, 10, tzinfo=TZ), tick=False):
        yield


def contract_input(number: str = "HT-001", **overrides) -> services.ContractInput:
    values = dict(
        number=number,
        kind="lease",
        collective_party="A1村股份经济合作社",
        counterparty_name="张三",
        start=date(2020, 1, 1),
        end=date(2030, 1, 1),
        decision="completed",
        annual_rent_fen=100_000,
        reference_rent_fen=100_000,
    )
    values.update(overrides)
    return services.ContractInput(**values)


@pytest.fixture
def campaign(cast, county, village_a1, village_a2):
    return services.campaign_launch(
        actor=cast["alice"],
        county=county,
        name="五清强基专项行动",
        starts_on=date(2026, 5, 1),
        ends_on=date(2026, 12, 31),
        villages=[village_a2],
        pilots=[village_a1],
        chain=[("district", county, "区委书记"), ("village", village_a1, "李书记")],
    )


@pytest.fixture
def lawyer(town_a):
    from openvillage.accounts.models import User

    return User.objects.create(
        username="lily", role="legal_adviser", unit=town_a, first_name="Lily"
    )
