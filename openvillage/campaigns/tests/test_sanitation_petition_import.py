"""The sanitation and petition registers import from their xlsx templates as the arrears and
idle-asset registers do: all or nothing, every bad row reported naming the template's column,
re-import by number in place, export re-importable as its own sheet, hostile files refused or
kept as inert text, and a clerk only ever imports into their own village."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.test import TestCase, override_settings
from django.utils import translation
from openpyxl import Workbook, load_workbook

from openvillage.campaigns import imports, services
from openvillage.campaigns.models import (
    Item,
    PetitionCase,
    RegisterImport,
    SanitationCheck,
)
from openvillage.campaigns.rules import steps
from openvillage.core.errors import NotAllowed

from .conftest import id_number

SANITATION_HEADER = ["检查编号", "检查日期", "检查人", "生活垃圾收集（分）", "公共空间（分）",
                     "污水处理（分）", "厕所（分）", "乱堆乱放（分）", "畜禽养殖（分）",
                     "河塘沟渠（分）", "发现的问题"]  # fmt: skip
PETITION_HEADER = ["信访编号", "收到日期", "信访方式", "信访人", "反映事项", "责任单位",
                   "受理告知日期", "办结日期", "办理结果", "息诉罢访", "满意度"]  # fmt: skip


def xlsx(rows, header, sheet_title="Sheet") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_title
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def run(actor, village, content, register, campaign=None):
    with TestCase.captureOnCommitCallbacks(execute=True):  # the task is enqueued on commit
        job = imports.register_import_create(
            actor=actor, village=village, content=content, file_name="台账.xlsx",
            campaign=campaign, register=register,
        )  # fmt: skip
    return RegisterImport.objects.get(pk=job.pk)


def check_row(number="WS-1", points=(10, 9, 8, 8, 7, 10, 6), problems=""):
    return [number, "2026-05-20", "王检查", *points, problems]


def case_row(number="XF-1", **changes):
    row = {"number": number, "received_on": "2026-03-02", "channel": "来访",
           "petitioner": "李四", "category": "宅基地边界纠纷", "respondent": "村民委员会",
           "accepted_on": "2026-03-10", "concluded_on": "2026-04-20",
           "result": "重新丈量，双方签字确认", "settled": "是", "satisfaction": "满意"}  # fmt: skip
    row.update(changes)
    return list(row.values())


# --- templates -------------------------------------------------------------------------------


def test_the_templates_carry_the_chinese_headers_of_both_registers():
    with translation.override("zh-hans"):
        for register, header in (("sanitation", SANITATION_HEADER),
                                 ("petition", PETITION_HEADER)):  # fmt: skip
            book = load_workbook(io.BytesIO(imports.template(register)))
            assert book.sheetnames == [imports.REGISTERS[register].sheet]
            assert [c.value for c in book.active[1]] == header


def test_the_import_page_offers_both_templates_for_download(client, cast, campaign):
    client.force_login(cast["vic"])
    client.cookies["django_language"] = "zh-hans"
    page = client.get(f"/staff/campaigns/{campaign.pk}/import/").content.decode()
    assert "下载环境卫生检查台账模板" in page and "下载信访矛盾台账模板" in page
    answer = client.get(f"/staff/campaigns/{campaign.pk}/import/?template=petition")
    assert answer["Content-Disposition"].endswith('filename="petition-template.xlsx"')
    assert [c.value for c in load_workbook(io.BytesIO(answer.content)).active[1]] == (
        PETITION_HEADER
    )


# --- good files ------------------------------------------------------------------------------


def test_a_sanitation_register_imports_and_each_check_is_scored(cast, village_a1, campaign):
    rows = [check_row("WS-1"), check_row("WS-2", points=(10,) * 7, problems="村东沟渠有垃圾")]
    job = run(cast["vic"], village_a1, xlsx(rows, SANITATION_HEADER), "sanitation", campaign)
    assert (job.state, job.total, job.created, job.updated) == ("done", 2, 2, 0), job.errors
    first = SanitationCheck.objects.get(number="WS-1")
    # 58 of 70 points: 100 * 58 // 70 = 82 (integer, rounded down).
    assert first.points["refuse"] == 10 and first.points["waterways"] == 6
    assert first.score == 82 and first.inspector == "王检查"
    assert SanitationCheck.objects.get(number="WS-2").score == 100
    assert not Item.objects.filter(campaign=campaign).exists()  # a check is a measure


def test_a_petition_register_imports_and_its_cases_join_the_campaign(cast, village_a1, campaign):
    rows = [case_row("XF-1"),
            case_row("XF-2", channel="网上", concluded_on="", result="", settled="否",
                     satisfaction="")]  # fmt: skip
    job = run(cast["vic"], village_a1, xlsx(rows, PETITION_HEADER), "petition", campaign)
    assert (job.state, job.created) == ("done", 2), job.errors
    case = PetitionCase.objects.get(number="XF-1")
    assert (case.channel, case.settled, case.satisfaction) == ("visit", True, "satisfied")
    assert case.respondent == "村民委员会" and str(case.concluded_on) == "2026-04-20"
    open_case = PetitionCase.objects.get(number="XF-2")
    assert (open_case.channel, open_case.satisfaction) == ("online", "unknown")
    assert Item.objects.filter(campaign=campaign, target="petition").count() == 2


def test_an_id_number_typed_into_a_petition_is_masked_before_storing(cast, village_a1):
    rows = [case_row(result=f"当事人身份证{id_number(5)}已核实")]
    run(cast["vic"], village_a1, xlsx(rows, PETITION_HEADER), "petition")
    assert id_number(5) not in PetitionCase.objects.get().result


# --- every bad row ---------------------------------------------------------------------------


def test_a_bad_sanitation_row_refuses_the_file_and_every_fault_is_named(cast, village_a1):
    rows = [check_row("WS-1"),
            ["WS-2", "2026-02-30", "", 11, 9.5, -1, "八", 7, 10, 6, ""],
            check_row("WS-3", points=(10, 10, 10, 10, 10, 10, "")),
            check_row("WS-1")]  # fmt: skip
    job = run(cast["vic"], village_a1, xlsx(rows, SANITATION_HEADER), "sanitation")
    assert job.state == "refused" and not SanitationCheck.objects.exists()
    where = [(row, key) for row, key, _m, _p in job.errors]
    assert where == [(3, "checked_on"), (3, "inspector"), (3, "points.refuse"),
                     (3, "points.public_spaces"), (3, "points.sewage"), (3, "points.toilets"),
                     (4, "points.waterways"), (5, "number")]  # fmt: skip
    with translation.override("zh-hans"):
        lines = imports.error_lines(job)
    assert lines[0] == "第3行，检查日期：日期请写成“年-月-日”，例如 2026-05-01。"
    assert "第3行，生活垃圾收集（分）：请填写 0 至 10 的整数分值。" in lines
    assert lines[-1] == "第5行，检查编号：该编号与第 2 行重复。"


def test_a_bad_petition_row_refuses_the_file_and_every_fault_is_named(cast, village_a1):
    rows = [case_row("XF-1"),
            case_row("XF-2", channel="托梦", petitioner="", received_on="昨天"),
            case_row("XF-3", accepted_on="2026-03-01"),
            case_row("XF-4", concluded_on="", satisfaction="还行"),
            case_row("XF-5", settled="", concluded_on="")]  # fmt: skip
    job = run(cast["vic"], village_a1, xlsx(rows, PETITION_HEADER), "petition")
    assert job.state == "refused" and not PetitionCase.objects.exists()
    where = [(row, key) for row, key, _m, _p in job.errors]
    assert where == [(3, "received_on"), (3, "channel"), (3, "petitioner_name"),
                     (4, "accepted_on"), (5, "satisfaction")]  # fmt: skip
    # XF-5 (not settled, not concluded) is a good row; XF-4's settled case without a conclusion
    # date is reported once its choices parse.
    rows[3] = case_row("XF-4", concluded_on="")
    job = run(cast["vic"], village_a1, xlsx(rows[3:], PETITION_HEADER), "petition")
    with translation.override("zh-hans"):
        assert imports.error_lines(job) == ["第2行，办结日期：已息诉罢访的案件须填写办结日期。"]


# --- re-import -------------------------------------------------------------------------------


def test_a_reimport_updates_checks_in_place_and_changes_nothing_else(cast, village_a1):
    content = xlsx([check_row("WS-1"), check_row("WS-2")], SANITATION_HEADER)
    run(cast["vic"], village_a1, content, "sanitation")
    before = list(SanitationCheck.objects.order_by("pk").values())
    again = run(cast["vic"], village_a1, content, "sanitation")
    assert (again.state, again.created, again.updated) == ("done", 0, 2)
    assert list(SanitationCheck.objects.order_by("pk").values()) == before
    changed = run(
        cast["vic"],
        village_a1,
        xlsx([check_row("WS-1", points=(0,) * 7)], SANITATION_HEADER),
        "sanitation",
    )
    assert (changed.created, changed.updated) == (0, 1)
    assert SanitationCheck.objects.get(number="WS-1").score == 0
    assert SanitationCheck.objects.count() == 2


def test_a_reimport_of_cases_keeps_their_items_and_steps(cast, village_a1, campaign):
    from datetime import date

    run(cast["vic"], village_a1, xlsx([case_row("XF-1")], PETITION_HEADER), "petition", campaign)
    item = Item.objects.get(petition__number="XF-1")
    services.item_step(
        actor=cast["vic"],
        item=item,
        data=services.StepInput(
            step=steps.INVENTORY, done_on=date(2026, 5, 2), person="张", evidence="信访登记簿"
        ),
    )
    again = run(cast["vic"], village_a1, xlsx([case_row("XF-1", respondent="镇司法所")],
                                              PETITION_HEADER), "petition", campaign)  # fmt: skip
    assert (again.created, again.updated) == (0, 1)
    assert PetitionCase.objects.get().respondent == "镇司法所"
    item.refresh_from_db()
    assert Item.objects.filter(campaign=campaign).count() == 1
    assert item.state == steps.INVENTORY and item.records.count() == 1


def test_the_items_export_carries_both_registers_and_each_sheet_reimports(
    client, cast, village_a1, campaign
):
    run(cast["vic"], village_a1, xlsx([check_row("WS-1")], SANITATION_HEADER), "sanitation",
        campaign)  # fmt: skip
    run(cast["vic"], village_a1, xlsx([case_row("XF-1")], PETITION_HEADER), "petition", campaign)
    SanitationCheck.objects.update(problems="=1+1")  # typed as text: a formula to a spreadsheet
    checks = list(SanitationCheck.objects.values())
    cases = list(PetitionCase.objects.values())
    client.force_login(cast["vic"])
    client.cookies["django_language"] = "zh-hans"
    answer = client.get(f"/staff/campaigns/{campaign.pk}/items/?format=xlsx")
    book = load_workbook(io.BytesIO(answer.content))
    assert book.sheetnames == ["合同台账", "环境卫生检查台账", "信访矛盾台账"]
    assert [c.value for c in book["环境卫生检查台账"][1]] == SANITATION_HEADER
    row = [c.value for c in book["环境卫生检查台账"][2]]
    assert row[:3] == ["WS-1", row[1], "王检查"] and row[3:10] == [10, 9, 8, 8, 7, 10, 6]
    assert row[10] == "=1+1" and book["环境卫生检查台账"]["K2"].data_type == "s"  # inert text
    for register in ("sanitation", "petition"):
        again = run(cast["vic"], village_a1, answer.content, register, campaign)
        assert (again.state, again.created, again.updated) == ("done", 0, 1), again.errors
    assert list(SanitationCheck.objects.values()) == checks
    assert list(PetitionCase.objects.values()) == cases


# --- hostile files ---------------------------------------------------------------------------


def test_formula_cells_give_only_the_value_they_show_and_script_text_stays_text(
    client, cast, village_a1, campaign
):
    book = Workbook()
    sheet = book.active
    sheet.append(SANITATION_HEADER)
    sheet.append(["WS-1", "2026-05-20", "<script>alert(1)</script>", *(10,) * 7,
                  '=HYPERLINK("http://evil.example/","点我")'])  # fmt: skip
    sheet["K2"].data_type = "f"  # a live formula (no cached value, as a script writes it)
    out = io.BytesIO()
    book.save(out)
    job = run(cast["vic"], village_a1, out.getvalue(), "sanitation", campaign)
    assert job.state == "done", job.errors
    check = SanitationCheck.objects.get()
    assert "HYPERLINK" not in check.problems and "evil" not in str(check.points)
    assert check.inspector == "<script>alert(1)</script>"  # stored as the text it is
    client.force_login(cast["vic"])
    page = client.get(f"/staff/campaigns/{campaign.pk}/import/").content.decode()
    assert "<script>alert(1)</script>" not in page
    export = load_workbook(io.BytesIO(imports.export([], checks=[check])))
    assert all(c.data_type != "f" for r in export.active.iter_rows() for c in r)


@override_settings(IMPORT_MAX_UNZIPPED_BYTES=1024 * 1024)
def test_a_zip_bomb_is_refused_naming_the_limit_and_changes_nothing(cast, village_a1):
    run(cast["vic"], village_a1, xlsx([case_row("XF-1")], PETITION_HEADER), "petition")
    before = list(PetitionCase.objects.values())
    source = xlsx([case_row("XF-1", result="新的结果")], PETITION_HEADER)
    bomb = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(source)) as old,
        zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as new,
    ):
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                cut = data.rindex(b"</")
                data = data[:cut] + b" " * (8 * 1024 * 1024) + data[cut:]
            new.writestr(info.filename, data)
    assert len(bomb.getvalue()) < 100_000
    job = run(cast["vic"], village_a1, bomb.getvalue(), "petition")
    assert job.state == "refused" and job.content == b""
    with translation.override("zh-hans"):
        assert "文件解压后超过 1 MB" in imports.error_lines(job)[0]
    assert list(PetitionCase.objects.values()) == before


def test_a_file_that_is_not_a_workbook_is_refused(cast, village_a1):
    job = run(cast["vic"], village_a1, b"<script>alert(1)</script>", "sanitation")
    assert job.state == "refused" and not SanitationCheck.objects.exists()
    with translation.override("zh-hans"):
        assert "无法作为 xlsx" in imports.error_lines(job)[0]


# --- scope -----------------------------------------------------------------------------------


@pytest.mark.parametrize("register", ["sanitation", "petition"])
def test_a_clerk_cannot_import_into_another_village(cast, village_a2, register):
    content = xlsx(
        [check_row()] if register == "sanitation" else [case_row()],
        SANITATION_HEADER if register == "sanitation" else PETITION_HEADER,
    )
    with pytest.raises(NotAllowed):
        run(cast["vic"], village_a2, content, register)
    assert not RegisterImport.objects.exists()
    assert not SanitationCheck.objects.exists() and not PetitionCase.objects.exists()


def test_the_import_form_offers_a_clerk_only_their_own_village(client, cast, campaign,
                                                               village_a2):  # fmt: skip
    client.force_login(cast["vic"])
    content = xlsx([case_row()], PETITION_HEADER)
    upload = io.BytesIO(content)
    upload.name = "信访.xlsx"
    answer = client.post(
        f"/staff/campaigns/{campaign.pk}/import/",
        {"register": "petition", "village": village_a2.pk, "file": upload},
    )
    assert answer.status_code == 200 and "village" in answer.context["form"].errors
    assert not RegisterImport.objects.exists()
