"""A month's statement imported from xlsx (issue 12 item 2): our template, and exports of other
layouts read through the column headings a village saves once; all or nothing."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from openvillage.core.errors import InvalidInput, NotAllowed
from openvillage.disclosure import statement_import
from openvillage.disclosure.models import Item, StatementColumns
from openvillage.disclosure.tests.conftest import content


def xlsx(rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(data: bytes, name: str = "statement.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def _import(client, village, data: bytes, period=("2026-01-01", "2026-01-31")):
    return client.post(
        "/staff/disclosure/import/",
        {
            "village": village.pk,
            "matter": "monthly_finance",
            "period_start": period[0],
            "period_end": period[1],
            "file": upload(data),
        },
        HTTP_ACCEPT_LANGUAGE="zh-CN",
    )


#: An export of one accounting package: a title above the headings, amount first, a kind column,
#: numbers as numbers and a 合计 row at the end.
EXPORT_A = [
    ["东村村 2026年1月 收支明细表"],
    [],
    ["金额", "收支方向", "科目名称", "科目代码"],
    [1000.5, "收入", "发包及上交收入", "511"],
    [600, "收入", "承包金", "51101"],
    ["400.50", "收入", "租金", "51102"],
    [250, "支出", "管理费用", "541"],
    [1250.5, "", "本月合计", None],
]
#: Another: no kind column (the account's class says it), amounts with thousands separators.
EXPORT_B = [
    ["会计科目", "本月发生额", "科目编号"],
    ["经营收入", "1,200.00", "501"],
    ["其他支出", "35", "551"],
]

COLUMNS_A = {"kind": "收支方向", "account": "科目代码", "name": "科目名称", "amount": "金额"}
COLUMNS_B = {"kind": "", "account": "科目编号", "name": "会计科目", "amount": "本月发生额"}


def test_our_template_is_downloaded_and_read_back(client, cast, village_a1):
    client.force_login(cast["vic"])
    response = client.get("/staff/disclosure/import/template.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    headings = [c.value for c in next(book.worksheets[0].iter_rows(max_row=1))]
    assert headings == list(statement_import.TEMPLATE_COLUMNS.values())
    sheet = book.worksheets[0]
    sheet.append(["收入", "522", "", "3,000.00"])
    sheet.append(["支出", "541", "办公费", 120.3])
    out = io.BytesIO()
    book.save(out)
    response = _import(client, village_a1, out.getvalue())
    assert response.status_code == 302, response.content.decode()[-3000:]
    statement = Item.objects.get().statement
    assert statement["income_total_fen"] == 300000 and statement["expenditure_total_fen"] == 12030
    assert statement["lines"][0]["name"] == "补助收入"


@pytest.mark.parametrize(
    ("rows", "columns", "income", "spent"),
    [
        (EXPORT_A, COLUMNS_A, 100050, 25000),
        (EXPORT_B, COLUMNS_B, 120000, 3500),
    ],
)  # fmt: skip
def test_an_export_of_another_layout_is_read_with_the_saved_columns(
    client, cast, village_a1, rows, columns, income, spent
):
    client.force_login(cast["vic"])
    response = _import(client, village_a1, xlsx(rows))
    assert response.status_code == 200 and not Item.objects.exists()
    assert "科目编码" in response.content.decode()  # the headings it looked for
    response = client.post(f"/staff/disclosure/import/columns/?village={village_a1.pk}", columns)
    assert response.status_code == 302
    assert StatementColumns.objects.get(village=village_a1).amount == columns["amount"]
    response = _import(client, village_a1, xlsx(rows))
    assert response.status_code == 302, response.content.decode()[-3000:]
    item = Item.objects.get()
    assert item.statement["income_total_fen"] == income
    assert item.statement["expenditure_total_fen"] == spent
    assert item.title == "2026年1月财务收支公开"


def test_every_bad_row_is_reported_and_nothing_is_written(client, cast, village_a1):
    client.force_login(cast["vic"])
    data = xlsx(
        [
            ["收支", "科目编码", "科目名称", "金额（元）"],
            ["收入", "511", "", "100"],
            ["收入", "999", "", "100"],  # not in the chart
            ["支出", "541", "", "1.234"],  # three decimals
            ["收入", "541", "", "5"],  # an expenditure account on an income line
            ["借", "531", "", "5"],  # not a kind
        ]
    )
    response = _import(client, village_a1, data)
    html = response.content.decode()
    assert response.status_code == 200 and not Item.objects.exists()
    assert "4 行有错误" in html
    for row in ('<td data-label="行">3</td>', ">4</td>", ">5</td>", ">6</td>"):
        assert row in html
    assert "科目编码" in html and "金额（元）" in html and "1.234" in html


def test_the_opening_balance_is_carried_into_the_imported_draft(client, cast, village_a1):
    from openvillage.disclosure import services

    services.item_create(actor=cast["vic"], village=village_a1, content=content())
    client.force_login(cast["vic"])
    response = _import(
        client,
        village_a1,
        xlsx([["收支", "科目编码", "科目名称", "金额（元）"], ["收入", "531", "", 1]]),
    )
    assert response.status_code == 302
    item = Item.objects.get(period_start=date(2026, 1, 1))
    assert item.statement["opening_balance_fen"] == 90000
    assert item.statement["closing_balance_fen"] == 90100


@pytest.mark.parametrize("data", [b"not a zip at all", b"PK\x03\x04broken", b""])
def test_a_file_that_is_not_a_workbook_is_refused_in_words(client, cast, village_a1, data):
    client.force_login(cast["vic"])
    response = _import(client, village_a1, data or xlsx([]))
    assert response.status_code == 200 and not Item.objects.exists()
    assert 'class="errorlist' in response.content.decode()


def test_a_zip_bomb_is_refused(cast, settings):
    settings.IMPORT_MAX_UNZIPPED_BYTES = 50_000
    data = xlsx(
        [["收支", "科目编码", "科目名称", "金额（元）"]] + [["收入", "511", "x" * 200, 1]] * 2000
    )
    with pytest.raises(InvalidInput):
        statement_import.read_statement_file(upload(data), statement_import.TEMPLATE_COLUMNS)


def test_a_clerk_cannot_import_or_map_columns_for_another_village(client, cast, village_a1):
    client.force_login(cast["vera"])
    response = _import(client, village_a1, xlsx([["收支"]]))
    assert response.status_code == 200 and not Item.objects.exists()
    with pytest.raises(NotAllowed):
        statement_import.save_columns(
            actor=cast["vera"], village=village_a1, columns={"account": "a", "amount": "b"}
        )
    assert not StatementColumns.objects.exists()
