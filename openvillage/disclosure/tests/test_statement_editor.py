"""The finance statement editor (issue 12 item 2): 收入/支出 and accounts of the chart, amounts as
clerks type them, the opening balance carried from the previous statement (S4)."""

from datetime import date

import pytest

from openvillage.core.errors import InvalidInput
from openvillage.disclosure import services
from openvillage.disclosure.chart import chart
from openvillage.disclosure.models import Item
from openvillage.disclosure.rules.accounts import check_account, parse_chart
from openvillage.disclosure.rules.statement import parse_statement, parse_yuan
from openvillage.disclosure.staff_views import matter_modules
from openvillage.disclosure.tests.conftest import content, finance_statement, line_rows


def _post(client, village, *rows, period=("2025-12-01", "2025-12-31"), **extra):
    return client.post(
        "/staff/disclosure/new/",
        {
            "village": village.pk,
            "matter": "monthly_finance",
            "period_start": period[0],
            "period_end": period[1],
            "title": "财务收支公开",
            "body": "<p>明细</p>",
            **line_rows(*rows),
            **extra,
        },
        HTTP_ACCEPT_LANGUAGE="zh-CN",
    )


def test_the_chart_is_the_2004_system_with_income_and_expenditure_classes():
    accounts = {a.code: a for a in chart().accounts}
    assert accounts["511"].name["zh"] == "发包及上交收入" and accounts["511"].kind == "income"
    assert accounts["541"].kind == "expenditure"
    assert chart().find("51101").code == "511"
    with pytest.raises(InvalidInput) as err:
        check_account(chart(), "income", "541", n=2, field="statement.lines[1].account")
    assert err.value.field == "statement.lines[1].account"
    with pytest.raises(InvalidInput):
        parse_chart({"accounts": [{"code": "5x", "kind": "income", "name": {"zh": "坏"}}]})


@pytest.mark.parametrize(
    ("typed", "fen"),
    [("1,000.00", 100000), ("1000", 100000), ("１，０００．５", 100050), ("¥1,234.05 元", 123405)],
)
def test_amounts_are_read_as_clerks_type_them(typed, fen):
    assert parse_yuan(typed, field="x") == fen


def test_lines_typed_with_kinds_and_accounts_are_saved_with_totals_computed(
    client, cast, village_a1
):
    client.force_login(cast["vic"])
    response = _post(
        client,
        village_a1,
        ("income", "511", "", "1,000.00"),
        ("income", "51101", "承包金", "600"),
        ("income", "51102", "租金", "400.00"),
        ("expenditure", "541", "管理费用", "250.5"),
        ("", "", "", ""),  # a blank row is left out
        opening_balance="2,000",
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    statement = Item.objects.get().statement
    assert statement["lines"][0]["name"] == "发包及上交收入"  # the chart's name when left blank
    assert statement["income_total_fen"] == 100000
    assert statement["expenditure_total_fen"] == 25050
    assert statement["closing_balance_fen"] == 200000 + 100000 - 25050


def test_an_error_names_the_line_and_the_field_in_chinese(client, cast, village_a1):
    client.force_login(cast["vic"])
    response = _post(
        client, village_a1, ("income", "511", "", "1000"), ("expenditure", "541", "", "12.345")
    )
    html = response.content.decode()
    assert response.status_code == 200 and not Item.objects.exists()
    assert "12.345" in html and "第" not in "" and 'name="lines-1-amount"' in html
    response = _post(client, village_a1, ("income", "541", "", "1000"))
    assert "541" in response.content.decode() and not Item.objects.exists()


def test_the_opening_balance_is_carried_from_the_previous_closing(client, cast, village_a1):
    services.item_create(actor=cast["vic"], village=village_a1, content=content())  # closes 900
    client.force_login(cast["vic"])
    response = _post(
        client, village_a1, ("income", "511", "", "100"), period=("2026-01-01", "2026-01-31")
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    january = Item.objects.get(period_start=date(2026, 1, 1)).statement
    assert january["opening_balance_fen"] == 90000
    assert january["closing_balance_fen"] == 100000


def test_a_different_opening_balance_must_be_explained(client, cast, village_a1):
    services.item_create(actor=cast["vic"], village=village_a1, content=content())
    client.force_login(cast["vic"])
    period = ("2026-01-01", "2026-01-31")
    response = _post(
        client, village_a1, ("income", "511", "", "100"), period=period, opening_balance="500"
    )
    assert response.status_code == 200
    assert "900.00" in response.content.decode()
    assert Item.objects.count() == 1
    response = _post(
        client,
        village_a1,
        ("income", "511", "", "100"),
        period=period,
        opening_balance="500",
        opening_note="上月多记收入400元，已冲回",
    )
    assert response.status_code == 302
    january = Item.objects.get(period_start=date(2026, 1, 1)).statement
    assert january["opening_note"] == "上月多记收入400元，已冲回"


def test_the_service_refuses_an_unexplained_jump_from_the_api_too(cast, village_a1):
    services.item_create(actor=cast["vic"], village=village_a1, content=content())
    data = finance_statement()  # opens with 200.00 while December closed with 900.00
    with pytest.raises(InvalidInput) as err:
        services.item_create(
            actor=cast["vic"],
            village=village_a1,
            content=content(
                period_start=date(2026, 1, 1), period_end=date(2026, 1, 31), statement=data
            ),
        )
    assert err.value.field == "statement.opening_note"
    assert parse_statement({**data, "opening_note": "更正"}).opening_note == "更正"


def test_a_service_guide_shows_no_finance_fields(client, cast):
    modules = matter_modules()
    assert modules["monthly_finance"] == ["finance"]
    assert all(v == [] for k, v in modules.items() if "guide" in k) or [] in modules.values()
    client.force_login(cast["vic"])
    html = client.get("/staff/disclosure/new/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert 'type="date"' in html and 'data-module="finance"' in html
    assert "选择文件" in html and "item_form.js" in html


def test_with_a_month_missing_in_between_the_opening_is_not_held_to_the_older_closing(
    cast, village_a1
):
    services.item_create(actor=cast["vic"], village=village_a1, content=content())  # December
    february = content(
        period_start=date(2026, 2, 1), period_end=date(2026, 2, 28), statement=finance_statement()
    )
    item = services.item_create(actor=cast["vic"], village=village_a1, content=february)
    assert item.statement["opening_balance_fen"] == 20000  # January is still to be written
