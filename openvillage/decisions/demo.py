"""Demo decision cases (`openvillage demo`, after the registry and the disclosures).

In the first village of the demo county (where the demo clerk, secretary and supervision
committee member work), every case goes through the real services, with the clock set to the
day of each step, so that a trial user finds a case in each state:

- completed: all six steps of 四议两公开, the resolution and the result published through the
  town's review (a case starts on the day of its first step, never after it);
- rejected: the party members' meeting voted it down and the village closed it;
- open at the party members' meeting, its first two steps approved by the supervision
  committee member; open with a step the committee returned (a flag waiting for an answer);
  and a case opened yesterday whose proposal waits in the committee member's review queue.

Deterministic for a day: dates count back from today.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from typing import Any
from unittest import mock

from django.contrib.auth import get_user_model
from django.utils import timezone

from openvillage.core.clock import local_today
from openvillage.core.roles import Role
from openvillage.decisions import services
from openvillage.decisions.services import StepInput, expected_people
from openvillage.org.models import Level, Unit


@contextmanager
def _on(day: date) -> Iterator[None]:
    """Run the services as if it were 10:00 on ``day`` (their timezone.now and local_today)."""
    moment = timezone.make_aware(datetime.combine(day, clock_time(10, 0)))
    with mock.patch("django.utils.timezone.now", new=lambda: moment):
        yield


def _meeting(
    clerk: Any, case: Any, step: str, body: str, day: date, *, ok: bool = True, **kw: Any
) -> Any:
    """A meeting of a registry body where everyone came and (if ``ok``) all voted for."""
    people = expected_people(case.village, body, day) or []
    n = len(people)
    data = StepInput(
        step=step, held_on=day, present=n, votes_for=n if ok else 0,
        votes_against=0 if ok else n, place="村委会议室", **kw,
    )  # fmt: skip
    with _on(day):
        return services.meeting_record(actor=clerk, case=case, data=data)


def _villagers(clerk: Any, case: Any, day: date, notice: date) -> Any:
    data = StepInput(
        step="resolution", held_on=day, notice_given_on=notice, should_attend=620, present=415,
        votes_for=388, votes_against=12, votes_abstain=15, place="村文化礼堂",
    )  # fmt: skip
    with _on(day):
        return services.meeting_record(actor=clerk, case=case, data=data)


def _open(clerk: Any, village: Unit, day: date, power: str, amount: int | None, text: str) -> Any:
    with _on(day):
        return services.case_open(
            actor=clerk, village=village, power_code=power, amount=amount, description=text
        )


def _review(member: Any, record: Any, day: date, reason: str = "") -> None:
    with _on(day):
        services.step_review(actor=member, record=record, approve=not reason, reason=reason)


def _publish(step: str, clerk: Any, officer: Any, case: Any, day: date, title: str, body: str):
    from openvillage.disclosure import services as disclosure

    func = (
        services.case_publish_resolution
        if step == "resolution_disclosure"
        else services.case_publish_result
    )
    with _on(day):
        first = func(actor=clerk, case=case, title=title, body=body)
        disclosure.item_approve(actor=officer, item=first.item)
        return func(actor=clerk, case=case)


def build_demo_cases() -> dict[str, int]:
    """Create the demo cases in the first village; return counts by state."""
    users = {u.username: u for u in get_user_model().objects.select_related("unit")}
    clerk = users.get(Role.VILLAGE_CLERK)
    officer = users.get(Role.TOWN_OFFICER)
    member = users.get(Role.SUPERVISION_MEMBER)
    if clerk is None or officer is None or member is None or clerk.unit.level != Level.VILLAGE:
        return {}
    village, today = clerk.unit, local_today()
    day = today - timedelta(days=75)

    done = _open(clerk, village, day, "major_decision", None, "村道硬化及路灯安装工程，全长1.2公里")
    for step, body, at in (
        ("proposal", "branch_committee", 0), ("consultation", "joint_meeting", 2)
    ):  # fmt: skip
        _review(
            member, _meeting(clerk, done, step, body, day + timedelta(days=at)), day + timedelta(3)
        )
    _meeting(
        clerk,
        done,
        "deliberation",
        "party_members_meeting",
        day + timedelta(6),
        notice_given_on=day + timedelta(2),
    )
    _villagers(clerk, done, day + timedelta(17), day + timedelta(6))
    _publish(
        "resolution_disclosure", clerk, officer, done, day + timedelta(19),
        "关于村道硬化及路灯安装工程的决议公开",
        "<p>经村民会议表决通过，实施村道硬化及路灯安装工程。</p>",
    )  # fmt: skip
    _publish(
        "result_disclosure", clerk, officer, done, day + timedelta(55),
        "村道硬化及路灯安装工程实施结果公开",
        "<p>工程已完工并通过验收，决算金额以验收报告为准。</p>",
    )  # fmt: skip

    start = today - timedelta(days=30)
    rejected = _open(clerk, village, start, "major_decision", None, "村集体资金入股外地民宿项目")
    _meeting(clerk, rejected, "proposal", "branch_committee", start)
    _meeting(clerk, rejected, "consultation", "joint_meeting", start + timedelta(1))
    _meeting(
        clerk, rejected, "deliberation", "party_members_meeting", start + timedelta(5), ok=False,
        notice_given_on=start + timedelta(1),
    )  # fmt: skip
    with _on(start + timedelta(6)):
        services.case_close(
            actor=clerk, case=rejected, reason="党员大会未通过，村党组织决定不再推进。"
        )

    start = today - timedelta(days=12)
    going = _open(clerk, village, start, "major_decision", None, "新建村级农产品冷链仓储中心")
    first = _meeting(clerk, going, "proposal", "branch_committee", start)
    second = _meeting(clerk, going, "consultation", "joint_meeting", start + timedelta(2))
    _review(member, first, start + timedelta(2))
    _review(member, second, start + timedelta(3))

    start = today - timedelta(days=6)
    returned = _open(clerk, village, start, "major_decision", None, "调整村集体经济收益分配方案")
    first = _meeting(clerk, returned, "proposal", "branch_committee", start)
    _review(member, first, start + timedelta(1), "会议记录缺少签到表，请补充后重新提议。")

    waiting = _open(
        clerk,
        village,
        today - timedelta(1),
        "major_decision",
        None,
        "村小学旧校舍改建为村民活动中心",
    )
    _meeting(clerk, waiting, "proposal", "branch_committee", today - timedelta(1))
    return {"completed": 1, "rejected": 1, "open": 3}


def demo_builder(options: Any) -> str:
    """The step of ``openvillage demo`` this app registers."""
    if options.get("disclosure_villages", 1) <= 0:
        return ""  # a completed case publishes disclosures: none were asked for
    started = time.perf_counter()
    counts = build_demo_cases()
    if not counts:
        return ""
    return (
        f"Demo decision cases in the first village in {time.perf_counter() - started:.1f} s: "
        f"{counts['completed']} completed, {counts['rejected']} rejected, {counts['open']} open "
        "(one step waiting for the supervision committee's review, one returned)."
    )
