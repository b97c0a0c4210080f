"""In a real browser, the pages break no rule of their Content-Security-Policy: no inline style
or script is blocked, nothing is loaded from elsewhere, the ledger's verifier still runs."""

from __future__ import annotations

import os

import pytest

from openvillage.disclosure import services as disclosure
from openvillage.disclosure.tests.conftest import content, publish
from openvillage.feedback.tests.test_browser_flow import ARGS, CHROMIUM, _browser_or_skip
from openvillage.ledger.services import sign_tree_head

RECORD = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


def _violations(page, url: str) -> list[str]:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page.evaluate("window.__violations")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_public_and_staff_pages_break_no_rule_of_their_policy(live_server, cast):
    sync_playwright = _browser_or_skip()
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    vic = cast["vic"]
    village = vic.unit
    item = disclosure.item_create(actor=vic, village=village, content=content())
    publish(item, vic, cast["tom"])
    sign_tree_head(force=True)
    base = live_server.url
    public_pages = [
        f"/v/{village.code}/",
        f"/d/{item.pk}/",
        "/ledger/",
        "/ledger/key",
        "/ledger/entry/0/",
        "/v/no-such-village/",
        "/staff/login/",
    ]
    staff_pages = ["/staff/", "/staff/disclosure/", f"/staff/disclosure/{item.pk}/"]
    found: dict[str, list[str]] = {}
    console: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page()
            page.add_init_script(RECORD)
            page.on("console", lambda m: console.append(m.text))
            for url in public_pages:
                found[url] = _violations(page, base + url)
            page.goto(f"{base}/staff/login/")
            page.fill("input[name=username]", "vic")
            page.fill("input[name=password]", "pw-vic")
            page.click("form button[type=submit]")
            page.wait_for_load_state()
            for url in staff_pages:
                found[url] = _violations(page, base + url)
            page.goto(f"{base}/ledger/entry/0/")
            page.click("details summary")  # the check runs when the reader opens it
            page.wait_for_function(
                "/[✔✘]/.test(document.querySelector('.ledger-result').textContent)"
            )
            verdict = page.text_content(".ledger-result")
        finally:
            browser.close()
    assert {url: v for url, v in found.items() if v} == {}
    assert not [line for line in console if "Content Security Policy" in line]
    assert verdict.startswith("✔"), verdict  # the verifier script ran under the policy
