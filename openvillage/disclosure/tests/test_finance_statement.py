import pytest
from hypothesis import given
from hypothesis import strategies as st

from openvillage.core.errors import InvalidInput
from openvillage.disclosure.rules.statement import parse_statement, parse_yuan, yuan
from openvillage.disclosure.tests.conftest import finance_statement


def test_a_statement_whose_lines_add_up_is_accepted():
    statement = parse_statement(finance_statement())
    assert statement.income_total_fen == 150000 and len(statement.lines) == 5


@pytest.mark.parametrize(
    ("change", "field", "named"),
    [
        (("lines", 1, 99000), "statement.lines[0].amount_fen", "501"),
        (("income_total_fen", None, 150001), "statement.income_total_fen", "1,500.00"),
        (("expenditure_total_fen", None, 1), "statement.expenditure_total_fen", "800.00"),
        (("closing_balance_fen", None, 90001), "statement.closing_balance_fen", "900.00"),
    ],
)
def test_the_line_or_total_that_breaks_the_sum_is_named(change, field, named):
    data = finance_statement()
    key, index, value = change
    if index is None:
        data[key] = value
    else:
        data[key][index]["amount_fen"] = value
    with pytest.raises(InvalidInput) as err:
        parse_statement(data)
    assert err.value.field == field
    assert named in str(err.value)


def test_an_amount_that_is_not_whole_fen_is_refused():
    data = finance_statement()
    data["lines"][4]["amount_fen"] = 800.5
    with pytest.raises(InvalidInput) as err:
        parse_statement(data)
    assert err.value.field == "statement.lines[4].amount_fen"


def test_an_account_listed_twice_is_refused():
    data = finance_statement()
    data["lines"].append(dict(data["lines"][4]))
    with pytest.raises(InvalidInput) as err:
        parse_statement(data)
    assert err.value.field == "statement.lines[5].account"


@pytest.mark.parametrize(
    ("text", "fen"), [("0", 0), ("1234.5", 123450), ("1,234.05", 123405), ("-3.10", -310)]
)
def test_yuan_are_read_into_fen_without_floats(text, fen):
    assert parse_yuan(text, field="x") == fen


@pytest.mark.parametrize("text", ["1.234", "abc", "1e3", ""])
def test_a_malformed_amount_is_refused(text):
    with pytest.raises(InvalidInput):
        parse_yuan(text, field="x")


@given(st.lists(st.integers(min_value=0, max_value=10**9), min_size=1, max_size=20))
def test_any_set_of_lines_with_their_true_totals_adds_up(amounts):
    lines = [
        {
            "kind": "income" if i % 2 else "expenditure",
            "account": f"A{i:03d}",
            "name": "",
            "amount_fen": a,
        }
        for i, a in enumerate(amounts)
    ]
    income = sum(x["amount_fen"] for x in lines if x["kind"] == "income")
    spent = sum(x["amount_fen"] for x in lines if x["kind"] == "expenditure")
    statement = parse_statement(
        {"lines": lines, "income_total_fen": income, "expenditure_total_fen": spent}
    )
    assert statement.income_total_fen - statement.expenditure_total_fen == income - spent


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_yuan_text_reads_back_to_the_same_fen(fen):
    assert parse_yuan(yuan(fen), field="x") == fen
