"""A contract register imports from the xlsx template all or nothing; exports re-import."""

from __future__ import annotations

import io
from datetime import date

from django.test import TestCase
from openpyxl import Workbook, load_workbook

from openvillage.campaigns import imports, services
from openvillage.campaigns.models import Contract, Item, RedFlag, RegisterImport
from openvillage.campaigns.rules import steps

from .conftest import contract_input, id_number

HEADER = ["合同编号", "合同类型", "发包方", "承包方", "承包方身份证号码", "起始日期", "终止日期",
          "年租金（元）", "书面合同", "民主决策", "缴费情况（到期日,应缴,已缴）"]  # fmt: skip


def xlsx(rows, header=HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = imports.SHEET
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def good(number="HT-1", end="2030-01-01", rent="1000.00"):
    return [number, "租赁", "A1村经济合作社", "张三", id_number(7), "2020-01-01", end, rent, "是",
            "已完成决策", "2025-01-01,500,100"]  # fmt: skip


def run(actor, village, content, campaign=None):
    with TestCase.captureOnCommitCallbacks(execute=True):  # the task is enqueued on commit
        job = imports.register_import_create(
            actor=actor, village=village, content=content, file_name="台账.xlsx", campaign=campaign
        )
    return RegisterImport.objects.get(pk=job.pk)


def test_the_chinese_headers_are_the_templates(cast, village_a1):
    from django.utils import translation

    with translation.override("zh-hans"):
        header = [str(c.label) for c in imports.COLUMNS]
    for name in HEADER:
        assert name in header


def test_an_import_writes_every_row_and_flags_them(cast, village_a1, campaign):
    job = run(
        cast["vic"], village_a1, xlsx([good("HT-1"), good("HT-2", end="2050-01-01")]), campaign
    )
    assert job.state == "done" and job.created == 2 and job.flags >= 2
    long = Contract.objects.get(number="HT-2")
    assert long.annual_rent_fen == 100_000 and long.arrears_fen == 40_000
    assert RedFlag.objects.filter(contract=long, rule="RF1", found_by="import").exists()
    assert Item.objects.filter(campaign=campaign).count() == 2
    assert job.content == b""  # the upload with clear IDs is not kept
    # Per rule, how many contracts the import flagged, in rule order (RF1 only on HT-2; RF11 on
    # both: 400 yuan unpaid since 2025-01-01).
    assert job.flag_rules["RF1"] == 1 and job.flag_rules["RF11"] == 2
    assert list(job.flag_rules) == sorted(job.flag_rules, key=lambda rule: int(rule[2:]))
    from django.utils import translation

    with translation.override("zh-hans"):
        lines = imports.flag_lines(job)
    assert "租赁期限超过二十年（民法典第七百零五条）：1 份合同" in lines


def test_one_bad_row_refuses_the_file_and_reports_every_fault(cast, village_a1):
    bad_date = good("HT-2")
    bad_date[6] = "2030-02-30"
    bad_money = good("HT-3", rent="12.345")
    duplicate = good("HT-1")
    job = run(cast["vic"], village_a1, xlsx([good("HT-1"), bad_date, bad_money, duplicate]))
    assert job.state == "refused"
    assert [row for row, *_ in job.errors] == [3, 4, 5]
    assert not Contract.objects.exists()
    from django.utils import translation

    with translation.override("zh-hans"):
        lines = imports.error_lines(job)
    assert lines[0].startswith("第3行") and "终止日期" in lines[0]


def test_a_reimport_updates_in_place_and_keeps_the_steps(cast, village_a1, campaign):
    run(cast["vic"], village_a1, xlsx([good("HT-1")]), campaign)
    item = Item.objects.get()
    step = services.StepInput(step=steps.INVENTORY, done_on=date(2026, 5, 2), person="张",
                              evidence="台账")  # fmt: skip
    services.item_step(actor=cast["vic"], item=item, data=step)
    job = run(cast["vic"], village_a1, xlsx([good("HT-1", rent="800")]), campaign)
    assert job.updated == 1 and job.created == 0
    assert Contract.objects.get().annual_rent_fen == 80_000
    item.refresh_from_db()
    assert item.state == steps.INVENTORY and item.records.count() == 1


def test_an_export_reimports_unchanged(cast, village_a1):
    run(cast["vic"], village_a1, xlsx([good("HT-1"), good("HT-2")]))
    before = list(Contract.objects.values_list("number", "annual_rent_fen", "counterparty_id_hash"))
    content = imports.workbook(Contract.objects.all())
    sheet = load_workbook(io.BytesIO(content)).active
    assert "*" in str(sheet.cell(row=2, column=5).value)  # the ID is masked in the export
    job = run(cast["vic"], village_a1, content)
    assert job.state == "done" and job.updated == 2
    after = list(Contract.objects.values_list("number", "annual_rent_fen", "counterparty_id_hash"))
    assert after == before


def test_a_file_without_the_required_columns_is_refused(cast, village_a1):
    job = run(cast["vic"], village_a1, xlsx([["x"]], header=["合同编号"]))
    assert job.state == "refused" and job.errors[0][0] == 0


# --- the arrears and idle-asset registers: same template, same all-or-nothing row report ------

ARREARS_HEADER = ["欠款编号", "欠款人", "欠款人身份证号码", "欠款来源", "合同编号",
                  "欠款本金（元）", "应缴日期", "可收回性", "已清收（元）"]  # fmt: skip
IDLE_HEADER = ["资产编号", "资产类型", "坐落位置", "闲置或被占用起始日期", "无合同占用",
               "预计年收益（元）"]  # fmt: skip


def run_register(actor, village, content, register, campaign=None):
    with TestCase.captureOnCommitCallbacks(execute=True):
        job = imports.register_import_create(
            actor=actor, village=village, content=content, file_name="台账.xlsx",
            campaign=campaign, register=register,
        )  # fmt: skip
    return RegisterImport.objects.get(pk=job.pk)


def test_the_templates_of_the_other_registers_carry_their_chinese_headers():
    from django.utils import translation

    with translation.override("zh-hans"):
        for register, header in (("arrears", ARREARS_HEADER), ("idle_assets", IDLE_HEADER)):
            sheet = load_workbook(io.BytesIO(imports.template(register))).active
            assert [c.value for c in sheet[1]] == header


def test_an_arrears_register_imports_and_its_items_carry_the_recovery(cast, village_a1, campaign):
    from openvillage.campaigns.models import Arrears
    from openvillage.campaigns.selectors import village_counts

    services.contract_save(actor=cast["vic"], village=village_a1, data=contract_input("HT-7"))
    rows = [["QK-1", "王五", id_number(3), "租金", "HT-7", "1,200.50", "2024-12-31", "可疑",
             "200.50"],
            ["QK-2", "赵六", "", "借款", "", "800", "2025-06-30", "", ""]]  # fmt: skip
    job = run_register(cast["vic"], village_a1, xlsx(rows, ARREARS_HEADER), "arrears", campaign)
    assert job.state == "done" and (job.total, job.created, job.updated) == (2, 2, 0), job.errors
    debt = Arrears.objects.get(number="QK-1")
    assert (debt.principal_fen, debt.recovered_fen, debt.collectability) == (
        120_050,
        20_050,
        "doubtful",
    )
    assert debt.contract.number == "HT-7" and debt.debtor_id_masked.startswith("370702")
    assert id_number(3) not in str(Arrears.objects.values_list())  # hash and mask only
    counts = village_counts(campaign)[village_a1.pk]
    assert (counts.arrears_registered_fen, counts.recovered_fen) == (200_050, 20_050)
    # A re-import updates in place by number: no second item, the recovery moves.
    rows[0][8] = "1200.50"
    again = run_register(cast["vic"], village_a1, xlsx(rows, ARREARS_HEADER), "arrears", campaign)
    assert (again.created, again.updated) == (0, 2)
    assert Item.objects.filter(campaign=campaign, target="arrears").count() == 2
    assert village_counts(campaign)[village_a1.pk].recovered_fen == 120_050


def test_a_bad_arrears_row_refuses_the_whole_file_and_every_fault_is_reported(cast, village_a1):
    from django.utils import translation

    from openvillage.campaigns.models import Arrears

    rows = [["QK-1", "王五", "", "租金", "", "100", "2024-12-31", "", ""],
            ["QK-2", "赵六", "", "彩票", "HT-404", "1.234", "2025-02-30", "", "5"],
            ["QK-3", "孙七", "", "借款", "", "100", "2025-01-01", "", "100.01"],
            ["QK-1", "王五", "", "租金", "", "100", "2024-12-31", "", ""]]  # fmt: skip
    job = run_register(cast["vic"], village_a1, xlsx(rows, ARREARS_HEADER), "arrears")
    assert job.state == "refused" and not Arrears.objects.exists()
    with translation.override("zh-hans"):
        lines = imports.error_lines(job)
    assert any(line.startswith("第3行，欠款来源：") for line in lines)
    where = {(row, key) for row, key, _m, _p in job.errors}
    assert {(3, "source"), (3, "principal_fen"), (3, "due_date")} <= where
    assert (4, "recovered_fen") in where and (5, "number") in where
    # HT-404 is checked once the row parses: a row with a bad amount reports that first.
    rows[1] = ["QK-2", "赵六", "", "租金", "HT-404", "1", "2025-02-28", "", ""]
    job = run_register(cast["vic"], village_a1, xlsx(rows[:2], ARREARS_HEADER), "arrears")
    assert [(r, k) for r, k, _m, _p in job.errors] == [(3, "contract_number")]


def test_an_idle_asset_register_imports_and_flags_occupation_without_contract(
    cast, village_a1, campaign
):
    from openvillage.campaigns.models import IdleAsset

    rows = [["ZC-1", "坑塘", "村东", "2019-03-01", "是", "3000"],
            ["ZC-2", "房屋", "村委会西侧", "", "否", ""]]  # fmt: skip
    job = run_register(cast["vic"], village_a1, xlsx(rows, IDLE_HEADER), "idle_assets", campaign)
    assert job.state == "done" and job.created == 2, job.errors
    assert job.flag_rules == {"RF16": 1} and job.flags == 1
    pond = IdleAsset.objects.get(number="ZC-1")
    assert pond.asset_type == "pond" and pond.expected_income_fen == 300_000
    assert RedFlag.objects.filter(idle_asset=pond, rule="RF16", found_by="import").exists()
    assert Item.objects.filter(campaign=campaign, target="idle_assets").count() == 2
    bad = run_register(cast["vic"], village_a1, xlsx([["ZC-3", "飞机", "", "", "也许", "-1"]],
                                                     IDLE_HEADER), "idle_assets")  # fmt: skip
    assert bad.state == "refused"
    assert {k for _r, k, _m, _p in bad.errors} == {
        "asset_type",
        "occupied_without_contract",
        "expected_income_fen",
    }


def test_an_items_export_carries_every_register_and_each_sheet_reimports(
    client, cast, village_a1, campaign
):
    from openvillage.campaigns.models import Arrears

    services.contract_save(actor=cast["vic"], village=village_a1, data=contract_input("HT-7"))
    debts = [["QK-1", "王五", id_number(3), "租金", "HT-7", "1200.50", "2024-12-31", "可疑", "200"]]
    run_register(cast["vic"], village_a1, xlsx(debts, ARREARS_HEADER), "arrears", campaign)
    assets = [["ZC-1", "坑塘", "村东", "2019-03-01", "是", "3000"]]
    run_register(cast["vic"], village_a1, xlsx(assets, IDLE_HEADER), "idle_assets", campaign)
    client.force_login(cast["vic"])
    client.cookies["django_language"] = "zh-hans"
    answer = client.get(f"/staff/campaigns/{campaign.pk}/items/?format=xlsx")
    book = load_workbook(io.BytesIO(answer.content))
    assert book.sheetnames == ["合同台账", "集体尾欠台账", "闲置资产资源台账"]
    debt_row = [c.value for c in book["集体尾欠台账"][2]]
    assert debt_row[:2] == ["QK-1", "王五"] and debt_row[4] == "HT-7" and "*" in debt_row[2]
    assert id_number(3) not in str(debt_row)
    # The whole workbook re-imports as the arrears register: same debt, ID kept, nothing new.
    again = run_register(cast["vic"], village_a1, answer.content, "arrears", campaign)
    assert (again.state, again.created, again.updated) == ("done", 0, 1), again.errors
    assert Arrears.objects.get().debtor_id_masked.startswith("370702")
    assert run_register(cast["vic"], village_a1, answer.content, "idle_assets").updated == 1
