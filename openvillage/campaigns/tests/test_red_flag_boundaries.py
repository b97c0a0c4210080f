"""Red flags at every boundary, written from the law (campaigns.md §4-§5).

Each row is a worked case: a term one day inside and one day past its cap, a month without the
corresponding day, "以上" (includes) against "超过" (excludes), Civil Code Art. 201-202 and 1259.
"""

from dataclasses import replace
from datetime import date

import pytest

from openvillage.campaigns.rules.redflags import (
    Contract,
    Decision,
    Kind,
    Params,
    Payment,
    check_contract,
    lawful_end,
)
from openvillage.core.periods import add_months, add_years

TODAY = date(2026, 12, 4)
CLEAN = Contract(
    id="c",
    kind=Kind.LEASE,
    start=date(2020, 1, 1),
    end=date(2025, 12, 31),
    written=True,
    decision=Decision.COMPLETED,
    outside_party=False,
    two_thirds_consent=False,
    township_approval=False,
    competition=True,
    competition_required=True,
    annual_rent_fen=1000,
    reference_rent_fen=1000,
    parent_end=None,
    clauses_text="",
    recovered=True,
    cadre_relation=False,
)


def rules(contract: Contract, params: Params | None = None, today: date = TODAY) -> tuple:
    return check_contract(contract, today, params or Params()).rules


def test_a_clean_contract_has_no_flag():
    assert rules(CLEAN) == ()


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (date(2027, 3, 31), 6, date(2027, 9, 30)),  # Art. 202: September has no 31st
        (date(2012, 5, 10), 240, date(2032, 5, 10)),  # twenty years to the same day
        (date(2020, 2, 29), 12, date(2021, 2, 28)),  # a leap day, one year on
        (date(2020, 2, 29), 48, date(2024, 2, 29)),  # four years on, the day exists again
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),  # across a year end
    ],
)
def test_periods_end_on_the_corresponding_day_or_the_month_end(start, months, end):
    assert add_months(start, months) == end


@pytest.mark.parametrize(
    ("kind", "years", "rule"),
    [
        (Kind.LEASE, 20, "RF1"),  # Civil Code Art. 705
        (Kind.FARMLAND, 30, "RF2"),  # Civil Code Art. 332
        (Kind.GRASSLAND, 50, "RF2"),
        (Kind.FOREST_LAND, 70, "RF2"),
        (Kind.FOUR_WASTES, 50, "RF3"),  # the region's four_wastes_max_years
    ],
)
def test_a_term_is_flagged_only_past_its_cap(kind, years, rule):
    start = date(2012, 5, 10)
    at_cap = replace(CLEAN, kind=kind, start=start, end=add_years(start, years))
    day_past = replace(at_cap, end=date.fromordinal(at_cap.end.toordinal() + 1))
    assert rule not in rules(at_cap)
    assert rule in rules(day_past)
    flag = next(f for f in check_contract(day_past, TODAY, Params()).flags if f.rule == rule)
    assert (flag.severity, flag.detail["cap_years"]) == ("error", years)


def test_the_lease_cap_from_a_leap_day_ends_on_the_last_day_of_february():
    start = date(2020, 2, 29)
    assert rules(replace(CLEAN, start=start, end=date(2040, 2, 28))) == ()  # 2040-02-29 exists
    assert "RF1" not in rules(replace(CLEAN, start=start, end=date(2040, 2, 29)))
    assert "RF1" in rules(replace(CLEAN, start=start, end=date(2040, 3, 1)))
    start = date(2021, 2, 28)
    assert "RF1" in rules(replace(CLEAN, start=start, end=date(2041, 3, 1)))


def test_the_four_wastes_cap_is_region_data():
    contract = replace(CLEAN, kind=Kind.FOUR_WASTES, start=date(2000, 1, 1), end=date(2040, 1, 2))
    assert "RF3" not in rules(contract)
    assert "RF3" in rules(contract, Params(four_wastes_max_years=40))


def test_farmland_past_the_second_round_expiry_is_a_warning_only_when_the_region_sets_it():
    contract = replace(CLEAN, kind=Kind.FARMLAND, start=date(2000, 1, 1), end=date(2029, 1, 1))
    assert "RF4" not in rules(contract)
    params = Params(second_round_expiry=date(2028, 12, 31))
    assert "RF4" in rules(contract, params)
    assert "RF4" not in rules(replace(contract, end=date(2028, 12, 31)), params)
    assert "RF4" not in rules(replace(contract, kind=Kind.GRASSLAND), params)


def test_a_transfer_may_not_outlast_the_right_it_transfers():
    transfer = replace(
        CLEAN,
        kind=Kind.TRANSFER,
        start=date(2020, 1, 1),
        end=date(2030, 6, 30),
        parent_end=date(2030, 6, 30),
    )
    assert "RF5" not in rules(transfer)
    assert "RF5" in rules(replace(transfer, end=date(2030, 7, 1)))
    assert "RF5" not in rules(replace(transfer, parent_end=None, end=date(2099, 1, 1)))
    assert lawful_end(replace(transfer, end=date(2031, 1, 1)), Params()) == date(2030, 6, 30)


@pytest.mark.parametrize(
    ("start", "end", "flagged"),
    [
        (date(2027, 3, 31), date(2027, 9, 29), False),  # one day short of six months
        (date(2027, 3, 31), date(2027, 9, 30), True),  # exactly six months: "以上" includes it
        (date(2027, 1, 15), date(2027, 7, 14), False),
        (date(2027, 1, 15), date(2027, 7, 15), True),
    ],
)
def test_an_unwritten_contract_of_six_months_or_more_is_an_error(start, end, flagged):
    contract = replace(CLEAN, written=False, start=start, end=end)
    assert ("RF6" in rules(contract, today=date(2027, 1, 1))) is flagged
    assert "RF6" not in rules(replace(contract, written=True), today=date(2027, 1, 1))


@pytest.mark.parametrize("kind", list(Kind))
def test_the_decision_and_writing_checks_apply_to_every_kind(kind):
    contract = replace(
        CLEAN,
        kind=kind,
        decision=Decision.IN_PROGRESS,
        written=False,
        parent_end=CLEAN.end if kind is Kind.TRANSFER else None,
    )
    assert {"RF6", "RF7"} <= set(rules(contract))


@pytest.mark.parametrize(
    ("consent", "approval", "flagged"),
    [(True, True, False), (True, False, True), (False, True, True), (False, False, True)],
)
def test_an_outside_party_needs_both_two_thirds_consent_and_township_approval(
    consent, approval, flagged
):
    contract = replace(
        CLEAN, outside_party=True, two_thirds_consent=consent, township_approval=approval
    )
    assert ("RF8" in rules(contract)) is flagged
    assert "RF8" not in rules(replace(contract, outside_party=False))


def test_missing_competition_is_a_warning_only_where_required():
    assert "RF9" in rules(replace(CLEAN, competition=False))
    assert "RF9" not in rules(replace(CLEAN, competition=False, competition_required=False))


@pytest.mark.parametrize(
    ("rent", "reference", "share", "flagged"),
    [
        (700, 1000, 70, False),  # exactly 70 %: not below
        (699, 1000, 70, True),
        (1, 2, 50, False),
        (0, 1, 1, True),
        (0, 0, 70, False),
    ],
)
def test_rent_below_a_share_of_the_reference_is_compared_in_integers(
    rent, reference, share, flagged
):
    contract = replace(CLEAN, annual_rent_fen=rent, reference_rent_fen=reference)
    assert ("RF10" in rules(contract, Params(rent_share_percent=share))) is flagged
    assert "RF10" not in rules(replace(contract, reference_rent_fen=None))


@pytest.mark.parametrize(
    ("age", "severity"),
    [(0, None), (1, None), (90, None), (91, "warning"), (365, "warning"), (366, "error")],
)
def test_arrears_age_is_flagged_only_when_it_exceeds_the_limits(age, severity):
    due = date.fromordinal(TODAY.toordinal() - age)
    contract = replace(CLEAN, payments=(Payment(due=due, amount_fen=100, paid_fen=0),))
    flags = [f for f in check_contract(contract, TODAY, Params()).flags if f.rule == "RF11"]
    assert [f.severity for f in flags] == ([severity] if severity else [])


def test_arrears_take_the_oldest_unpaid_payment_and_count_overpaid_as_paid():
    payments = (
        Payment(due=date(2025, 1, 1), amount_fen=100, paid_fen=150),  # overpaid: paid
        Payment(due=date(2026, 6, 1), amount_fen=300, paid_fen=100),
        Payment(due=date(2026, 8, 1), amount_fen=50, paid_fen=0),
        Payment(due=TODAY, amount_fen=999, paid_fen=0),  # due today: not yet overdue
    )
    finding = check_contract(replace(CLEAN, payments=payments), TODAY, Params())
    (flag,) = [f for f in finding.flags if f.rule == "RF11"]
    assert flag.detail["due"] == "2026-06-01"
    assert flag.detail["age_days"] == 186
    assert flag.detail["unpaid_fen"] == 200
    assert flag.severity == "warning"
    assert finding.arrears_fen == 250


def test_expiry_keywords_are_region_data():
    contract = replace(CLEAN, clauses_text="合同期满，由村集体折价归还地上附着物")
    assert "RF12" in rules(contract)
    assert "RF12" not in rules(contract, Params(expiry_keywords=("到期补偿",)))


def test_a_lease_past_its_twentieth_year_is_due_back_though_its_paper_runs_on():
    lease = replace(
        CLEAN, start=date(2000, 3, 1), end=date(2030, 2, 28), recovered=False, written=True
    )
    finding = check_contract(lease, TODAY, Params())
    assert finding.lawful_end == date(2020, 3, 1)
    assert "RF13" in finding.rules
    assert "RF13" not in rules(replace(lease, recovered=True))
    ends_today = replace(lease, start=date(2020, 1, 1), end=TODAY)
    assert "RF13" not in rules(ends_today)  # the term ends today: not yet before today
    assert "RF13" in rules(ends_today, today=date(2026, 12, 5))


def test_cadre_relation_and_missing_clauses_are_warnings():
    contract = replace(CLEAN, cadre_relation=True, missing_clauses=("面积", "四至"))
    finding = check_contract(contract, TODAY, Params())
    assert finding.rules == ("RF14", "RF15")
    assert finding.flags[1].detail == {"missing_clauses": ["面积", "四至"]}
    assert {f.severity for f in finding.flags} == {"warning"}
