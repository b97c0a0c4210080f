"""The red-flag parameters are rule-set data per region; a flag records the version's hash."""

from __future__ import annotations

from datetime import date

import pytest

from openvillage.campaigns import services, store
from openvillage.campaigns.models import RedFlag
from openvillage.core import rulesets
from openvillage.core.errors import InvalidInput

from .conftest import contract_input


def region_text(expiry: str = "2028-12-31", share: int = 70) -> str:
    text = store.DEFAULT_PATH.read_text(encoding="utf-8")
    text = text.replace('version: "2026.1"', 'version: "2026.2"')
    text = text.replace("second_round_expiry: null", f"second_round_expiry: {expiry}")
    return text.replace("rent_share_percent: 70", f"rent_share_percent: {share}")


def test_the_shipped_settings_parse_with_rf4_off(db):
    settings, sha = store.current()
    assert settings.params().second_round_expiry is None and len(sha) == 64


def test_a_region_that_sets_its_second_round_expiry_turns_rf4_on(cast, village_a1):
    row = rulesets.install(store.SETTINGS, region_text(), file="fangzi.yaml")
    data = contract_input(kind="farmland", start=date(2000, 1, 1), end=date(2029, 1, 1))
    contract = services.contract_save(actor=cast["vic"], village=village_a1, data=data)
    flag = RedFlag.objects.get(contract=contract, rule="RF4")
    assert flag.detail["second_round_expiry"] == "2028-12-31" and flag.ruleset_sha == row.sha256


def test_a_wrong_parameter_is_refused_naming_the_file(cast):
    with pytest.raises(InvalidInput):
        rulesets.install(store.SETTINGS, region_text(share="七十"), file="bad.yaml")
