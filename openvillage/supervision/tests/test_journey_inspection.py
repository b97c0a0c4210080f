"""Journey in a real browser, in Chinese on a phone-sized screen (issue 14, done-when).

The town runs an inspection round of a village, records its checklist results and puts two
problems on the list. The first is
ordered, submitted with a photo uploaded through the file input, rejected by the county,
resubmitted, verified and closed. The second goes overdue across the National Day holiday (the
official calendar freezes the count of working days) and the nightly worker escalates it to the
county. The county holds a review meeting that proposes the village for weak-and-scattered
screening (assessment lists its branch as a candidate), and the monthly review ranks it.

The clock is frozen with time_machine at each step (the live server runs in this process), and
the nightly escalation runs the way the worker runs it (``openvillage worker --once`` at 01:30).
After each sign-in page no URL is typed and no id is used: menus, links and buttons only.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from openvillage.assessment.models import WeakCandidate, WeakProposer
from openvillage.core import calendar
from openvillage.org.models import PartyOrganization, PartyOrgKind, Person, Term, Unit
from openvillage.supervision import services
from openvillage.supervision.models import Evidence, ItemResult, Problem, ReviewMeeting, State
from openvillage.supervision.tests.conftest import png_photo
from openvillage.web.tests.journeys.conftest import (  # noqa: F401  (fixtures)
    browser,
    chinese_names,
    last_page,
    phone_page,
    staff_sign_in,
)

TZ = ZoneInfo("Asia/Shanghai")
ROUND_DAY = date(2026, 9, 22)  # a Tuesday, a week before the National Day holiday
LATE_DEADLINE = date(2026, 9, 29)  # an urgent problem: 7 days from the order
ROUND = "2026年第三季度村级全面检查"
FIRST = "村务公开栏未按季度更新"
SECOND = "村集体资金支出未经民主理财小组审核"


def at(day: date, hour: int = 10):
    return time_machine.travel(
        datetime(day.year, day.month, day.day, hour, 30, tzinfo=TZ), tick=False
    )


@pytest.fixture
def people(cast, county, town_b, village_a1, village_a2, village_b1, chinese_names):  # noqa: F811
    """The director of 泉柏村 (responsible for the fixes) and the county supervisor's own entry
    in the registry (R5 compares people through it)."""
    director = Person.objects.create(
        village=village_a1, name="李建国", gender="male", birth_date=date(1972, 4, 9)
    )
    Term.objects.create(
        village=village_a1, person=director, body="villagers_committee", post="director",
        started_on=date(2021, 1, 1),
    )  # fmt: skip
    PartyOrganization.objects.create(
        unit=village_a1, kind=PartyOrgKind.PARTY_BRANCH, name="中共泉柏村支部委员会"
    )
    cora = cast["cora"]
    cora.first_name = "周文"
    cora.person = Person.objects.create(
        village=village_b1, name="周文", gender="female", birth_date=date(1980, 2, 2)
    )
    cora.save(update_fields=["first_name", "person"])
    calendar.calendar_seed_from_package()
    calendar.invalidate()
    for unit, name in (
        (county, "青溪县"),
        (town_b, "北山镇"),
        (village_a2, "东岭村"),
        (village_b1, "西坡村"),
    ):
        Unit.objects.filter(pk=unit.pk).update(name=name)
    _a_neighbour_closes_on_time(cast, village_a2)
    yield director
    calendar.invalidate()


def _a_neighbour_closes_on_time(cast, village) -> None:
    """In September 东岭村 closed a problem on time (the ranking's other row)."""
    with at(date(2026, 9, 8)):
        person = Person.objects.create(
            village=village, name="王立新", gender="male", birth_date=date(1970, 3, 3)
        )
        p = services.problem_raise(
            actor=cast["tom"], village=village, title="村规民约未公示", severity="general"
        )
        p = services.problem_order(actor=cast["tom"], problem=p, responsible=person)
        p = services.problem_submit(
            actor=cast["vera"], problem=p, rectification="已公示", note="照片"
        )
        p = services.problem_verify(actor=cast["cora"], problem=p, record="现场查看")
        services.problem_close(actor=cast["tom"], problem=p)


def _open_problem(page, title: str) -> None:
    page.get_by_role("link", name=title).first.click()
    page.wait_for_load_state()


def _escalation_day() -> date:
    """The first day more than 5 working days after the deadline on the official calendar."""
    cal = calendar.working_calendar()
    day = LATE_DEADLINE + timedelta(days=1)
    while cal.working_days_between(LATE_DEADLINE, day) <= 5:
        day += timedelta(days=1)
    return day


@pytest.mark.browser
def test_the_town_inspects_a_village_and_the_problems_go_to_closure_or_escalation(
    browser,  # noqa: F811
    live_server,
    cast,
    village_a1,
    people,
    tmp_path,
):
    base = live_server.url
    photo = tmp_path / "公开栏照片.png"
    photo.write_bytes(png_photo())

    # 22 September: the town officer runs the round and puts two problems on the list.
    with at(ROUND_DAY):
        town = phone_page(browser)
        staff_sign_in(town, base, "tom", "pw-tom")
        town.get_by_role("link", name="问题清单").first.click()
        town.get_by_role("link", name="检查轮次").first.click()
        town.get_by_label("标题").fill(ROUND)
        town.get_by_label("方式").select_option(label="全面检查")
        town.get_by_role("button", name="启动检查").click()
        town.wait_for_load_state()
        assert "本轮检查已启动" in town.inner_text("main")
        town.get_by_label("被检查的村").select_option(label="泉柏村")
        town.get_by_role("button", name="显示该村检查清单").click()
        town.wait_for_load_state()
        for item, outcome in (("公权力行使情况", "发现问题"), ("廉洁自律情况", "符合要求")):
            town.locator("fieldset", has_text=item).get_by_label("结果").select_option(
                label=outcome
            )
        town.get_by_role("button", name="保存检查结果").click()
        town.wait_for_load_state()
        assert "检查结果已保存" in town.inner_text("main")
        for title, severity in ((FIRST, "严重"), (SECOND, "紧急")):
            town.get_by_role("link", name="登记本轮发现的问题").click()
            town.get_by_role("combobox", name=re.compile("^村")).select_option(label="泉柏村")
            town.get_by_label("问题", exact=True).fill(title)
            town.get_by_label("严重程度").select_option(label=severity)
            town.get_by_role("button", name="列入问题清单").click()
            town.wait_for_load_state()
            assert "问题已列入清单" in town.inner_text("main")
            town.get_by_label("整改责任人").select_option(label="李建国")
            town.get_by_role("button", name="下达通知").click()
            town.wait_for_load_state()
            assert "整改中" in town.inner_text("main")
            town.get_by_role("link", name=ROUND).click()  # back to the round
            town.wait_for_load_state()
        round_page = town.inner_text("main")
        assert FIRST in round_page and SECOND in round_page
        assert LATE_DEADLINE.isoformat() in round_page  # urgent: 7 days from the order
        town.context.close()

    results = ItemResult.objects.filter(village=village_a1).values_list("item_code", "outcome")
    assert dict(results) == {"public_power": "problem", "integrity": "passed"}
    first = Problem.objects.get(title=FIRST)
    second = Problem.objects.get(title=SECOND)
    assert first.responsible == second.responsible == people

    # 23 September: the village clerk submits the fix with a photo of the notice board.
    with at(ROUND_DAY + timedelta(days=1)):
        clerk = phone_page(browser)
        staff_sign_in(clerk, base, "vic", "pw-vic")
        clerk.get_by_role("link", name="问题清单").first.click()
        _open_problem(clerk, FIRST)
        clerk.get_by_label("整改情况").fill("已更新公开栏第三季度财务收支。")
        clerk.get_by_label("照片或文件").set_input_files(str(photo))
        clerk.get_by_role("button", name="提交核查").click()
        clerk.wait_for_load_state()
        assert "整改情况已提交核查" in clerk.inner_text("main")
        clerk.context.close()

    # 24 September: the county supervisor checks it and returns it with the reason.
    with at(ROUND_DAY + timedelta(days=2)):
        county = phone_page(browser)
        staff_sign_in(county, base, "cora", "pw-cora")
        county.get_by_role("link", name="问题清单").first.click()
        _open_problem(county, FIRST)
        assert county.locator("main img").count() == 1  # the photo is shown to the checker
        county.get_by_label("退回理由").fill("公开栏照片看不清收支明细，请补拍。")
        county.get_by_role("button", name="退回").click()
        county.wait_for_load_state()
        assert "整改已退回" in county.inner_text("main")
        county.context.close()

    # 25 September: the clerk resubmits; the county verifies; the town closes the problem.
    with at(ROUND_DAY + timedelta(days=3)):
        clerk = phone_page(browser)
        staff_sign_in(clerk, base, "vic", "pw-vic")
        clerk.get_by_role("link", name="问题清单").first.click()
        _open_problem(clerk, FIRST)
        clerk.get_by_label("整改情况").fill("已补拍公开栏照片，收支明细清楚可见。")
        clerk.get_by_label("照片或文件").set_input_files(str(photo))
        clerk.get_by_role("button", name="提交核查").click()
        clerk.wait_for_load_state()
        clerk.context.close()

        county = phone_page(browser)
        staff_sign_in(county, base, "cora", "pw-cora")
        county.get_by_role("link", name="问题清单").first.click()
        _open_problem(county, FIRST)
        county.get_by_label("核查记录").fill("实地查看公开栏，第三季度收支已公开。")
        county.get_by_role("button", name="核验", exact=True).click()
        county.wait_for_load_state()
        assert "整改核查通过" in county.inner_text("main")
        county.context.close()

        town = phone_page(browser)
        staff_sign_in(town, base, "tom", "pw-tom")
        town.get_by_role("link", name="问题清单").first.click()
        _open_problem(town, FIRST)
        town.get_by_role("button", name="销号").click()
        town.wait_for_load_state()
        assert "问题已销号" in town.inner_text("main")
        town.context.close()

    first.refresh_from_db()
    assert (first.state, first.rejections, first.checker) == (State.CLOSED, 1, cast["cora"])
    assert Evidence.objects.filter(problem=first).exclude(file="").count() == 2

    # The second problem is overdue from 30 September. Counted Monday to Friday, 9 October would
    # be more than 5 working days late; the National Day holiday freezes the count.
    escalation_day = _escalation_day()
    assert escalation_day > date(2026, 10, 9)
    for night in (date(2026, 10, 9), escalation_day):
        with at(night, hour=1):
            call_command("worker", once=True)
    second.refresh_from_db()
    assert second.escalated_on == escalation_day and second.state == State.ORDERED

    # The county sees the escalation at home, holds the review meeting, and reads the ranking.
    with at(escalation_day):
        county = phone_page(browser)
        staff_sign_in(county, base, "cora", "pw-cora")
        county.get_by_role("link", name="1 个逾期问题已上报给您").first.click()
        county.wait_for_load_state()
        board = county.inner_text("main")
        assert SECOND in board and "上报" in board and FIRST not in board
        county.get_by_role("link", name="分析点评会").first.click()
        county.get_by_label("会议结论").fill(
            "泉柏村财务审核问题逾期未改，点名通报；建议列入软弱涣散村党组织排查。"
        )
        county.get_by_label("点名的村").select_option(label="泉柏村")
        county.get_by_label("建议列入软弱涣散排查").select_option(label="泉柏村")
        county.get_by_role("button", name="保存会议记录").click()
        county.wait_for_load_state()
        meetings = county.inner_text("main")
        assert "建议列入软弱涣散排查" in meetings and "泉柏村" in meetings

        county.get_by_role("link", name="月点评").first.click()
        county.get_by_label("月份").fill("2026-09")
        county.get_by_role("button", name="显示").click()
        county.wait_for_load_state()
        review = county.inner_text("main")
        last_page(county, "supervision-monthly")
        county.context.close()

    meeting = ReviewMeeting.objects.get()
    assert list(meeting.screening_proposed.all()) == [village_a1]
    candidate = WeakCandidate.objects.get(village=village_a1, year=2026)  # assessment picked it up
    assert candidate.proposed_by == WeakProposer.REVIEW_MEETING
    rows = {line.split("\t")[1]: line.split("\t") for line in review.splitlines() if "\t" in line}
    # 东岭村 closed its one problem on time (100 %); 泉柏村 found 2, closed 1 on time and let 1 go
    # overdue (50 %); 西坡村 had nothing due and is not ranked.
    assert rows["东岭村"][0] == "1" and rows["泉柏村"][0] == "2" and rows["西坡村"][0] == "—"
    assert rows["泉柏村"][2:] == ["2", "1", "1", "1"]
