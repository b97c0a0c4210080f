"""Journeys in a real Chromium, one per role, each doing that role's main job by clicking
(issue 12, done-when): after the first page no URL is typed and no id is used.

They run on PostgreSQL (the CI database that bounds their time) or when OPENVILLAGE_JOURNEYS=1;
elsewhere they are skipped. With OPENVILLAGE_SCREENSHOTS=1 each journey saves its last page, at
390 pixels wide, as docs/img/journey-<name>.png.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from openvillage.feedback.tests.test_browser_flow import ARGS, CHROMIUM, _browser_or_skip

PHONE = {"width": 390, "height": 844}
IMG = Path(__file__).resolve().parents[4] / "docs" / "img"


@pytest.fixture
def browser(transactional_db) -> Iterator[Any]:
    if connection.vendor != "postgresql" and not os.environ.get("OPENVILLAGE_JOURNEYS"):
        pytest.skip("journeys run on PostgreSQL, or with OPENVILLAGE_JOURNEYS=1")
    sync_playwright = _browser_or_skip()
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are
    # still synchronous and safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def chinese_names(cast, town_a, village_a1) -> None:
    """The shared cast's units and staff under Chinese names, as a county's would be (the
    screenshots show them)."""
    from openvillage.org.models import Unit

    Unit.objects.filter(pk=town_a.pk).update(name="吉蒲镇")
    Unit.objects.filter(pk=village_a1.pk).update(name="泉柏村")
    village_a1.refresh_from_db()
    names = {"vic": "孙丽华", "tom": "郑海波", "sue": "冯志强"}
    for username, name in names.items():
        user = cast[username]
        user.first_name, user.last_name = name, ""
        user.save(update_fields=["first_name", "last_name"])


def phone_page(browser: Any) -> Any:
    """A new page on a 390-pixel phone screen, in Chinese."""
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="zh-CN",
        extra_http_headers={"Accept-Language": "zh-CN,zh;q=0.9"},
    )  # fmt: skip
    context.set_default_timeout(15_000)
    return context.new_page()


def staff_sign_in(page: Any, base: str, username: str, password: str) -> None:
    """The first page of a staff journey: the sign-in form, then the home page."""
    page.goto(f"{base}/staff/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form button[type=submit]")
    page.wait_for_load_state()


def last_page(page: Any, name: str) -> None:
    """Save the journey's last page (full height, 390 px wide) when screenshots are asked for."""
    if os.environ.get("OPENVILLAGE_SCREENSHOTS"):
        page.set_viewport_size(PHONE)
        page.screenshot(path=str(IMG / f"journey-{name}.png"), full_page=True)
