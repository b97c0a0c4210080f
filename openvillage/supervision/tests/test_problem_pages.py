"""The staff pages in Chinese: the problem board with filters, pagination and Excel export (with
a bounded number of queries), the problem page and its buttons, rounds, review meetings, and
the public list of a village's rectified problems."""

import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from openvillage.supervision import services
from openvillage.supervision.models import Problem, ReviewMeeting, Round, State
from openvillage.supervision.tests.conftest import png_photo

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **ZH)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _raise_many(cast, village, n):
    for i in range(n):
        services.problem_raise(
            actor=cast["tom"], village=village, title=f"问题{i}", severity="general"
        )


def test_the_board_query_count_does_not_grow_with_problems(client, cast, village_a1, ordered):
    client.force_login(cast["tom"])
    few = _count(client, "/staff/supervision/")
    _raise_many(cast, village_a1, 30)
    assert _count(client, "/staff/supervision/") == few
    assert few <= 8


def test_the_board_in_chinese_filters_by_state_and_overdue(client, cast, ordered, village_a1):
    _raise_many(cast, village_a1, 2)
    client.force_login(cast["tom"])
    page = client.get("/staff/supervision/", **ZH).content.decode()
    assert "问题清单" in page and "整改中" in page
    page = client.get(f"/staff/supervision/?state={State.ORDERED}", **ZH).content.decode()
    assert "财务公开未按期更新" in page and "问题0" not in page
    late = client.get("/staff/supervision/?overdue=1", **ZH).content.decode()
    assert "逾期" in late and "财务公开未按期更新" in late  # deadline 2026-03-17 has passed


def test_the_board_shows_nothing_beyond_scope(client, cast, ordered):
    client.force_login(cast["tina"])
    page = client.get("/staff/supervision/", **ZH).content.decode()
    assert "财务公开未按期更新" not in page
    assert client.get(f"/staff/supervision/{ordered.pk}/", **ZH).status_code == 403
    client.force_login(cast["vera"])
    assert client.get(f"/staff/supervision/{ordered.pk}/", **ZH).status_code == 403


def test_the_board_pages_fifty_at_a_time(client, cast, village_a1):
    _raise_many(cast, village_a1, 55)
    client.force_login(cast["tom"])
    second = client.get("/staff/supervision/?page=2", **ZH).content.decode()
    assert second.count("/staff/supervision/") >= 5 and "问题0" in second


def test_the_export_is_an_excel_file_of_the_filtered_list(client, cast, ordered, village_a1):
    services.problem_raise(
        actor=cast["tom"], village=village_a1, title="=HYPERLINK(1)", severity="general"
    )
    client.force_login(cast["tom"])
    response = client.get("/staff/supervision/?format=xlsx", **ZH)
    assert response["Content-Type"].startswith("application/vnd.openxml")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("编号", "村", "问题")
    titles = {row[2] for row in rows[1:]}
    assert titles == {"财务公开未按期更新", "=HYPERLINK(1)"}
    assert sheet.cell(row=2, column=3).data_type == "s"


def test_the_problem_page_walks_the_rectification_with_its_buttons(client, cast, linked, ordered):
    client.force_login(cast["vic"])
    page = client.get(f"/staff/supervision/{ordered.pk}/", **ZH).content.decode()
    assert "提交整改情况" in page
    from django.core.files.uploadedfile import SimpleUploadedFile

    photo = SimpleUploadedFile("photo.png", png_photo(), content_type="image/png")
    response = client.post(
        f"/staff/supervision/{ordered.pk}/submit/",
        {"rectification": "已更新公开栏", "files": [photo]},
        **ZH,
    )
    assert response.status_code == 302
    client.force_login(linked["cora"])
    response = client.post(
        f"/staff/supervision/{ordered.pk}/verify/", {"verification": "现场查看"}, **ZH
    )
    assert response.status_code == 302
    client.force_login(cast["tom"])
    assert client.post(f"/staff/supervision/{ordered.pk}/close/", **ZH).status_code == 302
    assert Problem.objects.get(pk=ordered.pk).state == State.CLOSED


def test_a_refused_step_is_shown_in_chinese_with_its_status(client, cast, linked, ordered):
    client.force_login(cast["vic"])
    response = client.post(
        f"/staff/supervision/{ordered.pk}/submit/", {"rectification": "已做"}, **ZH
    )
    assert response.status_code == 422
    assert "至少" in response.content.decode() or "佐证" in response.content.decode()
    client.force_login(linked["tom"])
    response = client.post(f"/staff/supervision/{ordered.pk}/close/", **ZH)
    assert response.status_code == 409


def test_a_town_officer_starts_a_round_and_records_a_problem_in_it(client, cast, village_a1):
    client.force_login(cast["tom"])
    response = client.post(
        "/staff/supervision/rounds/",
        {"title": "第一轮全覆盖检查", "mode": "inspection", "started_on": "2026-03-01"},
        **ZH,
    )
    round_ = Round.objects.get()
    assert response.status_code == 302 and round_.level == "town"
    response = client.post(
        "/staff/supervision/new/",
        {
            "round": round_.pk,
            "village": village_a1.code,
            "title": "三资台账不全",
            "severity": "serious",
            "source": "inspection",
        },
        **ZH,
    )
    assert response.status_code == 302
    page = client.get(f"/staff/supervision/rounds/{round_.pk}/", **ZH).content.decode()
    assert "三资台账不全" in page and "乡镇检查" in page


def test_the_county_records_a_review_meeting_proposing_a_village_for_screening(
    client, cast, village_a1
):
    client.force_login(cast["cora"])
    response = client.post(
        "/staff/supervision/reviews/",
        {"held_on": "2026-06-30", "conclusions": "整改滞后", "screening": [village_a1.code]},
        **ZH,
    )
    assert response.status_code == 302
    meeting = ReviewMeeting.objects.get()
    assert list(meeting.screening_proposed.all()) == [village_a1]
    page = client.get("/staff/supervision/reviews/", **ZH).content.decode()
    assert "建议列入软弱涣散排查" in page


def test_the_public_page_lists_only_closed_public_problems(client, cast, linked, village_a1):
    tom = linked["tom"]
    secret = services.problem_raise(
        actor=tom, village=village_a1, title="内部问题", severity="general"
    )
    public = services.problem_raise(
        actor=tom, village=village_a1, title="村道坑洼", severity="general", public=True
    )
    from openvillage.org.models import Person

    responsible = Person.objects.create(
        village=village_a1, name="王五", gender="male", birth_date=date(1970, 1, 1)
    )
    for p in (secret, public):
        p = services.problem_order(actor=tom, problem=p, responsible=responsible)
        p = services.problem_submit(
            actor=cast["vic"], problem=p, rectification="已修复", note="照片"
        )
        p = services.problem_verify(actor=linked["cora"], problem=p, record="已核实")
        services.problem_close(actor=tom, problem=p)
    page = client.get(f"/v/{village_a1.code}/rectified/", **ZH).content.decode()
    assert "村道坑洼" in page and "内部问题" not in page and "王五" not in page
    village_page = client.get(f"/v/{village_a1.code}/", **ZH).content.decode()
    assert "村道坑洼" in village_page


@pytest.mark.parametrize("url", ["/staff/supervision/", "/staff/supervision/rounds/"])
def test_a_signed_out_visitor_is_sent_to_sign_in(client, url):
    assert client.get(url).status_code == 302
