"""The trial (`make run`, DEMO_MODE) shows the one-time code on the page; deployments never do."""

from __future__ import annotations

from openvillage.accounts.tests.conftest import PHONE
from openvillage.accounts.tests.test_villager_signup import EN, join
from openvillage.conftest import VALID_IDS


def test_in_demo_mode_the_code_is_shown_on_the_page_that_asks_for_it(
    client, roll, village_a1, settings
):
    settings.DEMO_MODE = True
    settings.SMS_BACKEND = "openvillage.accounts.sms.DemoBackend"
    response = join(client, village_a1, "张三", VALID_IDS[0])
    page = client.get(response["Location"], **EN).content.decode()
    assert "Demo: this trial sends no text messages" in page
    code = page.split("your code is ", 1)[1][:6]
    assert code.isdigit()
    assert PHONE not in page and PHONE not in str(dict(client.session))
    written = (settings.DATA_DIR / "demo_sms.txt").read_text(encoding="utf-8")
    assert code in written and PHONE not in written  # also in DATA_DIR, the phone masked
    confirmed = client.post(response["Location"], {"code": code}, **EN)
    assert confirmed.status_code == 302 and confirmed["Location"] == "/me/"


def test_outside_demo_mode_the_page_never_shows_the_code(client, roll, village_a1, settings):
    settings.DEMO_MODE = False
    settings.SMS_BACKEND = "openvillage.accounts.sms.DemoBackend"  # even with that backend
    response = join(client, village_a1, "张三", VALID_IDS[0])
    page = client.get(response["Location"], **EN).content.decode()
    assert "Demo:" not in page and "your code is" not in page
