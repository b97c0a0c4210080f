"""Working days from the official calendar (disclosure.md K6; Civil Code Art. 203)."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openvillage.core.errors import InvalidInput
from openvillage.core.workdays import (
    HOLIDAY,
    WORKDAY,
    CalendarRow,
    DueDate,
    WorkingCalendar,
    calendar_from_chinese_calendar,
    chinese_calendar_years,
    due_main,
    from_rows,
    serialize,
)

OFFICIAL = calendar_from_chinese_calendar()
NO_DATA = WorkingCalendar()  # every year falls back to Monday to Friday


def test_chinese_calendar_covers_2004_to_at_least_2026() -> None:
    years = chinese_calendar_years()
    assert years.start == 2004
    assert 2026 in years
    assert OFFICIAL.known_years == frozenset(years)


# 2026 National Day in the package: holidays 2026-10-01..10-07 (Thu..Wed), adjusted working
# Saturday 2026-10-10 (and Sunday 2026-09-20 before the Mid-autumn Festival on 09-25..27).
# From Wednesday 2026-09-30 (day of arrival, not counted):
#   10-01..10-07 off; 10-08 Thu = 1; 10-09 Fri = 2; 10-10 Sat (调休) = 3; 10-11 Sun off;
#   10-12 Mon = 4; 10-13 Tue = 5.  Mon–Fri alone would give 2026-10-07 instead.
@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2026, 9, 30), 5, date(2026, 10, 13)),
        (date(2026, 9, 30), 1, date(2026, 10, 8)),
        (date(2026, 9, 30), 3, date(2026, 10, 10)),
        # Friday before Spring Festival 2026: Saturday 02-14 is an adjusted working day.
        (date(2026, 2, 13), 1, date(2026, 2, 14)),
        # Spring Festival 2026-02-15..02-23 off; Tuesday 02-24 is the next working day.
        (date(2026, 2, 14), 1, date(2026, 2, 24)),
        # Adjusted working Saturday 02-28 counts: 02-24, 25, 26, 27, 28.
        (date(2026, 2, 23), 5, date(2026, 2, 28)),
        # Mid-autumn 2026-09-25..27 off; Sunday 09-20 is an adjusted working day.
        (date(2026, 9, 18), 1, date(2026, 9, 20)),
        (date(2026, 9, 24), 1, date(2026, 9, 28)),
        # New Year 2026-01-01..01-03 off, Sunday 01-04 worked.
        (date(2025, 12, 31), 1, date(2026, 1, 4)),
        # An ordinary week: Monday 2026-03-09 + 5 working days = Monday 03-16.
        (date(2026, 3, 9), 5, date(2026, 3, 16)),
        # Arriving on a Saturday: Monday is the first working day.
        (date(2026, 3, 14), 1, date(2026, 3, 16)),
    ],
)
def test_due_dates_follow_the_2026_official_schedule(start: date, n: int, expected: date) -> None:
    due = OFFICIAL.add_working_days(start, n)
    assert due == DueDate(expected, fell_back=False)


def test_a_year_without_data_falls_back_to_monday_to_friday() -> None:
    # 2031-10-01 is a Wednesday; Mon–Fri gives Thu 02, Fri 03, Mon 06, Tue 07, Wed 08.
    due = OFFICIAL.add_working_days(date(2031, 9, 30), 5)
    assert due.date == date(2031, 10, 7)
    assert due.fell_back is True
    assert due.fallback_years == (2031,)


def test_crossing_into_a_year_without_data_falls_back() -> None:
    last = max(chinese_calendar_years())
    due = OFFICIAL.add_working_days(date(last, 12, 30), 5)
    assert due.date.year == last + 1
    assert due.fell_back is True
    assert due.fallback_years == (last + 1,)


def test_a_known_year_does_not_fall_back_even_when_the_start_lies_in_an_unknown_year() -> None:
    # Only the days counted matter: 2003-12-31 + 1 lands in 2004, which is known.
    due = OFFICIAL.add_working_days(date(2003, 12, 31), 1)
    assert due == DueDate(date(2004, 1, 2), fell_back=False)


@pytest.mark.parametrize("n", [0, -1])
def test_zero_or_negative_working_days_is_refused(n: int) -> None:
    with pytest.raises(ValueError):
        OFFICIAL.add_working_days(date(2026, 1, 5), n)
    with pytest.raises(InvalidInput) as caught:
        OFFICIAL.add_working_days(date(2026, 1, 5), n)
    assert caught.value.field == "working_days"


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 10, 1), False),  # National Day
        (date(2026, 10, 10), True),  # adjusted working Saturday
        (date(2026, 10, 11), False),  # ordinary Sunday
        (date(2026, 10, 12), True),  # ordinary Monday
        (date(2026, 1, 3), False),  # New Year holiday on a Saturday
        (date(2031, 10, 1), True),  # no data: a Wednesday works
        (date(2031, 10, 4), False),  # no data: a Saturday rests
    ],
)
def test_is_working_day(day: date, working: bool) -> None:
    assert OFFICIAL.is_working_day(day) is working


def test_roll_forward_moves_a_deadline_off_a_holiday() -> None:
    assert OFFICIAL.roll_forward(date(2026, 10, 3)).date == date(2026, 10, 8)
    assert OFFICIAL.roll_forward(date(2026, 10, 8)).date == date(2026, 10, 8)
    assert OFFICIAL.roll_forward(date(2026, 10, 11)).date == date(2026, 10, 12)


def test_working_days_between_counts_the_end_but_not_the_start() -> None:
    assert OFFICIAL.working_days_between(date(2026, 9, 30), date(2026, 10, 13)) == 5
    assert OFFICIAL.working_days_between(date(2026, 10, 13), date(2026, 9, 30)) == 0
    assert OFFICIAL.working_days_between(date(2026, 10, 1), date(2026, 10, 7)) == 0


def test_only_the_requested_known_years_are_kept() -> None:
    cal = calendar_from_chinese_calendar([2026, 2031])
    assert cal.known_years == frozenset({2026})
    assert all(d.year == 2026 for d in cal.holidays | cal.workdays)


def test_serialize_and_from_rows_round_trip() -> None:
    cal = calendar_from_chinese_calendar([2025, 2026])
    rows = serialize(cal)
    assert CalendarRow(date(2026, 10, 1), HOLIDAY, "National Day") in rows
    assert CalendarRow(date(2026, 2, 14), WORKDAY, "Spring Festival") in rows
    assert rows == sorted(rows)
    rebuilt = from_rows(rows)
    assert rebuilt == cal
    assert from_rows([(r.date, r.kind) for r in rows]) == cal


def test_from_rows_refuses_an_unknown_kind_naming_the_row() -> None:
    with pytest.raises(InvalidInput) as caught:
        from_rows([(date(2026, 10, 1), HOLIDAY), (date(2026, 10, 10), "weekend")])
    assert caught.value.field == "kind"
    assert caught.value.params["row"] == 2


def test_a_day_cannot_be_both_holiday_and_workday() -> None:
    with pytest.raises(InvalidInput):
        from_rows([(date(2026, 10, 1), HOLIDAY), (date(2026, 10, 1), WORKDAY)])


def test_rows_outside_the_known_years_are_refused() -> None:
    with pytest.raises(InvalidInput):
        from_rows([(date(2026, 10, 1), HOLIDAY)], known_years=[2025])


# --- properties ---------------------------------------------------------------------------

starts = st.dates(min_value=date(2003, 1, 1), max_value=date(2033, 12, 31))
counts = st.integers(min_value=1, max_value=60)
calendars = st.sampled_from([OFFICIAL, NO_DATA])


@given(calendars, starts, counts)
def test_the_result_is_a_working_day_strictly_after_the_start(
    cal: WorkingCalendar, start: date, n: int
) -> None:
    due = cal.add_working_days(start, n)
    assert due.date > start
    assert cal.is_working_day(due.date)


@given(calendars, starts, counts)
def test_exactly_n_working_days_lie_between_start_and_result(
    cal: WorkingCalendar, start: date, n: int
) -> None:
    due = cal.add_working_days(start, n)
    assert cal.working_days_between(start, due.date) == n
    assert cal.working_days_between(start, due.date - timedelta(days=1)) == n - 1


@given(calendars, starts, counts)
def test_the_result_grows_strictly_with_n(cal: WorkingCalendar, start: date, n: int) -> None:
    assert cal.add_working_days(start, n).date < cal.add_working_days(start, n + 1).date


@given(starts, counts)
def test_fell_back_exactly_when_a_counted_day_lies_in_a_year_without_data(
    start: date, n: int
) -> None:
    due = OFFICIAL.add_working_days(start, n)
    crossed = set(range((start + timedelta(days=1)).year, due.date.year + 1))
    assert due.fell_back == bool(crossed - OFFICIAL.known_years)


@given(st.dates(min_value=date(2004, 1, 1), max_value=date(2026, 12, 31)))
def test_agrees_with_chinese_calendar_is_workday(day: date) -> None:
    import chinese_calendar

    assert OFFICIAL.is_working_day(day) == chinese_calendar.is_workday(day)


# --- CLI core -----------------------------------------------------------------------------


def run(argv: list[str], calendar: WorkingCalendar | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = due_main(argv, out, err, calendar=calendar)
    return code, out.getvalue(), err.getvalue()


def test_cli_prints_the_due_date() -> None:
    assert run(["--start", "2026-09-30", "--working-days", "5"]) == (0, "2026-10-13\n", "")


def test_cli_uses_the_calendar_it_is_given() -> None:
    code, out, err = run(["--start", "2026-09-30", "--working-days", "5"], calendar=NO_DATA)
    assert (code, out) == (0, "2026-10-07\n")
    assert "2026" in err


def test_cli_warns_on_stderr_when_it_falls_back() -> None:
    code, out, err = run(["--start", "2031-09-30", "--working-days", "5"])
    assert (code, out) == (0, "2031-10-07\n")
    assert err.startswith("Warning:") and "2031" in err


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--start", "2026-09-30"],
        ["--start", "2026-13-01", "--working-days", "5"],
        ["--start", "30/09/2026", "--working-days", "5"],
        ["--start", "2026-09-30", "--working-days", "0"],
        ["--start", "2026-09-30", "--working-days", "-3"],
        ["--start", "2026-09-30", "--working-days", "five"],
        ["--start", "2026-09-30", "--working-days", "5", "--extra"],
    ],
)
def test_cli_refuses_a_bad_argument_with_exit_code_2(argv: list[str]) -> None:
    code, out, err = run(argv)
    assert code == 2
    assert out == ""
    assert "error" in err
