"""Contracts enter the register with their red flags; the cadre relation is found by identity."""

from __future__ import annotations

from datetime import date

import pytest

from openvillage.campaigns import services
from openvillage.campaigns.models import Contract, DeclaredRelative, RedFlag
from openvillage.core.errors import InvalidInput, NotAllowed
from openvillage.core.idnumbers import protect_id_number
from openvillage.org.models import Person, Term

from .conftest import contract_input, id_number


def test_a_clean_contract_gets_no_flag(cast, village_a1):
    contract = services.contract_save(actor=cast["vic"], village=village_a1, data=contract_input())
    assert list(contract.flags.all()) == []
    assert contract.lawful_end == date(2030, 1, 1)


def test_a_thirty_year_lease_is_flagged_rf1_with_its_cap_and_data(cast, village_a1):
    data = contract_input(start=date(2012, 5, 10), end=date(2042, 5, 10))
    contract = services.contract_save(actor=cast["vic"], village=village_a1, data=data)
    flag = contract.flags.get(rule="RF1")
    assert flag.severity == "error"
    assert flag.detail["cap_years"] == 20 and flag.detail["cap_end"] == "2032-05-10"
    assert flag.ruleset_sha and flag.found_by == "entry"
    assert contract.lawful_end == date(2032, 5, 10)


def test_a_flag_is_advice_the_contract_is_still_registered(cast, village_a1):
    data = contract_input(written=False, decision="none")
    contract = services.contract_save(actor=cast["vic"], village=village_a1, data=data)
    assert Contract.objects.filter(pk=contract.pk).exists()
    assert set(contract.flags.values_list("rule", flat=True)) == {"RF6", "RF7"}


def test_arrears_are_computed_and_old_ones_flagged(cast, village_a1):
    payments = [{"due": "2025-01-01", "amount_fen": 50_000, "paid_fen": 10_000}]
    data = contract_input(payments=payments)
    contract = services.contract_save(actor=cast["vic"], village=village_a1, data=data)
    assert contract.arrears_fen == 40_000
    flag = contract.flags.get(rule="RF11")
    assert flag.severity == "error" and flag.detail["age_days"] == 516


def test_saving_the_same_number_updates_in_place(cast, village_a1):
    first = services.contract_save(actor=cast["vic"], village=village_a1, data=contract_input())
    again = contract_input(annual_rent_fen=50_000)
    second = services.contract_save(actor=cast["vic"], village=village_a1, data=again)
    assert second.pk == first.pk
    assert Contract.objects.get(pk=first.pk).annual_rent_fen == 50_000
    assert RedFlag.objects.filter(contract=first, rule="RF10").count() == 1


def test_a_counterparty_who_is_a_cadre_is_found_by_id_not_by_name(cast, village_a1):
    cadre_id = id_number(1)
    cadre = Person.objects.create(
        village=village_a1, name="李四", gender="male", birth_date=date(1980, 1, 1),
        id_hash=protect_id_number(cadre_id).hash,
    )  # fmt: skip
    Term.objects.create(
        village=village_a1, person=cadre, body="branch_committee", post="secretary",
        started_on=date(2021, 1, 1),
    )  # fmt: skip
    same_id = contract_input("HT-1", counterparty_name="别名", counterparty_id=cadre_id)
    same_name = contract_input("HT-2", counterparty_name="李四", counterparty_id=id_number(2))
    a = services.contract_save(actor=cast["vic"], village=village_a1, data=same_id)
    b = services.contract_save(actor=cast["vic"], village=village_a1, data=same_name)
    assert a.cadre_relation and a.flags.filter(rule="RF14").exists()
    assert not b.cadre_relation
    assert a.counterparty_id_masked.startswith("370702") and "*" in a.counterparty_id_masked


def test_a_declared_relative_of_a_cadre_is_a_cadre_relation(cast, village_a1):
    cadre_id, relative_id = id_number(3), id_number(4)
    cadre = Person.objects.create(
        village=village_a1, name="王五", gender="male", birth_date=date(1980, 1, 1),
        id_hash=protect_id_number(cadre_id).hash,
    )  # fmt: skip
    Term.objects.create(
        village=village_a1, person=cadre, body="villagers_committee", post="director",
        started_on=date(2021, 1, 1),
    )  # fmt: skip
    DeclaredRelative.objects.create(
        village=village_a1, cadre_id_hash=cadre.id_hash,
        relative_id_hash=protect_id_number(relative_id).hash, declared_on=date(2026, 1, 1),
    )  # fmt: skip
    data = contract_input(counterparty_id=relative_id)
    contract = services.contract_save(actor=cast["vic"], village=village_a1, data=data)
    assert contract.cadre_relation


def test_a_clerk_cannot_register_in_another_village(cast, village_a2):
    with pytest.raises(NotAllowed):
        services.contract_save(actor=cast["vic"], village=village_a2, data=contract_input())


def test_an_end_before_the_start_is_refused_naming_the_field(cast, village_a1):
    data = contract_input(start=date(2030, 1, 1), end=date(2020, 1, 1))
    with pytest.raises(InvalidInput) as caught:
        services.contract_save(actor=cast["vic"], village=village_a1, data=data)
    assert caught.value.field == "end"


def test_the_nightly_run_flags_what_time_has_made_overdue(cast, village_a1):
    payments = [{"due": "2026-05-01", "amount_fen": 1_000, "paid_fen": 0}]
    services.contract_save(
        actor=cast["vic"], village=village_a1, data=contract_input(payments=payments)
    )
    assert not RedFlag.objects.filter(rule="RF11").exists()
    services.nightly_flags(today=date(2026, 9, 1))
    flag = RedFlag.objects.get(rule="RF11")
    assert flag.severity == "warning" and flag.found_by == "nightly"


def test_a_flag_found_again_keeps_the_day_and_the_way_it_was_first_found(cast, village_a1):
    data = contract_input(written=False)
    services.contract_save(actor=cast["vic"], village=village_a1, data=data)
    first = RedFlag.objects.get(rule="RF6")
    services.nightly_flags(today=date(2026, 9, 1))
    again = RedFlag.objects.get(rule="RF6")
    assert (again.pk, again.found_by, again.found_on) == (first.pk, "entry", first.found_on)


def test_an_asset_occupied_without_contract_is_flagged_rf16_on_entry(cast, village_a1):
    asset = services.idle_asset_save(
        actor=cast["vic"], village=village_a1, number="ZC-1", asset_type="pond",
        occupied_without_contract=True,
    )  # fmt: skip
    flag = RedFlag.objects.get(idle_asset=asset)
    assert (flag.rule, flag.severity) == ("RF16", "error")
    services.idle_asset_save(actor=cast["vic"], village=village_a1, number="ZC-1",
                             asset_type="pond")  # fmt: skip
    assert not RedFlag.objects.filter(idle_asset=asset).exists()


def test_arrears_are_registered_in_fen_and_feed_the_recovery_rate(cast, campaign, village_a1):
    from openvillage.campaigns import selectors
    from openvillage.campaigns.models import Item

    debt = services.arrears_save(
        actor=cast["vic"], village=village_a1, number="QK-1", debtor_name="李某", source="rent",
        principal_fen=100_000, due_date=date(2024, 1, 1), recovered_fen=25_000,
    )  # fmt: skip
    Item.objects.create(campaign=campaign, village=village_a1, unit_path=village_a1.path,
                        target="arrears", title="QK-1", arrears=debt)  # fmt: skip
    counts = selectors.village_counts(campaign)[village_a1.pk]
    assert counts.recovery_bp == 2500
