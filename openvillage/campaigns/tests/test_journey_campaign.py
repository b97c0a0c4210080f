"""A Five Clears campaign end to end in a real browser, by clicking in Chinese (issue 13, done
when): the county launches it; a village clerk fills the downloaded contract template and imports
it, and sees the red flags found on import; an item goes through the seven steps (the lawyer's
step 3, a decision case opened at step 4, the town's closure check at step 7); the board and the
ranking move; the progress bulletin prints as a PDF with Chinese text (read back by pdftotext).
"""

from __future__ import annotations

import subprocess
from datetime import date

import pytest
from openpyxl import load_workbook

from openvillage.accounts.models import User
from openvillage.campaigns import services
from openvillage.campaigns.models import Campaign
from openvillage.campaigns.rules import steps
from openvillage.core.clock import local_today
from openvillage.org.models import Unit
from openvillage.web.tests.journeys import conftest as journeys
from openvillage.web.tests.journeys.conftest import last_page, phone_page, staff_sign_in

from .conftest import contract_input

# The journeys' fixtures: Chromium (skipped unless PostgreSQL or OPENVILLAGE_JOURNEYS=1) and the
# cast's units under Chinese names.
browser = journeys.browser
chinese_names = journeys.chinese_names

CAMPAIGN = "吉蒲镇五清强基专项行动"
SPOT_CHECK = "抽查发现NL-0号合同已销号但租金未实际收回"
CONTRACTS = [
    # number, kind, counterparty, start, end, written, decision, rent (yuan), payments
    ("ZL-2012-001", "租赁", "王建国", "2012-05-10", "2042-05-10", "是", "已完成决策", "5000", ""),
    ("ZL-2018-002", "租赁", "李春生", "2018-01-01", "2028-01-01", "否", "未经决策", "3000", ""),
    ("ZL-2020-003", "租赁", "赵红梅", "2020-01-01", "2030-01-01", "是", "已完成决策", "4000", ""),
]


@pytest.fixture(autouse=True)
def frozen():
    """The journey runs on the real clock: the browser keeps its own (session cookies)."""
    yield


@pytest.fixture
def people(cast, chinese_names, village_a2, town_a):
    Unit.objects.filter(pk=village_a2.pk).update(name="南岭村")
    lawyer = User(username="lily", role="legal_adviser", unit=town_a, first_name="钱律师")
    lawyer.set_password("pw-lily")
    lawyer.save()
    return cast


def _cell(page, row_text: str, column: int) -> str:
    row = page.locator("main table tbody tr", has_text=row_text).first
    return row.locator("td").nth(column).inner_text().strip()


def _county_launches(chromium, base: str, today: date) -> None:
    page = phone_page(chromium)
    staff_sign_in(page, base, "alice", "pw-alice")
    page.get_by_role("link", name="五清专项行动").first.click()
    page.fill("input[name=name]", CAMPAIGN)
    page.fill("input[name=starts_on]", today.replace(day=1).isoformat())
    page.fill("input[name=ends_on]", date(today.year + 1, 6, 30).isoformat())
    page.select_option("select[name=pilots]", label=["泉柏村"])
    page.select_option("select[name=villages]", label=["南岭村"])
    page.get_by_role("button", name="启动").click()
    page.wait_for_load_state()
    assert CAMPAIGN in page.inner_text("h1")
    assert "泉柏村" in page.inner_text("main") and "南岭村" in page.inner_text("main")
    page.context.close()


def _neighbour_has_closed_one_of_four(cast, village_a2, today: date) -> None:
    """Meanwhile 南岭村 registered four contracts and closed one (done through the services, as
    its own clerks and the town would have): the ranking has someone to move past."""
    campaign = Campaign.objects.get(name=CAMPAIGN)
    vera, tom = cast["vera"], cast["tom"]
    lawyer = User.objects.get(username="lily")
    items = []
    for n in range(4):
        contract = services.contract_save(
            actor=vera, village=village_a2, data=contract_input(f"NL-{n}")
        )
        items.append(services.item_create(actor=vera, campaign=campaign, contract=contract))
    for code, actor, extra in (
        (steps.INVENTORY, vera, {}),
        (steps.FACT_CHECK, vera, {}),
        (steps.CLASSIFICATION, lawyer, {"opinion": "合同有效", "cleanup_status": "valid"}),
        (steps.PLAN_DECISION, vera, {}),
        (steps.NEGOTIATION, vera, {}),
        (steps.CLOSED, tom, {}),
    ):
        data = services.StepInput(
            step=code, done_on=today, person="周会计", evidence="台账核对", **extra
        )
        services.item_step(actor=actor, item=items[0], data=data)


def _clerk_imports(chromium, base: str, tmp_path) -> None:
    page = phone_page(chromium)
    staff_sign_in(page, base, "vic", "pw-vic")
    page.get_by_role("link", name="五清专项行动").first.click()
    page.get_by_role("link", name=CAMPAIGN).click()
    page.get_by_role("link", name="导入台账").first.click()
    with page.expect_download() as download:
        page.get_by_role("link", name="下载合同台账模板").click()
    template = tmp_path / "template.xlsx"
    download.value.save_as(template)
    book = load_workbook(template)
    sheet = book.active
    header = [cell.value for cell in sheet[1]]
    for number, kind, who, start, end, written, decision, rent, payments in CONTRACTS:
        values = {"合同编号": number, "合同类型": kind, "发包方": "泉柏村股份经济合作社",
                  "承包方": who, "起始日期": start, "终止日期": end, "书面合同": written,
                  "民主决策": decision, "年租金（元）": rent, "参考价格（元）": rent,
                  "缴费情况（到期日,应缴,已缴）": payments}  # fmt: skip
        sheet.append([values.get(name, "") for name in header])
    filled = tmp_path / "泉柏村合同台账.xlsx"
    book.save(filled)
    page.select_option("select[name=village]", label="泉柏村")
    page.set_input_files("input[name=file]", str(filled))
    page.get_by_role("button", name="导入").click()
    page.wait_for_load_state()
    text = page.inner_text("main")
    assert "泉柏村合同台账.xlsx" in text and "已导入" in text, text
    assert "租赁期限超过二十年" in text  # RF1 on ZL-2012-001, found on import
    assert "未订立书面合同" in text  # RF6 on ZL-2018-002
    last_page(page, "campaign-import")
    page.context.close()


def _record(page, step_label: str, today: date, **extra: str) -> None:
    page.select_option("select[name=step]", label=step_label)
    page.fill("input[name=done_on]", today.isoformat())
    page.fill("input[name=person]", extra.pop("person", "孙丽华"))
    page.fill("textarea[name=evidence]", extra.pop("evidence", "台账、现场照片"))
    if "opinion" in extra:
        page.fill("textarea[name=opinion]", extra.pop("opinion"))
        page.select_option("select[name=cleanup_status]", label=extra.pop("status"))
    if extra.pop("open_case", ""):
        page.check("input[name=open_case]")
    page.get_by_role("button", name="记录", exact=True).click()
    page.wait_for_load_state()
    assert step_label in page.inner_text("main"), page.inner_text("main")


def _open_item(page) -> None:
    page.get_by_role("link", name="五清专项行动").first.click()
    page.get_by_role("link", name=CAMPAIGN).click()
    page.get_by_role("link", name="清理事项").first.click()
    page.get_by_role("link", name="ZL-2012-001").click()


def _seven_steps(chromium, base: str, today: date) -> str:
    clerk = phone_page(chromium)
    staff_sign_in(clerk, base, "vic", "pw-vic")
    _open_item(clerk)
    assert "租赁期限超过二十年" in clerk.inner_text("main")
    _record(clerk, "第一步 摸底登记", today)
    _record(clerk, "第二步 核实", today, evidence="现场核实，承包方签字确认")

    lawyer = phone_page(chromium)
    staff_sign_in(lawyer, base, "lily", "pw-lily")
    _open_item(lawyer)
    _record(lawyer, "第三步 法律审查与分类", today, person="钱律师",
            opinion="超过二十年的部分无效，应变更合同", status="需变更")  # fmt: skip
    lawyer.context.close()

    clerk.reload()
    _record(clerk, "第四步 定案", today, evidence="两委提出变更方案", open_case="1")
    clerk.get_by_role("link", name="决策事项").click()
    assert "五清强基：ZL-2012-001" in clerk.inner_text("main")
    clerk.go_back()
    _record(clerk, "第五步 协商处置", today, evidence="签订补充协议，期限改至2032年5月10日")
    clerk.context.close()

    town = phone_page(chromium)
    staff_sign_in(town, base, "tom", "pw-tom")
    _open_item(town)
    _record(town, "第七步 公示销号", today, person="郑海波", evidence="镇工作组复核销号")
    text = town.inner_text("main")
    last_page(town, "campaign-item")
    town.context.close()
    return text


def _board(chromium, base: str, spot_check: str = "") -> tuple[dict[str, str], bytes]:
    page = phone_page(chromium)
    staff_sign_in(page, base, "alice", "pw-alice")
    page.get_by_role("link", name="五清专项行动").first.click()
    page.get_by_role("link", name=CAMPAIGN).click()
    seen = {
        "rank": _cell(page, "泉柏村", 0),
        "closed": _cell(page, "泉柏村", 5),
        "completion": _cell(page, "泉柏村", 6),
        "neighbour": _cell(page, "南岭村", 0),
    }
    if spot_check:  # rule (c): the county shows a red card from a spot check
        page.select_option("select[name=unit]", label="南岭村")
        page.fill("textarea[name=detail]", spot_check)
        page.get_by_role("button", name="亮红牌").click()
        page.wait_for_load_state()
        assert spot_check in page.locator("ul.cards").inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="打印进度通报（PDF）").click()
    pdf = download.value.path().read_bytes()
    last_page(page, "campaign-board")
    page.context.close()
    return seen, pdf


@pytest.mark.browser
def test_a_campaign_runs_end_to_end_by_clicking(browser, live_server, people, village_a2, tmp_path):
    base, today = live_server.url, local_today()
    _county_launches(browser, base, today)
    _neighbour_has_closed_one_of_four(people, village_a2, today)
    _clerk_imports(browser, base, tmp_path)

    before, _pdf = _board(browser, base)
    assert before == {"rank": "2", "closed": "0", "completion": "0.00%", "neighbour": "1"}

    text = _seven_steps(browser, base, today)
    assert "第七步 公示销号" in text and "已解决" in text

    # 1 of 3 closed (33.33%) passes 1 of 4 (25.00%).
    after, pdf = _board(browser, base, spot_check=SPOT_CHECK)
    assert after == {"rank": "1", "closed": "1", "completion": "33.33%", "neighbour": "2"}

    assert pdf.startswith(b"%PDF")
    path = tmp_path / "bulletin.pdf"
    path.write_bytes(pdf)
    printed = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert CAMPAIGN in printed and "进度通报" in printed
    assert "33.33%" in printed and "南岭村" in printed
    assert "四、亮红牌" in printed and "抽查发现弄虚作假" in printed
