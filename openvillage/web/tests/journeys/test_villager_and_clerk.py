"""The villager asks about a published finance statement on a phone; the clerk answers it from
the console. Both by clicking, in Chinese, on a 390-pixel screen (issue 12, done-when)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from openvillage.accounts import sms
from openvillage.conftest import VALID_IDS
from openvillage.disclosure import services as disclosure
from openvillage.disclosure.tests.conftest import content, publish
from openvillage.org.services import household_create, person_create, roll_entry_add
from openvillage.web.tests.journeys.conftest import last_page, phone_page, staff_sign_in

QUESTION = "十二月的办公费八百元具体用在哪里？"
ANSWER = "办公费用于购买打印纸和墨盒，票据可到村委会查阅。"


@pytest.fixture
def statement(cast, village_a1, chinese_names):
    vic = cast["vic"]
    person = person_create(
        actor=vic, village=village_a1, name="张小明", gender="male",
        birth_date=date(1980, 1, 1), id_number=VALID_IDS[0],
    )  # fmt: skip
    household = household_create(actor=vic, village=village_a1, number="A1-101")
    roll_entry_add(
        actor=vic, household=household, person=person, relation="head",
        registration="registered_resident",
    )  # fmt: skip
    item = disclosure.item_create(actor=vic, village=village_a1, content=content())
    publish(item, vic, cast["tom"])
    sms.outbox.clear()
    return item


def _villager_asks(browser, base: str, village) -> None:
    page = phone_page(browser)
    page.goto(f"{base}/v/{village.code}/")  # the QR code on the notice board
    page.get_by_role("link", name="2025年12月财务收支公开").first.click()
    page.locator("a.leave-message").click()
    page.get_by_role("link", name="对照村民花名册进行实名认证").click()
    page.fill("input[name=name]", "张小明")
    page.fill("input[name=id_number]", VALID_IDS[0])
    page.fill("input[name=phone]", "13800138000")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/join/confirm/$"))
    code = re.search(r"\b(\d{6})\b", sms.outbox[-1].body).group(1)
    page.fill("input[name=code]", code)
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/me/$"))
    # Back to the statement by the way a villager would: the village, then the statement.
    page.get_by_role("link", name=village.name).first.click()
    page.get_by_role("link", name="2025年12月财务收支公开").first.click()
    page.locator("a.leave-message").click()
    page.select_option("select[name=kind]", "question")
    page.fill("textarea[name=text]", QUESTION)
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/me/messages/\d+/$"))
    assert QUESTION in page.inner_text("main")
    last_page(page, "villager")


def _clerk_answers(browser, base: str) -> str:
    page = phone_page(browser)
    staff_sign_in(page, base, "vic", "pw-vic")
    page.locator("main a[href*='/staff/feedback/']").first.click()
    page.get_by_role("link", name=re.compile(QUESTION[:8])).first.click()
    page.fill("#reply-text", ANSWER)
    page.click("form:has(#reply-text) button[type=submit]")
    page.wait_for_load_state()
    text = page.inner_text("main")
    last_page(page, "clerk")
    return text


@pytest.mark.browser
def test_the_villager_asks_on_a_phone_and_the_clerk_answers(browser, live_server, statement):
    _villager_asks(browser, live_server.url, statement.village)
    text = _clerk_answers(browser, live_server.url)
    assert ANSWER in text
