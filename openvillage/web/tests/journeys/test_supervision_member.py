"""The supervision committee member reviews the steps of a decision case from their home, by
clicking, on a 390-pixel screen in Chinese: one step approved, one returned with the reason
(issue 12, done-when; decisions.md D7)."""

from __future__ import annotations

from datetime import date

import pytest

from openvillage.decisions import services
from openvillage.decisions.models import ReviewOutcome, StepFlag
from openvillage.decisions.tests.conftest import at, branch, joint, record, registry  # noqa: F401
from openvillage.web.tests.journeys.conftest import last_page, phone_page, staff_sign_in

SEP = date(2026, 9, 1).replace
REASON = "联席会议记录缺少签到表，请补充后重新召开。"


@pytest.fixture
def case(cast, registry, village_a1, chinese_names):  # noqa: F811
    with at(SEP(day=1)):
        case = services.case_open(
            actor=cast["vic"], village=village_a1, power_code="major_decision", amount=None,
            description="村道硬化及路灯安装工程",
        )  # fmt: skip
    record(cast["vic"], case, branch(SEP(day=1)))
    record(cast["vic"], case, joint(SEP(day=2)))
    return case


@pytest.mark.browser
def test_the_supervision_member_approves_one_step_and_returns_another(browser, live_server, case):
    page = phone_page(browser)
    staff_sign_in(page, live_server.url, "sue", "pw-sue")
    page.locator("main").get_by_role("link", name="待审核步骤").first.click()
    last_page(page, "supervision-queue")  # the queue as it opens (for the guide)
    first = page.locator("section.review").first
    assert "村道硬化" in first.inner_text()
    first.get_by_role("button", name="审核通过", exact=True).click()
    page.wait_for_load_state()
    assert "已审核通过该步骤" in page.inner_text("main")
    step = page.locator("section.review").first
    step.locator("textarea[name=reason]").fill(REASON)
    step.get_by_role("button", name="退回村里").click()
    page.wait_for_load_state()
    text = page.inner_text("main")
    last_page(page, "supervision")
    assert "已将该步骤退回村里" in text and "目前没有待审核的步骤" in text
    outcomes = dict(case.reviews.values_list("record__step_code", "outcome"))
    assert outcomes == {"proposal": ReviewOutcome.APPROVED, "consultation": ReviewOutcome.RETURNED}
    assert StepFlag.objects.get(case=case).reason == REASON  # the case waits for the village
