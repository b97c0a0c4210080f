"""The monthly review ranks villages and towns by the share of problems due in the month that
were closed on time (exact fractions, ties share a rank); the weekly digest of a scope."""

from datetime import date

from openvillage.org.models import Person
from openvillage.supervision import review, services
from openvillage.supervision.models import Problem


def _due_in_march(cast, linked, village, *, on_time: bool):
    tom = linked["tom"]
    person, _new = Person.objects.get_or_create(
        village=village, name="责任人", gender="male", birth_date=date(1970, 1, 1)
    )
    p = services.problem_raise(actor=tom, village=village, title="问题", severity="general")
    p = services.problem_order(
        actor=tom, problem=p, responsible=person, deadline=date(2026, 3, 10),
        today=date(2026, 3, 1),
    )  # fmt: skip
    clerk = cast["vic"] if village.code.endswith("1001") else cast["vera"]
    submitted_on = date(2026, 3, 9) if on_time else date(2026, 3, 12)
    p = services.problem_submit(
        actor=clerk, problem=p, rectification="done", note="photo", today=submitted_on
    )
    p = services.problem_verify(actor=linked["cora"], problem=p, record="ok")
    return services.problem_close(actor=tom, problem=p, today=date(2026, 3, 20))


def test_the_month_bounds_are_calendar_months():
    assert review.month_bounds("2026-02") == (date(2026, 2, 1), date(2026, 2, 28))
    assert review.month_bounds("2026-12") == (date(2026, 12, 1), date(2026, 12, 31))


def test_villages_are_ranked_by_closure_on_time(cast, linked, county, village_a1, village_a2):
    _due_in_march(cast, linked, village_a1, on_time=True)
    _due_in_march(cast, linked, village_a2, on_time=True)
    _due_in_march(cast, linked, village_a2, on_time=False)
    data = review.monthly(cast["alice"], county, "2026-03")
    ranks = {row.unit.code: (row.rank, f.on_time, f.overdue) for row, f in data["villages"]}
    assert ranks[village_a1.code] == (1, 1, 0)
    assert ranks[village_a2.code] == (2, 1, 1)
    assert [row.rank for row, _f in data["towns"] if row.unit.code == "990100001000"] == [1]


def test_equal_shares_tie(cast, linked, county, village_a1, village_a2):
    _due_in_march(cast, linked, village_a1, on_time=True)
    _due_in_march(cast, linked, village_a2, on_time=True)
    data = review.monthly(cast["alice"], county, "2026-03")
    assert [row.rank for row, _f in data["villages"] if row.rank] == [1, 1]


def test_the_review_page_and_its_bulletin(client, cast, linked, village_a1):
    _due_in_march(cast, linked, village_a1, on_time=False)
    client.force_login(cast["tom"])
    page = client.get("/staff/supervision/monthly/?month=2026-03", HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = page.content.decode()
    assert page.status_code == 200 and "月点评" in html and village_a1.name in html
    pdf = client.get("/staff/supervision/monthly/?month=2026-03&format=pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_the_weekly_digest_counts_the_scope(client, cast, ordered):
    data = review.weekly(cast["tom"], date(2026, 3, 12))
    assert data["counts"]["open"] == 1
    assert [p.pk for p in data["upcoming"]] == [ordered.pk]  # due 17 March
    assert review.weekly(cast["tina"], date(2026, 3, 12))["counts"]["open"] == 0
    client.force_login(cast["tom"])
    page = client.get("/staff/supervision/weekly/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "周调度" in page.content.decode()
    assert Problem.objects.count() == 1
