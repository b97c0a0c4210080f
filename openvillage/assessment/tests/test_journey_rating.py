"""Issue 15, done-when, in a real Chromium on a 390-pixel screen in Chinese, by clicking:

1. a town scores its villages' branches at the cycle's end from the ledger, publishes the proposed
   stars, one branch appeals and is re-scored, the ratings become final and show on the county's
   pages and its dashboard, and publicly on the village's page and in the public record;
2. a screening proposes two branches with their triggers, the county identifies one, its
   rectification is followed and it is delisted.

The clock is frozen on the days the users act (the publicity period must pass before the ratings
are final); a new day means a new sign-in, as the staff session lasts hours, not days.
"""

from __future__ import annotations

from datetime import date

import pytest

from openvillage.assessment import services
from openvillage.assessment.models import (
    CycleState,
    OrgLifeKind,
    OrgLifeMeeting,
    Rating,
    RatingState,
    WeakCandidate,
    WeakState,
)
from openvillage.assessment.rules import orglife
from openvillage.decisions.tests.conftest import at
from openvillage.web.tests.journeys.conftest import last_page, phone_page, staff_sign_in

APPEAL = "本村创新项目“稻渔共养”已通过镇验收，未计分。"


@pytest.fixture
def year_of_records(cast, town_a, branches, village_a1, village_a2):
    """The town's rating cycle for 2026, opened in January; over the year the town entered one
    deduction in the ledger, and the branches recorded no organizational life."""
    with at(date(2026, 1, 10)):
        cycle = services.cycle_open(
            actor=cast["tom"], unit=town_a, name="2026年度党组织星级评定",
            scheme_code="organization_five_star", starts_on=date(2026, 1, 1),
            ends_on=date(2026, 12, 31),
        )  # fmt: skip
    with at(date(2026, 7, 1)):
        services.entry_add(
            actor=cast["tom"], cycle=cycle, organization=branches[village_a1.code],
            item_code="dues_not_collected", count=1, reason="二季度党费未按时收缴",
            evidence="党费收缴台账",
        )  # fmt: skip
    return cycle


def _click(page, name: str, *, within=None) -> None:
    (within or page.locator("main")).get_by_role("button", name=name, exact=True).first.click()
    page.wait_for_load_state()


def _row(page, text: str):
    return page.locator("main table tbody tr", has_text=text).first


@pytest.mark.browser
def test_a_town_rates_its_branches_one_appeals_and_the_county_sees_the_final_stars(
    browser,
    live_server,
    cast,
    year_of_records,
    village_a1,
    village_a2,
    settings,
):
    settings.ANALYTICS_BACKFILL_DAYS = 2  # the nightly fill of the last days, not of 90
    base = live_server.url
    cycle = year_of_records
    # 5 January 2027: the town collects the year's facts, scores from the ledger and publishes.
    with at(date(2027, 1, 5)):
        town = phone_page(browser)
        staff_sign_in(town, base, "tom", "pw-tom")
        town.locator("nav.staff").get_by_role("link", name="考核评价").first.click()
        town.get_by_role("link", name="2026年度党组织星级评定").click()
        _click(town, "从平台记录采集积分")
        assert "条积分记录" in town.inner_text("main")
        _click(town, "按积分台账计分")
        text = town.inner_text("main")
        # No organizational life recorded all year: -12 (capped); the dues: -2.
        a1 = _row(town, "甲一村")
        assert "86" in a1.inner_text() and "4★" in a1.inner_text()
        assert "88" in _row(town, "甲二村").inner_text()
        _click(town, "公示拟定星级")
        assert "公示至 2027-01-10" in town.inner_text("main"), text
        town.context.close()

        # The branch of 甲一村 appeals during the publicity.
        clerk = phone_page(browser)
        staff_sign_in(clerk, base, "vic", "pw-vic")
        clerk.locator("nav.staff").get_by_role("link", name="考核评价").first.click()
        clerk.get_by_role("link", name="2026年度党组织星级评定").click()
        row = _row(clerk, "甲一村")
        row.locator("input[name=reason]").fill(APPEAL)
        _click(clerk, "申诉", within=row)
        assert "申诉中" in _row(clerk, "甲一村").inner_text()
        clerk.context.close()

    # 8 January: the town checks the appeal, enters the missing item with its evidence, re-scores.
    with at(date(2027, 1, 8)):
        town = phone_page(browser)
        staff_sign_in(town, base, "tom", "pw-tom")
        town.locator("nav.staff").get_by_role("link", name="考核评价").first.click()
        town.get_by_role("link", name="2026年度党组织星级评定").click()
        assert APPEAL in town.inner_text("main")
        town.locator("#id_organization").select_option(label="甲一村 党支部")
        town.locator("#id_item_code").select_option(label="创新项目")
        town.locator("#id_count").fill("1")
        town.locator("#id_reason").fill("申诉复核：创新项目已验收")
        town.locator("#id_evidence").fill("镇党委验收意见书")
        _click(town, "记录")
        _click(town, "重新计分", within=_row(town, "甲一村"))
        a1 = _row(town, "甲一村").inner_text()
        assert "91" in a1 and "5★" in a1 and a1.lstrip().startswith("1")
        town.context.close()

    # 11 January, the publicity over: the town makes the ratings final.
    with at(date(2027, 1, 11)):
        town = phone_page(browser)
        staff_sign_in(town, base, "tom", "pw-tom")
        town.locator("nav.staff").get_by_role("link", name="考核评价").first.click()
        town.get_by_role("link", name="2026年度党组织星级评定").click()
        _click(town, "确定评定结果")
        assert "已确定" in _row(town, "甲二村").inner_text()
        town.context.close()

    cycle.refresh_from_db()
    assert cycle.state == CycleState.FINAL
    assert dict(Rating.objects.filter(cycle=cycle).values_list("village_id", "stars")) == {
        village_a1.pk: 5,
        village_a2.pk: 4,
    }
    assert set(Rating.objects.filter(cycle=cycle).values_list("state", flat=True)) == {
        RatingState.FINAL
    }

    # 12 January: the county reads the final ratings, and its dashboard counts the five stars
    # once the nightly fill has run.
    with at(date(2027, 1, 12)):
        from openvillage.analytics.fill import fill_all

        fill_all()
        county = phone_page(browser)
        staff_sign_in(county, base, "alice", "pw-alice")
        county.locator("nav.staff").get_by_role("link", name="考核评价").first.click()
        assert "甲镇" in _row(county, "2026年度党组织星级评定").inner_text()
        county.get_by_role("link", name="2026年度党组织星级评定").click()
        text = county.inner_text("main")
        assert "已确定" in text
        a1 = _row(county, "甲一村").inner_text()
        assert "91" in a1 and "5★" in a1
        assert county.get_by_role("button", name="确定评定结果").count() == 0  # done
        last_page(county, "assessment-county")
        county.locator("nav.staff").get_by_role("link", name="数据看板").first.click()
        figure = county.locator("main .stats > div", has_text="五星党组织").inner_text()
        town_row = county.locator("main table.dash tbody tr", has_text="甲镇").inner_text()
    assert figure.startswith("1"), figure  # 甲一村's branch, after its appeal
    assert "甲镇" in town_row

    # Anyone reads the final stars on the village's page, and finds them in the public record.
    public = phone_page(browser)
    public.goto(f"{base}/v/{village_a1.code}/")
    section = public.locator("section", has_text="村党组织星级评定")
    assert "5 星，91 分，第 1 名" in section.inner_text()
    section.get_by_role("link", name="2026年度党组织星级评定").click()
    public.wait_for_load_state()
    assert "甲二村 党支部" in public.inner_text("main")
    last_page(public, "assessment-public")
    public.get_by_role("link", name="公开记录中的条目").click()
    public.wait_for_load_state()
    assert "星级评定最终结果" in public.inner_text("main")


def _full_year(org, actor, *, skip_members_meeting: bool = False) -> None:
    rows = []
    for kind, per_year in orglife.PER_YEAR.items():
        n = per_year - (1 if skip_members_meeting and kind == OrgLifeKind.MEMBERS_MEETING else 0)
        for i in range(n):
            held = date(2026, 1 + i * 12 // per_year, 5)
            rows.append(
                OrgLifeMeeting(
                    organization=org,
                    village=org.unit,
                    unit_path=org.unit.path,
                    kind=kind,
                    held_on=held,
                    topic="学习党章",
                    expected=0,
                    created_by=actor,
                )  # fmt: skip
            )
    OrgLifeMeeting.objects.bulk_create(rows)


@pytest.mark.browser
def test_a_screening_proposes_two_branches_the_county_identifies_one_and_delists_it(
    browser,
    live_server,
    cast,
    branches,
    village_a1,
    village_a2,
    village_b1,
):
    base = live_server.url
    # 乙一村 held its whole year of organizational life; 甲二村 all but one members' meeting;
    # 甲一村 recorded none.
    _full_year(branches[village_b1.code], cast["bill"])
    _full_year(branches[village_a2.code], cast["vera"], skip_members_meeting=True)
    with at(date(2026, 12, 28)):
        county = phone_page(browser)
        staff_sign_in(county, base, "alice", "pw-alice")
        county.locator("nav.staff").get_by_role("link", name="考核评价").first.click()
        county.get_by_role("link", name="软弱涣散").first.click()
        _click(county, "开展排查")
        assert "已提出 2 个排查对象" in county.inner_text("main")
        assert "乙一村" not in county.inner_text("main table")
        assert "支部党员大会：应开 4 次，实开 3 次" in _row(county, "甲二村").inner_text()
        assert "支部党员大会：应开 4 次，实开 0 次" in _row(county, "甲一村").inner_text()
        row = _row(county, "甲一村")
        row.locator("input[name=note]").fill("县委组织部研判：全年未开展组织生活，认定为软弱涣散")
        _click(county, "认定", within=row)
        row = _row(county, "甲二村")
        row.locator("input[name=note]").fill("已开展大部分组织生活，不予认定")
        _click(county, "不予认定", within=row)
        county.context.close()

        town = phone_page(browser)
        staff_sign_in(town, base, "tom", "pw-tom")
        town.locator("nav.staff").get_by_role("link", name="考核评价").first.click()
        town.get_by_role("link", name="软弱涣散").first.click()
        row = _row(town, "甲一村")
        row.locator("input[name=plan]").fill("镇党委书记包联，按月开展三会一课")
        row.locator("input[name=rectify_by]").fill("2027-06-30")
        _click(town, "录入整改方案", within=row)
        town.context.close()

    with at(date(2027, 3, 31)):
        town = phone_page(browser)
        staff_sign_in(town, base, "tom", "pw-tom")
        town.locator("nav.staff").get_by_role("link", name="考核评价").first.click()
        town.get_by_role("link", name="软弱涣散").first.click()
        town.locator("main input[name=year]").fill("2026")
        _click(town, "筛选")
        row = _row(town, "甲一村")
        row.locator("input[name=on]").fill("2027-03-31")
        row.locator("input[name=note]").fill("一季度三会一课均已按时召开")
        _click(town, "记录跟踪督导", within=row)
        assert "一季度三会一课均已按时召开" in _row(town, "甲一村").inner_text()
        town.context.close()

    with at(date(2027, 7, 2)):
        county = phone_page(browser)
        staff_sign_in(county, base, "alice", "pw-alice")
        county.locator("nav.staff").get_by_role("link", name="考核评价").first.click()
        county.get_by_role("link", name="软弱涣散").first.click()
        county.locator("main input[name=year]").fill("2026")
        _click(county, "筛选")
        _click(county, "验收销号", within=_row(county, "甲一村"))
        text = _row(county, "甲一村").inner_text()
        last_page(county, "assessment-weak")
    assert "验收销号" in text
    states = dict(WeakCandidate.objects.values_list("village_id", "state"))
    assert states == {village_a1.pk: WeakState.DELISTED, village_a2.pk: WeakState.DISMISSED}
    delisted = WeakCandidate.objects.get(village=village_a1)
    assert (delisted.identified_on, delisted.delisted_on) == (date(2026, 12, 28), date(2027, 7, 2))
