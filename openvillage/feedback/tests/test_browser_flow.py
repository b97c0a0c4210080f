"""End to end in a real browser: a villager verifies, asks about a finance item, the clerk
replies, and the reply shows publicly with the villager's name masked (issue 5, done-when).

Playwright drives Debian's Chromium (/usr/bin/chromium) against pytest-django's live server on
loopback. Without the browser or playwright the test is skipped, unless
OPENVILLAGE_REQUIRE_BROWSER is set (CI), where it fails instead.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

import pytest

from openvillage.accounts import sms
from openvillage.conftest import VALID_IDS
from openvillage.disclosure import services as disclosure
from openvillage.disclosure.tests.conftest import content, publish
from openvillage.org.services import household_create, person_create, roll_entry_add

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _browser_or_skip():
    problem = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        problem, sync_playwright = "playwright is not installed", None
    if problem is None and not Path(CHROMIUM).exists():
        problem = f"{CHROMIUM} is missing (apt-get install chromium)"
    if problem:
        if os.environ.get("OPENVILLAGE_REQUIRE_BROWSER"):
            pytest.fail(f"OPENVILLAGE_REQUIRE_BROWSER is set but {problem}")
        pytest.skip(problem)
    return sync_playwright


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_villager_asks_about_a_finance_item_and_the_reply_shows_masked(live_server, cast):
    sync_playwright = _browser_or_skip()
    # Playwright's sync API runs an event loop in this thread; the ORM calls of the test itself
    # are still synchronous and safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    vic = cast["vic"]
    village = vic.unit
    person = person_create(
        actor=vic,
        village=village,
        name="张小明",
        gender="male",
        birth_date=date(1980, 1, 1),
        id_number=VALID_IDS[0],
    )
    household = household_create(actor=vic, village=village, number="A1-101")
    roll_entry_add(
        actor=vic,
        household=household,
        person=person,
        relation="head",
        registration="registered_resident",
    )
    item = disclosure.item_create(actor=vic, village=village, content=content())
    publish(item, vic, cast["tom"])
    sms.outbox.clear()
    base = live_server.url

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            villager = browser.new_page()
            villager.goto(f"{base}/v/{village.code}/join/")
            villager.fill("input[name=name]", "张小明")
            villager.fill("input[name=id_number]", VALID_IDS[0])
            villager.fill("input[name=phone]", "13800138000")
            villager.click("button[type=submit]")
            villager.wait_for_url(re.compile(r"/join/confirm/$"))
            code = re.search(r"\b(\d{6})\b", sms.outbox[-1].body).group(1)
            villager.fill("input[name=code]", code)
            villager.click("button[type=submit]")
            villager.wait_for_url(re.compile(r"/me/$"))

            villager.goto(f"{base}/d/{item.pk}/")
            villager.click("a.leave-message")
            villager.select_option("select[name=kind]", "question")
            villager.fill("textarea[name=text]", "十二月的办公费八百元具体用在哪里？")
            villager.click("form button[type=submit]")
            villager.wait_for_url(re.compile(r"/me/messages/\d+/$"))

            clerk = browser.new_context().new_page()
            clerk.goto(f"{base}/staff/login/")
            clerk.fill("input[name=username]", "vic")
            clerk.fill("input[name=password]", "pw-vic")
            clerk.click("form button[type=submit]")
            clerk.wait_for_load_state()
            clerk.goto(f"{base}/staff/feedback/")
            clerk.click("table tbody a >> nth=0")
            clerk.fill("#reply-text", "办公费用于购买打印纸和墨盒，票据可到村委会查阅。")
            clerk.click("form:has(#reply-text) button[type=submit]")
            clerk.wait_for_load_state()

            public = browser.new_context().new_page()
            public.goto(f"{base}/d/{item.pk}/messages/")
            text = public.inner_text("main")
        finally:
            browser.close()
    assert "张**" in text
    assert "张小明" not in text
    assert "票据可到村委会查阅" in text
    assert "办公费八百元" in text
