"""A contract register imports from the xlsx template all or nothing; exports re-import."""

from __future__ import annotations

import io
from datetime import date

from django.test import TestCase
from openpyxl import Workbook, load_workbook

from openvillage.campaigns import imports, services
from openvillage.campaigns.models import Contract, Item, RedFlag, RegisterImport
from openvillage.campaigns.rules import steps

from .conftest import id_number

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
