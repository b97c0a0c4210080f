"""Properties of the red-flag engine: flags depend only on each contract's own data."""

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from openvillage.campaigns.rules.redflags import (
    Contract,
    Decision,
    Kind,
    Params,
    Payment,
    check_contract,
    check_register,
    lawful_end,
)
from openvillage.core.periods import add_months

days = st.dates(min_value=date(1980, 1, 1), max_value=date(2080, 12, 31))
money = st.integers(min_value=0, max_value=10**12)
CLAUSES = ["面积", "四至", "用途"]
payments = st.builds(Payment, due=days, amount_fen=money, paid_fen=money)


@st.composite
def contracts(draw):
    start = draw(days)
    end = start + timedelta(days=draw(st.integers(min_value=0, max_value=40_000)))
    kind = draw(st.sampled_from(list(Kind)))
    return Contract(
        id=draw(st.text(min_size=1, max_size=8)),
        kind=kind,
        start=start,
        end=end,
        written=draw(st.booleans()),
        decision=draw(st.sampled_from(list(Decision))),
        outside_party=draw(st.booleans()),
        two_thirds_consent=draw(st.booleans()),
        township_approval=draw(st.booleans()),
        competition=draw(st.booleans()),
        competition_required=draw(st.booleans()),
        annual_rent_fen=draw(money),
        reference_rent_fen=draw(st.none() | money),
        parent_end=draw(st.none() | days) if kind is Kind.TRANSFER else None,
        clauses_text=draw(st.sampled_from(["", "到期补偿", "期满折价归还", "按期交租"])),
        recovered=draw(st.booleans()),
        cadre_relation=draw(st.booleans()),
        missing_clauses=tuple(
            draw(st.lists(st.sampled_from(["面积", "四至", "用途"]), max_size=3))
        ),
        payments=tuple(draw(st.lists(payments, max_size=5))),
    )


@settings(max_examples=200, deadline=None)
@given(st.lists(contracts(), max_size=8), st.randoms(), days)
def test_the_order_of_contracts_changes_no_finding(register, rnd, today):
    shuffled = list(register)
    rnd.shuffle(shuffled)
    before = {id(c): f for c, f in zip(register, check_register(register, today), strict=True)}
    after = {id(c): f for c, f in zip(shuffled, check_register(shuffled, today), strict=True)}
    assert before == after


@settings(max_examples=200, deadline=None)
@given(contracts(), st.text(min_size=1), days)
def test_the_id_changes_no_flag(contract, other_id, today):
    first = check_contract(contract, today, Params())
    second = check_contract(replace(contract, id=other_id), today, Params())
    assert (first.flags, first.arrears_fen, first.lawful_end) == (
        second.flags,
        second.arrears_fen,
        second.lawful_end,
    )


@settings(max_examples=300, deadline=None)
@given(contracts(), days)
def test_flags_come_in_rule_order_once_each_and_money_is_exact(contract, today):
    finding = check_contract(contract, today, Params())
    numbers = [int(rule[2:]) for rule in finding.rules]
    assert numbers == sorted(set(numbers))
    assert finding.arrears_fen == sum(
        max(0, p.amount_fen - p.paid_fen) for p in contract.payments if p.due < today
    )
    assert isinstance(finding.arrears_fen, int)
    assert finding.lawful_end <= contract.end


@settings(max_examples=300, deadline=None)
@given(days, st.integers(min_value=0, max_value=1200))
def test_a_period_in_months_never_runs_past_the_month_it_lands_in(start, months):
    end = add_months(start, months)
    assert (end.year * 12 + end.month) - (start.year * 12 + start.month) == months
    assert end.day == start.day or end.day < start.day and (end + timedelta(days=1)).day == 1


@settings(max_examples=200, deadline=None)
@given(contracts(), days)
def test_a_term_flag_agrees_with_the_lawful_end(contract, today):
    finding = check_contract(contract, today, Params())
    capped = lawful_end(contract, Params()) < contract.end
    term_rules = {"RF1", "RF2", "RF3", "RF5"}
    assert capped == bool(term_rules & set(finding.rules))
