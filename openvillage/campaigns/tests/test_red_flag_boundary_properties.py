"""Hypothesis over the boundaries: for ANY start date, kind and parameter, each flag turns on
exactly one day (or one fen) past its legal limit, never before (issue 13, done when).

The tables of test_red_flag_boundaries.py give chosen dates; these draw them. The law cited:
Civil Code Art. 201-202 (a term of N years or months ends on the corresponding day, or the last
day of the month where it has none), Art. 705 (lease 20 years), Art. 332 (household contracts),
Art. 707 (a lease of six months or more is written: "以上" includes six, Art. 1259), and the
region's RF3, RF10 and RF11 parameters ("超过" excludes the number, Art. 1259).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from openvillage.campaigns.rules.redflags import (
    STATUTORY_YEARS,
    Contract,
    Decision,
    Kind,
    Params,
    Payment,
    check_contract,
)
from openvillage.core.periods import add_months, add_years

DAY = timedelta(days=1)
starts = st.dates(min_value=date(1950, 1, 1), max_value=date(2060, 12, 31))
TERM_RULE = {Kind.LEASE: "RF1", Kind.FARMLAND: "RF2", Kind.GRASSLAND: "RF2",
             Kind.FOREST_LAND: "RF2"}  # fmt: skip


def clean(kind: Kind, start: date, end: date) -> Contract:
    """A contract with nothing wrong but (perhaps) its term."""
    return Contract(
        id="x", kind=kind, start=start, end=end, written=True, decision=Decision.COMPLETED,
        outside_party=False, two_thirds_consent=False, township_approval=False,
        competition=False, competition_required=False, annual_rent_fen=100_000,
        reference_rent_fen=100_000, parent_end=None, clauses_text="", recovered=True,
        cadre_relation=False,
    )  # fmt: skip


def rules(contract: Contract, today: date, params: Params | None = None) -> set[str]:
    return set(check_contract(contract, today, params or Params()).rules)


@settings(max_examples=300, deadline=None)
@given(starts, st.sampled_from(sorted(STATUTORY_YEARS)))
def test_a_statutory_term_is_flagged_from_the_day_after_its_cap(start, kind):
    cap = add_years(start, STATUTORY_YEARS[kind])
    today = start  # RF13 (lawful term over) is not in play
    assert TERM_RULE[kind] not in rules(clean(kind, start, cap), today)
    assert TERM_RULE[kind] in rules(clean(kind, start, cap + DAY), today)


@settings(max_examples=200, deadline=None)
@given(starts, st.integers(min_value=1, max_value=99))
def test_the_four_wastes_cap_is_exact_for_any_regional_value(start, years):
    params = Params(four_wastes_max_years=years)
    cap = add_years(start, years)
    assert "RF3" not in rules(clean(Kind.FOUR_WASTES, start, cap), start, params)
    assert "RF3" in rules(clean(Kind.FOUR_WASTES, start, cap + DAY), start, params)


@settings(max_examples=300, deadline=None)
@given(starts, st.sampled_from(list(Kind)))
def test_six_months_unwritten_is_flagged_and_one_day_less_is_not(start, kind):
    six = add_months(start, 6)
    unwritten = replace(clean(kind, start, six), written=False)
    assert "RF6" in rules(unwritten, start)  # "六个月以上" includes six months
    assert "RF6" not in rules(replace(unwritten, end=six - DAY), start)


@settings(max_examples=300, deadline=None)
@given(starts, st.integers(min_value=1, max_value=400), st.integers(min_value=401, max_value=2000),
       st.integers(min_value=1, max_value=10**9))  # fmt: skip
def test_arrears_turn_warning_then_error_exactly_past_their_days(start, warn, error, owed):
    params = Params(arrears_warning_days=warn, arrears_error_days=error)
    contract = replace(clean(Kind.LEASE, start, add_years(start, 10)),
                       payments=(Payment(due=start, amount_fen=owed, paid_fen=0),))  # fmt: skip

    def severity(age: int) -> str | None:
        found = check_contract(contract, start + timedelta(days=age), params)
        return next((f.severity for f in found.flags if f.rule == "RF11"), None)

    assert severity(warn) is None  # "超过" excludes the number itself
    assert severity(warn + 1) == "warning"
    assert severity(error) == "warning"
    assert severity(error + 1) == "error"
    # Paid to the last fen: nothing is owed whatever the age.
    paid = replace(contract, payments=(Payment(due=start, amount_fen=owed, paid_fen=owed),))
    assert "RF11" not in rules(paid, start + timedelta(days=error + 1), params)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1, max_value=10**10), st.integers(min_value=1, max_value=100))
def test_rent_is_compared_in_integers_at_the_exact_share(reference, share):
    params = Params(rent_share_percent=share)
    base = clean(Kind.LEASE, date(2020, 1, 1), date(2030, 1, 1))
    # The lowest rent that is not flagged: 100 * rent >= share * reference.
    lowest = -(-share * reference // 100)
    at = replace(base, annual_rent_fen=lowest, reference_rent_fen=reference)
    below = replace(base, annual_rent_fen=lowest - 1, reference_rent_fen=reference)
    assert "RF10" not in rules(at, date(2020, 1, 1), params)
    assert "RF10" in rules(below, date(2020, 1, 1), params)


@settings(max_examples=200, deadline=None)
@given(starts, st.integers(min_value=0, max_value=3650))
def test_a_transfer_may_end_on_the_parents_end_and_not_a_day_later(start, length):
    parent_end = start + timedelta(days=length)
    transfer = replace(clean(Kind.TRANSFER, start, parent_end), parent_end=parent_end)
    assert "RF5" not in rules(transfer, start)
    assert "RF5" in rules(replace(transfer, end=parent_end + DAY), start)


def test_stored_flags_depend_on_the_data_not_on_the_row_order_or_keys(cast, village_a1,
                                                                      village_a2):  # fmt: skip
    """The same register saved in two villages in opposite orders (so other database keys)
    holds the same flags, detail for detail."""
    from openvillage.campaigns import services
    from openvillage.campaigns.models import RedFlag

    from .conftest import contract_input

    register = [
        contract_input("A", end=date(2045, 1, 1)),
        contract_input("B", written=False, decision="none"),
        contract_input("C", annual_rent_fen=1, payments=[
            {"due": "2025-01-01", "amount_fen": 500, "paid_fen": 0}]),
        contract_input("D", kind="transfer", parent_end=date(2025, 1, 1)),
    ]  # fmt: skip
    for village, clerk, rows in ((village_a1, cast["vic"], register),
                                 (village_a2, cast["vera"], register[::-1])):  # fmt: skip
        for data in rows:
            services.contract_save(actor=clerk, village=village, data=data)

    def held(village):
        return sorted(
            RedFlag.objects.filter(village=village).values_list(
                "contract__number", "rule", "severity", "detail"
            ),
            key=lambda row: (row[0], row[1]),
        )

    assert held(village_a1) == held(village_a2) and len(held(village_a1)) >= 5
