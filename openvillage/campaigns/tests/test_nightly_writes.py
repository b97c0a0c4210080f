"""The nightly run writes its flags and computed fields with prepared statements: what it stores
reads back exactly as what the checks on entry store (rule, severity, data, arrears, lawful end),
and a second night keeps every row that still holds."""

from __future__ import annotations

from datetime import date

from openvillage.campaigns import services
from openvillage.campaigns.models import Contract, RedFlag

from .conftest import contract_input


def stored():
    return sorted(RedFlag.objects.values_list("contract__number", "rule", "severity", "detail",
                                              "found_on", "unit_path", "village_id"))  # fmt: skip


def test_the_nightly_run_stores_what_the_entry_check_stores(cast, village_a1):
    payments = [{"due": "2025-01-01", "amount_fen": 50_000, "paid_fen": 10_000}]
    services.contract_save(actor=cast["vic"], village=village_a1, data=contract_input(
        "HT-1", end=date(2050, 1, 1), payments=payments, written=False))  # fmt: skip
    services.contract_save(actor=cast["vic"], village=village_a1, data=contract_input("HT-2"))
    on_entry = stored()
    computed = list(Contract.objects.order_by("number").values_list("arrears_fen", "lawful_end"))
    assert on_entry and computed[0] == (40_000, date(2040, 1, 1))
    RedFlag.objects.all().delete()
    Contract.objects.update(arrears_fen=0, lawful_end=None)
    services.nightly_flags(today=date(2026, 6, 1))
    assert stored() == on_entry
    assert set(RedFlag.objects.values_list("found_by", flat=True)) == {"nightly"}
    assert list(Contract.objects.order_by("number").values_list("arrears_fen", "lawful_end")) == (
        computed
    )
    # A day later the arrears are a day older (RF11's data changes: a new row); the others hold
    # with the same data and keep their rows.
    held = RedFlag.objects.exclude(rule="RF11")
    keys = set(held.values_list("pk", flat=True))
    services.nightly_flags(today=date(2026, 6, 2))
    assert set(held.values_list("pk", flat=True)) == keys
    assert (
        RedFlag.objects.get(rule="RF11").detail["age_days"] == 365 + 152
    )  # 2025-01-01 to 2026-06-02
