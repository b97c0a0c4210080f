"""Journey in a real browser (issue 12, done-when): the village clerk imports a month's
statement from the village's xlsx by clicking, submits it; the town officer approves it.

No URL is typed after the sign-in pages and no id is used: every page is reached through the
menu, buttons and links. With OPENVILLAGE_SCREENSHOTS=1 the last page is saved at 390 pixels to
docs/img/journey-clerk-statement.png. Skipped without Chromium or playwright unless
OPENVILLAGE_REQUIRE_BROWSER is set (pattern: feedback/tests/test_browser_flow.py).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from openvillage.disclosure.models import Item, State
from openvillage.disclosure.tests.test_statement_import import xlsx
from openvillage.feedback.tests.test_browser_flow import ARGS, CHROMIUM, _browser_or_skip

SCREENSHOT = Path(__file__).resolve().parents[3] / "docs" / "img" / "journey-clerk-statement.png"


def _sign_in(page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/staff/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form button[type=submit]")
    page.wait_for_load_state()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_clerk_imports_a_statement_and_the_town_approves_it(live_server, cast, tmp_path):
    sync_playwright = _browser_or_skip()
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    export = tmp_path / "2026年1月收支明细.xlsx"
    export.write_bytes(
        xlsx(
            [
                ["收支", "科目编码", "科目名称", "金额（元）"],
                ["收入", "511", "发包及上交收入", "12,000.00"],
                ["收入", "51101", "土地承包金", 12000],
                ["支出", "541", "管理费用", "3,450.50"],
                ["支出", "542", "公益支出", 800],
            ]
        )
    )
    base = live_server.url
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            clerk = browser.new_context(locale="zh-CN").new_page()
            _sign_in(clerk, base, "vic", "pw-vic")
            clerk.click("nav a[href$='/staff/disclosure/']")
            clerk.click("a[href$='/staff/disclosure/import/']")
            clerk.wait_for_load_state()
            clerk.set_input_files("input[name=file]", str(export))
            assert clerk.inner_text(".file-name") == export.name
            clerk.click("#item-form button[type=submit]")
            clerk.wait_for_url(re.compile(r"/staff/disclosure/\d+/$"))
            assert "12,000.00" in clerk.inner_text("main")
            clerk.click("form[action$='/submit/'] button")
            clerk.wait_for_load_state()

            town = browser.new_context(
                locale="zh-CN", viewport={"width": 390, "height": 844}
            ).new_page()
            _sign_in(town, base, "tom", "pw-tom")
            town.click("nav a[href$='/staff/disclosure/']")
            item = Item.objects.get()
            town.click(f"main table a:has-text('{item.title}')")
            town.click("form[action$='/approve/'] button")
            town.wait_for_load_state()
            text = town.inner_text("main")
            if os.environ.get("OPENVILLAGE_SCREENSHOTS"):
                SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
                town.screenshot(path=str(SCREENSHOT), full_page=True)
        finally:
            browser.close()
    item.refresh_from_db()
    assert item.state == State.APPROVED
    assert item.statement["income_total_fen"] == 1200000
    assert item.statement["expenditure_total_fen"] == 425050
    assert "已审核通过" in text
