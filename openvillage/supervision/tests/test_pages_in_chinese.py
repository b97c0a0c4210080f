"""Every staff page of supervision, read in Chinese by the town and the county with the problems
in each state, shows no English word nor raw code (the UI crawl's reading, core visible_text)."""

from datetime import date

import pytest

from openvillage.core.tests.visible_text import english_words, raw_codes
from openvillage.org.models import Unit
from openvillage.supervision import services
from openvillage.supervision.tests.conftest import png_photo

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


@pytest.fixture
def world(cast, county, town_a, town_b, village_a1, village_a2, village_b1, linked, responsible):
    names = {county: "青溪县", town_a: "吉蒲镇", town_b: "北山镇", village_a1: "泉柏村",
             village_a2: "东岭村", village_b1: "西坡村"}  # fmt: skip
    for unit, name in names.items():
        Unit.objects.filter(pk=unit.pk).update(name=name)
    for user in cast.values():
        user.first_name = "张"
        user.save(update_fields=["first_name"])
    village_a1.refresh_from_db()
    tom, cora = cast["tom"], linked["cora"]
    round_ = services.round_create(
        actor=tom, unit=town_a, mode="inspection", title="三季度检查", started_on=date(2026, 9, 1)
    )
    services.round_results_record(
        actor=tom, round=round_, village=village_a1, results={"integrity": ("passed", "")}
    )
    problems = []
    for title in ("公开栏未更新", "财务未审核", "会议记录不全"):
        problems.append(
            services.problem_raise(
                actor=tom, village=village_a1, title=title, severity="serious", round=round_
            )
        )
    ordered = services.problem_order(actor=tom, problem=problems[1], responsible=responsible)
    p = services.problem_order(actor=tom, problem=problems[2], responsible=responsible)
    p = services.problem_submit(
        actor=cast["vic"], problem=p, rectification="已补记", files=[("记录.png", png_photo())]
    )
    p = services.problem_verify(actor=cora, problem=p, record="已查看")
    services.review_meeting_record(
        actor=cora, unit=county, held_on=date(2026, 10, 14), conclusions="点名通报",
        named_villages=[village_a1], screening_proposed=[village_a1],
    )  # fmt: skip
    return {"round": round_, "open": problems[0], "ordered": ordered, "verified": p}


def _pages(world):
    return [
        "/staff/supervision/",
        "/staff/supervision/?overdue=1",
        "/staff/supervision/new/",
        "/staff/supervision/rounds/",
        f"/staff/supervision/rounds/{world['round'].pk}/",
        f"/staff/supervision/{world['open'].pk}/",
        f"/staff/supervision/{world['ordered'].pk}/",
        f"/staff/supervision/{world['verified'].pk}/",
        "/staff/supervision/reviews/",
        "/staff/supervision/surveys/",
        "/staff/supervision/weekly/",
        "/staff/supervision/monthly/?month=2026-09",
        "/staff/supervision/talks/",
    ]


@pytest.mark.parametrize("name", ["tom", "cora"])
def test_the_supervision_pages_show_no_english_word_nor_raw_code(client, cast, world, name):
    client.force_login(cast[name])
    for url in _pages(world):
        response = client.get(url, **ZH)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert (url, english_words(html)) == (url, [])
        assert (url, raw_codes(html)) == (url, [])
