"""The official working-day calendar in the database (issue 5 item 4; disclosure.md K6)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from openvillage.core import calendar
from openvillage.core.calendar import ScheduleInvalid, calendar_load_year, parse_schedule
from openvillage.core.clock import local_today
from openvillage.core.errors import InvalidInput, NotAllowed
from openvillage.core.models import AuditEntry, CalendarDay, CalendarYear
from openvillage.core.workdays import HOLIDAY, WORKDAY, CalendarRow

# Invented schedule for 2027 (the package has no 2027 data): National Day 10-01..10-07 off,
# Saturday 10-09 worked, and New Year's Day.
SCHEDULE_2027 = """\
# invented test data
2027-01-01 holiday New Year's Day
2027-10-01 holiday National Day
2027-10-04 holiday National Day
2027-10-05 holiday National Day
2027-10-06 holiday National Day
2027-10-07 holiday National Day
2027-10-09 workday National Day
"""


@pytest.fixture
def official(db):
    """The seeded calendar (a transactional test elsewhere may have flushed the tables)."""
    calendar.calendar_seed_from_package()
    calendar.invalidate()
    yield
    calendar.invalidate()


def due(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    with translation.override("en"):
        call_command("calendar", "due", *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue()


def test_the_migration_seeded_every_year_the_package_knows(official):
    years = set(CalendarYear.objects.values_list("year", flat=True))
    assert set(range(2004, 2027)) <= years
    assert CalendarDay.objects.get(date=date(2026, 2, 14)).kind == WORKDAY
    assert CalendarDay.objects.get(date=date(2026, 10, 1)).kind == HOLIDAY


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # National Day 10-01..07 off, Saturday 10-10 worked: 10-08, 09, 10, 12, 13.
        (date(2026, 9, 30), 5, date(2026, 10, 13)),
        # Saturday 2026-02-14 is the adjusted working day before the Spring Festival.
        (date(2026, 2, 13), 1, date(2026, 2, 14)),
        (date(2026, 2, 14), 1, date(2026, 2, 24)),
    ],
)
def test_the_database_calendar_counts_official_holidays_and_adjusted_working_days(
    official, start, n, expected
):
    result = calendar.add_working_days(start, n)
    assert result.date == expected
    assert not result.fell_back


def test_the_command_prints_the_due_date_from_the_database_calendar(official):
    out, err = due("--start", "2026-09-30", "--working-days", "5")
    assert out == "2026-10-13"
    assert err == ""


def test_a_year_without_data_falls_back_to_monday_to_friday_with_a_warning(official):
    # Monday 2031-03-03, Tuesday 03-04, Wednesday 03-05.
    out, err = due("--start", "2031-03-02", "--working-days", "3")
    assert out == "2031-03-05"
    assert "Warning" in err and "2031" in err


def test_a_bad_argument_exits_2_with_the_usage(official):
    with pytest.raises(CommandError) as raised:
        due("--start", "2031-02-30", "--working-days", "3")
    assert raised.value.returncode == 2


def test_loading_a_new_year_changes_the_answer(official, cast):
    before = calendar.add_working_days(date(2027, 9, 30), 5)
    assert before.fell_back and before.date == date(2027, 10, 7)
    rows = parse_schedule(SCHEDULE_2027, 2027)
    calendar_load_year(actor=cast["alice"], year=2027, rows=rows, note="invented")
    after = calendar.add_working_days(date(2027, 9, 30), 5)
    # 10-01..07 off; 10-08 Fri = 1; 10-09 Sat (worked) = 2; 10-11, 12, 13 = 3, 4, 5.
    assert after.date == date(2027, 10, 13) and not after.fell_back
    out, err = due("--start", "2027-09-30", "--working-days", "5")
    assert (out, err) == ("2027-10-13", "")
    entry = AuditEntry.objects.get(action="core.calendar.load_year")
    assert entry.actor == cast["alice"] and entry.changes["days"] == [None, 7]


def test_loading_a_year_again_replaces_its_days(official, cast):
    calendar_load_year(actor=cast["alice"], year=2027, rows=parse_schedule(SCHEDULE_2027, 2027))
    calendar_load_year(
        actor=cast["alice"],
        year=2027,
        rows=[CalendarRow(date(2027, 1, 1), HOLIDAY, "New Year's Day")],
    )
    assert CalendarDay.objects.filter(date__year=2027).count() == 1
    assert calendar.add_working_days(date(2027, 9, 30), 1).date == date(2027, 10, 1)


def test_another_process_sees_a_loaded_year_through_the_stamp(official, cast):
    calendar.working_calendar()
    CalendarYear.objects.create(year=2030, source="official_notice")
    CalendarDay.objects.create(date=date(2030, 1, 1), kind=HOLIDAY, name="New Year's Day")
    # No invalidate() here: the count of years changed, so the cache is rebuilt.
    assert calendar.working_calendar().has_data_for(2030)
    assert not calendar.working_calendar().is_working_day(date(2030, 1, 1))


def test_every_bad_line_is_named():
    text = (
        "2027-01-01 holiday New Year\n2027-13-01 holiday X\n\n2027-05-03 workday Labour\nnonsense"
    )
    with pytest.raises(ScheduleInvalid) as raised:
        parse_schedule(text + "\n2026-05-01 holiday Labour\n2027-01-01 holiday Again", 2027)
    with translation.override("en"):
        messages = [p.translated() for p in raised.value.problems]
    assert messages == [
        "Line 2: 2027-13-01 is not a date in the form YYYY-MM-DD.",
        "Line 4: 2027-05-03 is a weekday; an adjusted working day is a Saturday or a Sunday.",
        "Line 5: write a date, then holiday or workday, then the name "
        "(e.g. 2027-10-01 holiday National Day).",
        "Line 6: 2026-05-01 is not in 2027.",
        "Line 7: 2027-01-01 is listed twice.",
    ]


def test_a_schedule_without_any_day_off_is_refused():
    with pytest.raises(InvalidInput):
        parse_schedule("2027-10-09 workday National Day", 2027)


@pytest.mark.parametrize("name", ["cora", "tom", "vic", "sam"])
def test_only_the_county_administrator_may_load_a_year(official, cast, name):
    rows = parse_schedule(SCHEDULE_2027, 2027)
    with pytest.raises(NotAllowed):
        calendar_load_year(actor=cast[name], year=2027, rows=rows)
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_a_superuser_may_load_a_year(official, superuser):
    calendar_load_year(actor=superuser, year=2027, rows=parse_schedule(SCHEDULE_2027, 2027))
    assert CalendarYear.objects.get(year=2027).source == "official_notice"


# --- the staff page --------------------------------------------------------------------------


def test_the_calendar_page_is_for_the_county_administrator_only(official, cast, client):
    client.force_login(cast["vic"])
    assert client.get("/staff/calendar/").status_code == 403
    assert (
        client.post("/staff/calendar/", {"year": 2027, "schedule": SCHEDULE_2027}).status_code
        == 403
    )
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_the_page_warns_about_next_year_and_loads_a_pasted_schedule(official, cast, client):
    client.force_login(cast["alice"])
    with translation.override("en"):
        page = client.get("/staff/calendar/", HTTP_ACCEPT_LANGUAGE="en")
    next_year = calendar.years_without_data(local_today())
    assert page.status_code == 200
    for year in next_year:
        assert f"No official holiday schedule is loaded for {year}" in page.content.decode()
    response = client.post(
        "/staff/calendar/",
        {"year": 2027, "schedule": SCHEDULE_2027, "note": "invented"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302
    assert CalendarDay.objects.filter(date__year=2027).count() == 7
    assert "2027-10-09" in client.get("/staff/calendar/?year=2027").content.decode()


def test_the_page_names_every_bad_line_and_loads_nothing(official, cast, client):
    client.force_login(cast["alice"])
    response = client.post(
        "/staff/calendar/",
        {"year": 2027, "schedule": "2027-01-01 holiday New Year\n2027-02-30 holiday X\nfoo"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    body = response.content.decode()
    assert response.status_code == 422
    assert "Line 2: 2027-02-30 is not a date" in body and "Line 3:" in body
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_the_page_accepts_an_uploaded_file(official, cast, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(cast["alice"])
    upload = SimpleUploadedFile("2027.txt", SCHEDULE_2027.encode("utf-8-sig"))
    response = client.post("/staff/calendar/", {"year": 2027, "upload": upload})
    assert response.status_code == 302
    assert CalendarYear.objects.filter(year=2027).exists()


# --- the real command --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def migrated_data_dir(tmp_path_factory):
    data = tmp_path_factory.mktemp("ov-cal")
    env = {
        **os.environ,
        "DATA_DIR": str(data),
        "DATABASE_URL": f"sqlite:///{data}/cal.sqlite3",
        "DJANGO_SETTINGS_MODULE": "openvillage.settings",
    }
    migrate = [sys.executable, "-m", "openvillage.cli", "migrate", "-v0"]
    subprocess.run(migrate, env=env, check=True, timeout=300, capture_output=True)
    return env


def test_the_openvillage_command_warns_on_standard_error_when_it_falls_back(migrated_data_dir):
    command = [sys.executable, "-m", "openvillage.cli", "calendar", "due"]
    args = ["--start", "2031-03-02", "--working-days", "3"]
    result = subprocess.run(
        command + args, env=migrated_data_dir, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "2031-03-05"
    assert "2031" in result.stderr
    official = subprocess.run(
        command + ["--start", "2026-09-30", "--working-days", "5"],
        env=migrated_data_dir,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (official.stdout.strip(), official.stderr) == ("2026-10-13", "")


def test_a_clerk_writes_the_kind_of_a_day_in_chinese(db):
    from openvillage.core.calendar import parse_schedule

    rows = parse_schedule("2027-10-01 放假 国庆节\n2027-09-26 上班 国庆节调休", 2027)
    assert [(str(r.date), r.kind) for r in rows] == [
        ("2027-10-01", "holiday"),
        ("2027-09-26", "workday"),
    ]
