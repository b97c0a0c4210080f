"""End to end in a real browser: a full election for one village, through the staff pages, as
the clerk (vic), the town officer (tom, also the second clerk of the tally), up to the result
on the public election page (issue 7, done-when).

Playwright drives Debian's Chromium (/usr/bin/chromium) against pytest-django's live server on
loopback. Without the browser or playwright the test is skipped, unless
OPENVILLAGE_REQUIRE_BROWSER is set (CI), where it fails instead. The clock is not frozen (the
live server runs in its own thread): election day is 30 days after today.
"""

from __future__ import annotations

import os
import re
from datetime import timedelta

import pytest

from openvillage.core.clock import local_today
from openvillage.elections import services
from openvillage.elections.models import VillageElection
from openvillage.elections.tests.conftest import villager
from openvillage.feedback.tests.test_browser_flow import ARGS, CHROMIUM, _browser_or_skip

NAMES = ["Chen", "Li", "Wang", "Zhao", "Sun", "Zhou", "Wu", "Zheng"]


def _login(browser, base: str, username: str):
    page = browser.new_context().new_page()
    page.goto(f"{base}/staff/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", f"pw-{username}")
    page.click("form button[type=submit]")
    page.wait_for_load_state()
    return page


def _submit(page, form: str, fields: dict | None = None, checks=(), selects: dict | None = None):
    """Fill a form of the election page, send it, and fail with the page's refusal if any."""
    for name, value in (selects or {}).items():
        page.select_option(f"{form} select[name={name}]", value)
    for name, value in (fields or {}).items():
        page.fill(f"{form} [name={name}]", str(value))
    for selector in checks:
        page.check(f"{form} {selector}")
    page.click(f"{form} button")
    page.wait_for_load_state()
    errors = page.locator("ul.messages li.error")
    if errors.count():
        raise AssertionError(f"{form}: {errors.first.inner_text()}")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_full_village_election_runs_in_a_browser_and_the_result_is_public(
    live_server, cast, village_a1
):
    sync_playwright = _browser_or_skip()
    # Playwright's sync API runs an event loop in this thread; the ORM calls of the test itself
    # are still synchronous and safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    people = {n: villager(village_a1, n) for n in NAMES}
    pk = {n: p.pk for n, p in people.items()}
    general = services.election_open(
        actor=cast["alice"],
        county=village_a1.parent.parent,
        name="2026",
        election_day=local_today() + timedelta(days=30),
    )
    vc = VillageElection.objects.get(general=general, village=village_a1, law="villagers_committee")
    services.election_seats_set(actor=cast["vic"], election=vc, seats={"director": 1, "member": 2})
    base = live_server.url
    detail = f"{base}/staff/elections/{vc.pk}/"
    figures = {
        "voters_voted": 6,
        "ballots_issued": 6,
        "ballots_collected": 6,
        "invalid_ballots": 0,
    }
    tally = {"director": "Chen=4\nLi=2", "member": "Wang=4\nZhao=4\nSun=3"}

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            vic = _login(browser, base, "vic")
            vic.goto(detail)
            _submit(vic, "form.action-roll_build")
            _submit(vic, "form.action-roll_publish")
            # The people picker offers the matches by name as the clerk types (org/picker.js).
            vic.fill("form.action-nomination [name=person]", "Ch")
            option = vic.locator("#nomination-person-list option").first
            option.wait_for(state="attached")
            offered = option.get_attribute("value")
            assert offered.startswith("Chen（")
            nominees = {"director": ["Chen", "Li"], "member": ["Wang", "Zhao", "Sun"]}
            for post, names in nominees.items():
                for votes, name in enumerate(names, start=20):
                    _submit(
                        vic,
                        "form.action-nomination",
                        {"person": name, "votes": votes},
                        selects={"post": post},
                    )

            tom = _login(browser, base, "tom")
            tom.goto(detail)
            for name in nominees["director"] + nominees["member"]:
                _submit(
                    tom,
                    "form.action-review",
                    {"person": name, "reason": "No record in any source."},
                    checks=["input[value=public_security]", "input[value=archives]"],
                    selects={"decision": "cleared"},
                )

            vic.goto(detail)
            for post, names in nominees.items():
                boxes = [f"input[name=people][value='{pk[n]}']" for n in names]
                _submit(vic, "form.action-candidates", checks=boxes, selects={"post": post})
            _submit(vic, "form.action-candidates_publish")
            _submit(
                vic,
                "form.action-proxy",
                {"principal": "Zhou", "proxy": "Wu"},
                checks=["input[name=written]"],
                selects={"relationship": "spouse"},
            )
            _submit(vic, "form.action-proxies_publish")
            _submit(vic, "form.action-station", {"name": "Village hall"})

            for clerk in (vic, tom):
                clerk.goto(detail)
                for post, votes in tally.items():
                    _submit(
                        clerk,
                        "form.action-tally",
                        {**figures, "votes": votes},
                        selects={"post": post},
                    )
            assert "Both entries agree" in tom.inner_text("main")

            vic.goto(detail)
            _submit(vic, "form.action-count")
            _submit(vic, "form.action-publish")
            assert "Result published" in vic.inner_text("main")

            public = browser.new_context().new_page()
            public.goto(f"{base}/v/{village_a1.code}/election/")
            text = public.inner_text("main")
        finally:
            browser.close()
    # PostgreSQL's jsonb orders the posts by key length, so the order of posts may differ.
    elected = re.search(r"Elected:\s*(.+)", text).group(1)
    assert sorted(elected.strip().split(", ")) == ["Chen", "Wang", "Zhao"]
    assert "Zh**" in text or "Z**" in text  # the roll and proxy list are masked
