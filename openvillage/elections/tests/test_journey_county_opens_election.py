"""Journey in a real browser, in Chinese on a phone-sized screen: the county officer signs in,
opens the general election by clicking (no URL typed, no id), previews the timetable, confirms,
and sees the election on the progress board (issue 12, done-when).

Same browser setup as ``test_browser_election`` (Debian's Chromium, pytest-django's live
server). With OPENVILLAGE_SCREENSHOTS=1 the last page is saved at 390 pixels wide to
docs/img/journey-county-election.png.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest

from openvillage.core.clock import local_today
from openvillage.elections.models import GeneralElection, VillageElection
from openvillage.feedback.tests.test_browser_flow import ARGS, CHROMIUM, _browser_or_skip

SCREENSHOT = Path(__file__).resolve().parents[3] / "docs" / "img" / "journey-county-election.png"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_county_officer_opens_the_general_election_and_sees_it_on_the_board(
    live_server, cast, village_a1, village_b1
):
    sync_playwright = _browser_or_skip()
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    day = local_today() + timedelta(days=40)
    roll_by = day - timedelta(days=20)  # V11: the roll 20 days before election day

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            context = browser.new_context(
                locale="zh-CN",
                extra_http_headers={"Accept-Language": "zh-CN"},
                viewport={"width": 390, "height": 844},
            )
            page = context.new_page()
            page.goto(f"{live_server.url}/staff/login/")
            page.fill("input[name=username]", "alice")
            page.fill("input[name=password]", "pw-alice")
            page.click("form button[type=submit]")
            page.wait_for_load_state()

            page.get_by_role("link", name="选举", exact=True).first.click()
            page.get_by_role("link", name="启动换届选举").click()
            page.get_by_label("换届选举名称").fill("2026年村“两委”换届选举")
            page.get_by_label("适用规则").select_option(label="浙江")
            page.get_by_label("选举日").fill(day.isoformat())
            page.get_by_role("button", name="预览时间表").click()
            page.wait_for_load_state()

            preview = page.inner_text("main")
            assert roll_by.isoformat() in preview
            # The rule reads in words; its code is kept for citing in a title, not shown.
            assert "选民名单" in preview and "V11" not in preview
            assert page.locator("[title*='V11']").count() >= 1
            assert GeneralElection.objects.count() == 0  # a preview stores nothing

            page.get_by_role("button", name="确认并启动选举").click()
            page.wait_for_load_state()
            board = page.inner_text("main")
            if os.environ.get("OPENVILLAGE_SCREENSHOTS"):
                SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(SCREENSHOT), full_page=True)
        finally:
            browser.close()

    general = GeneralElection.objects.get()
    assert general.profile == "zhejiang" and general.election_day == day
    assert "进度看板" in board and "换届选举已启动" in board
    assert village_a1.name in board and village_b1.name in board
    assert VillageElection.objects.filter(general=general).count() == 6
