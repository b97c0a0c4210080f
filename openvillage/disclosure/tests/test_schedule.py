"""Disclosure deadlines, status and timeliness (disclosure.md §3 K1–K7)."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openvillage.core.errors import InvalidInput
from openvillage.core.workdays import WorkingCalendar, calendar_from_chinese_calendar
from openvillage.disclosure.rules.catalogue import (
    Cadence,
    DeadlineKind,
    DeadlineRule,
    Matter,
    Obligation,
    default_catalogue,
)
from openvillage.disclosure.rules.schedule import (
    Due,
    Timeliness,
    calendar_deadline,
    catalogue_due,
    due_periods,
    escalates,
    event_due,
    period_containing,
    period_label,
    status,
    timeliness,
)

OFFICIAL = calendar_from_chinese_calendar()  # official data up to 2026
AWD = OFFICIAL.add_working_days
CATALOGUE = default_catalogue()
MONTHLY_FINANCE = CATALOGUE.matter("monthly_finance")
PARTY_DUES = CATALOGUE.matter("party_dues_and_activities")  # quarterly, K1


def day_rule(day: int, months_after: int) -> DeadlineRule:
    return DeadlineRule(DeadlineKind.DAY_OF_MONTH, day=day, months_after_period=months_after)


LAST = 31  # ``day: last`` in YAML


@pytest.mark.parametrize(
    ("period_end", "rule", "deadline"),
    [
        (date(2025, 12, 31), day_rule(15, 1), date(2026, 1, 15)),  # K2, December -> January
        (date(2026, 1, 31), day_rule(15, 1), date(2026, 2, 15)),  # K2 (before K6)
        (date(2025, 12, 31), day_rule(20, 1), date(2026, 1, 20)),  # K1, Q4 2025 -> 2026-01-20
        (date(2026, 3, 31), day_rule(20, 1), date(2026, 4, 20)),  # K1, Q1
        (date(2026, 9, 30), day_rule(20, 1), date(2026, 10, 20)),  # K1, Q3
        (date(2025, 12, 31), day_rule(20, 12), date(2026, 12, 20)),  # a year later
        (date(2028, 1, 31), day_rule(LAST, 1), date(2028, 2, 29)),  # leap year
        (date(2027, 1, 31), day_rule(LAST, 1), date(2027, 2, 28)),
        (date(2100, 1, 31), day_rule(LAST, 1), date(2100, 2, 28)),  # century, not leap
        (date(2000, 1, 31), day_rule(LAST, 1), date(2000, 2, 29)),  # 400 years, leap
        (date(2026, 3, 31), day_rule(31, 1), date(2026, 4, 30)),  # 30-day month
        (date(2026, 4, 30), day_rule(31, 0), date(2026, 4, 30)),  # end of the period itself
        (date(2027, 12, 31), day_rule(LAST, 2), date(2028, 2, 29)),  # Q4 -> February, leap
        (date(2026, 6, 30), day_rule(30, 2), date(2026, 8, 30)),
    ],
)
def test_calendar_deadlines(period_end: date, rule: DeadlineRule, deadline: date) -> None:
    assert calendar_deadline(rule, period_end) == deadline


@pytest.mark.parametrize(
    ("cadence", "day", "period", "label"),
    [
        (Cadence.MONTHLY, date(2028, 2, 10), (date(2028, 2, 1), date(2028, 2, 29)), "2028-02"),
        (Cadence.MONTHLY, date(2027, 2, 10), (date(2027, 2, 1), date(2027, 2, 28)), "2027-02"),
        (Cadence.QUARTERLY, date(2026, 5, 17), (date(2026, 4, 1), date(2026, 6, 30)), "2026-Q2"),
        (Cadence.QUARTERLY, date(2025, 12, 31), (date(2025, 10, 1), date(2025, 12, 31)), "2025-Q4"),
        (Cadence.YEARLY, date(2028, 2, 29), (date(2028, 1, 1), date(2028, 12, 31)), "2028"),
    ],
)
def test_periods_and_labels(
    cadence: Cadence, day: date, period: tuple[date, date], label: str
) -> None:
    assert period_containing(cadence, day) == period
    assert period_label(cadence, period[0]) == label


def test_monthly_finance_in_2026_with_k6_applied() -> None:
    # K2: the 15th of the next month; K6 moves Sundays and holidays to the next working day:
    # 02-15 is Spring Festival (off until 02-23), 03-15, 08-15 and 11-15 are weekend days.
    dues = due_periods(MONTHLY_FINANCE, date(2026, 1, 1), date(2026, 12, 31), add_working_days=AWD)
    assert [(d.label, d.deadline) for d in dues] == [
        ("2025-12", date(2026, 1, 15)),
        ("2026-01", date(2026, 2, 24)),
        ("2026-02", date(2026, 3, 16)),
        ("2026-03", date(2026, 4, 15)),
        ("2026-04", date(2026, 5, 15)),
        ("2026-05", date(2026, 6, 15)),
        ("2026-06", date(2026, 7, 15)),
        ("2026-07", date(2026, 8, 17)),
        ("2026-08", date(2026, 9, 15)),
        ("2026-09", date(2026, 10, 15)),
        ("2026-10", date(2026, 11, 16)),
        ("2026-11", date(2026, 12, 15)),
    ]
    assert dues[1].period_start == date(2026, 1, 1) and dues[1].period_end == date(2026, 1, 31)
    assert not any(d.fell_back for d in dues)


def test_quarterly_items_are_due_on_the_20th_of_the_next_quarters_first_month() -> None:
    dues = due_periods(PARTY_DUES, date(2026, 1, 1), date(2026, 12, 31), add_working_days=AWD)
    assert [(d.label, d.deadline) for d in dues] == [
        ("2025-Q4", date(2026, 1, 20)),  # K1's worked example
        ("2026-Q1", date(2026, 4, 20)),
        ("2026-Q2", date(2026, 7, 20)),
        ("2026-Q3", date(2026, 10, 20)),
    ]


def test_the_range_holds_deadlines_after_k6() -> None:
    # January 2026 finance: 02-15 moved to 02-24.
    within = due_periods(
        MONTHLY_FINANCE, date(2026, 2, 16), date(2026, 2, 24), add_working_days=AWD
    )
    assert [d.label for d in within] == ["2026-01"]
    before = due_periods(
        MONTHLY_FINANCE, date(2026, 2, 15), date(2026, 2, 23), add_working_days=AWD
    )
    assert before == []


def test_a_deadline_in_a_year_without_data_is_flagged() -> None:
    dues = due_periods(MONTHLY_FINANCE, date(2027, 1, 1), date(2027, 1, 31), add_working_days=AWD)
    assert [(d.label, d.deadline, d.fell_back) for d in dues] == [
        ("2026-12", date(2027, 1, 15), True)  # a Friday
    ]


def test_matters_without_periodic_obligations_have_no_periods() -> None:
    project = CATALOGUE.matter("project")
    assert due_periods(project, date(2026, 1, 1), date(2026, 12, 31), add_working_days=AWD) == []


def test_a_reversed_range_is_refused() -> None:
    with pytest.raises(InvalidInput):
        due_periods(MONTHLY_FINANCE, date(2026, 2, 1), date(2026, 1, 1), add_working_days=AWD)


def test_the_whole_catalogue_for_january_2026() -> None:
    dues = catalogue_due(CATALOGUE, date(2026, 1, 1), date(2026, 1, 31), add_working_days=AWD)
    assert [(d.matter, d.label) for d in dues] == [
        ("monthly_finance", "2025-12"),
        ("asset_resource_register", "2025"),
        ("contracts", "2025-Q4"),
        ("land_and_homestead", "2025-Q4"),
        ("party_dues_and_activities", "2025-Q4"),
        ("party_organization_duties", "2025"),
        ("subsidies_and_relief", "2025-Q4"),
        ("supervision_results", "2025"),
        ("work_loss_subsidy", "2025"),
    ]
    assert {d.deadline for d in dues[1:]} == {date(2026, 1, 20)}


AFTER_APPROVAL = replace(
    CATALOGUE.matter("service_guide"),
    code="homestead_approval",
    schedule=(
        Obligation(
            Cadence.AFTER_APPROVAL,
            DeadlineRule(DeadlineKind.CALENDAR_DAYS, days=5),
            event="approval",
        ),
    ),
)


@pytest.mark.parametrize(
    ("matter", "event", "event_date", "deadline"),
    [
        # Contract signed Mon 09-28 + 5 days = Sat 10-03, National Day -> Thu 10-08 (K6).
        ("contracts", "signing", date(2026, 9, 28), date(2026, 10, 8)),
        # Mon 03-02 + 5 = Sat 03-07 -> Mon 03-09.
        ("contracts", "signing", date(2026, 3, 2), date(2026, 3, 9)),
        # K3: 3 working days after Wed 09-30: Thu 10-08, Fri 10-09, Sat 10-10 (adjusted).
        ("land_and_homestead", "case", date(2026, 9, 30), date(2026, 10, 10)),
        ("land_and_homestead", None, date(2026, 9, 30), date(2026, 10, 10)),
        # Publicity before payment: 5 days before, never moved.
        ("income_distribution", "payment", date(2026, 10, 20), date(2026, 10, 15)),
        ("income_distribution", None, date(2026, 10, 6), date(2026, 10, 1)),
        # Resolution Wed 04-01 + 5 = Mon 04-06, Qingming holiday -> Tue 04-07.
        ("major_decision", "resolution", date(2026, 4, 1), date(2026, 4, 7)),
        # Completion + 10 = Sat 04-11 -> Mon 04-13.
        ("major_decision", "completion", date(2026, 4, 1), date(2026, 4, 13)),
        ("village_procurement", "purchase", date(2026, 5, 20), date(2026, 5, 19)),
        ("asset_resource_register", "change", date(2026, 5, 11), date(2026, 5, 18)),
    ],
)
def test_event_deadlines(matter: str, event: str | None, event_date: date, deadline: date) -> None:
    due = event_due(CATALOGUE.matter(matter), event_date, add_working_days=AWD, event=event)
    assert due.deadline == deadline
    assert due.period_start == due.period_end == event_date
    assert not due.fell_back


def test_after_approval_is_5_calendar_days_moved_off_holidays() -> None:
    # K4: approval Mon 06-15 + 5 = Sat 06-20, Dragon Boat holiday (06-19..21) -> Mon 06-22.
    due = event_due(AFTER_APPROVAL, date(2026, 6, 15), add_working_days=AWD)
    assert (due.deadline, due.event, due.label) == (
        date(2026, 6, 22),
        "approval",
        "approval 2026-06-15",
    )


def test_an_event_deadline_beyond_the_official_data_falls_back() -> None:
    supervision = CATALOGUE.matter("supervision_results")
    due = event_due(supervision, date(2026, 12, 31), add_working_days=AWD)
    # 2027 unknown: Mon–Fri, so Fri 01-01, Mon 01-04, Tue 01-05.
    assert (due.deadline, due.fell_back) == (date(2027, 1, 5), True)


def test_an_ambiguous_or_unknown_event_is_refused() -> None:
    procurement = CATALOGUE.matter("village_procurement")
    with pytest.raises(InvalidInput):
        event_due(procurement, date(2026, 5, 20), add_working_days=AWD)
    with pytest.raises(InvalidInput):
        event_due(procurement, date(2026, 5, 20), add_working_days=AWD, event="signing")
    with pytest.raises(InvalidInput):
        event_due(MONTHLY_FINANCE, date(2026, 5, 20), add_working_days=AWD)


# --- status (K7) ----------------------------------------------------------------------------

Q4 = Due(
    "party_dues_and_activities",
    Cadence.QUARTERLY,
    date(2025, 10, 1),
    date(2025, 12, 31),
    date(2026, 1, 20),
    "2025-Q4",
)


@pytest.mark.parametrize(
    ("published_on", "today", "expected"),
    [
        (date(2026, 1, 20), date(2026, 1, 25), "ok"),  # the deadline day itself is on time
        (date(2026, 1, 21), date(2026, 1, 25), "late"),
        (date(2026, 1, 2), date(2026, 1, 2), "ok"),
        (None, date(2026, 1, 16), "ok"),  # 4 days before
        (None, date(2026, 1, 17), "due_soon"),  # 3 days before
        (None, date(2026, 1, 20), "due_soon"),  # the deadline day
        (None, date(2026, 1, 21), "overdue"),
    ],
)
def test_status_boundaries(published_on: date | None, today: date, expected: str) -> None:
    assert status(Q4, published_on, today) == expected


def test_the_due_soon_window_is_a_parameter() -> None:
    assert status(Q4, None, date(2026, 1, 19), due_soon_days=0) == "ok"
    assert status(Q4, None, date(2026, 1, 20), due_soon_days=0) == "due_soon"
    assert status(Q4, None, date(2026, 1, 10), due_soon_days=10) == "due_soon"


@pytest.mark.parametrize(
    ("published_on", "today", "expected"),
    [
        (None, date(2026, 2, 19), False),  # 30 days overdue
        (None, date(2026, 2, 20), True),  # 31 days
        (date(2026, 2, 25), date(2026, 3, 1), False),  # published, late
    ],
)
def test_escalation_after_30_days_overdue(
    published_on: date | None, today: date, expected: bool
) -> None:
    assert escalates(Q4, published_on, today) is expected


def test_timeliness_counts_only_passed_deadlines() -> None:
    def due(deadline: date) -> Due:
        return replace(Q4, deadline=deadline)

    records = [
        (due(date(2026, 1, 20)), date(2026, 1, 20)),  # on time (the day itself)
        (due(date(2026, 2, 24)), date(2026, 2, 25)),  # late
        (due(date(2026, 3, 16)), None),  # overdue
        (due(date(2026, 4, 15)), None),  # not yet due
        (due(date(2026, 4, 15)), date(2026, 3, 30)),  # published early, not yet counted
        (due(date(2026, 4, 1)), None),  # due today: can still be on time
    ]
    rate = timeliness(records, date(2026, 4, 1))
    assert rate == Timeliness(on_time=1, due=3)
    assert rate.percent_floor() == 33
    assert timeliness([], date(2026, 4, 1)).percent_floor() is None


# --- properties ---------------------------------------------------------------------------

matters = st.sampled_from(CATALOGUE.matters)
starts = st.dates(min_value=date(2005, 1, 1), max_value=date(2026, 6, 30))
spans = st.integers(min_value=0, max_value=400)
calendars = st.sampled_from([OFFICIAL, WorkingCalendar()])


@given(matters, starts, spans, calendars)
def test_periodic_deadlines_lie_in_the_range_on_working_days_after_the_period(
    matter: Matter, start: date, span: int, cal: WorkingCalendar
) -> None:
    end = start + timedelta(days=span)
    dues = due_periods(matter, start, end, add_working_days=cal.add_working_days)
    assert dues == sorted(dues, key=lambda d: (d.deadline, d.period_start, d.cadence.value))
    for due in dues:
        assert start <= due.deadline <= end
        assert cal.is_working_day(due.deadline)
        assert due.deadline > due.period_end
    for cadence in {d.cadence for d in dues}:
        periods = sorted((d.period_start, d.period_end) for d in dues if d.cadence is cadence)
        for (_, prev_end), (next_start, _) in zip(periods, periods[1:], strict=False):
            assert next_start == prev_end + timedelta(days=1)


@given(matters, starts, spans, spans)
def test_splitting_the_range_splits_the_dues(
    matter: Matter, start: date, first: int, second: int
) -> None:
    middle = start + timedelta(days=first)
    end = middle + timedelta(days=second + 1)
    whole = due_periods(matter, start, end, add_working_days=AWD)
    parts = due_periods(matter, start, middle, add_working_days=AWD) + due_periods(
        matter, middle + timedelta(days=1), end, add_working_days=AWD
    )
    assert whole == parts


@given(
    st.integers(min_value=1, max_value=31),
    st.integers(min_value=0, max_value=12),
    st.sampled_from(list(Cadence)[:3]),
    st.dates(min_value=date(1901, 1, 1), max_value=date(2098, 12, 31)),
)
def test_calendar_deadline_is_the_clipped_day_of_the_right_month(
    day: int, months_after: int, cadence: Cadence, inside: date
) -> None:
    _, period_end = period_containing(cadence, inside)
    deadline = calendar_deadline(day_rule(day, months_after), period_end)
    months = (deadline.year * 12 + deadline.month) - (period_end.year * 12 + period_end.month)
    assert months == months_after
    assert deadline.day == day or (deadline.day < day and (deadline + timedelta(days=1)).day == 1)


RANK = {"ok": 0, "due_soon": 1, "overdue": 2}


@given(st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31)), st.integers(0, 30))
def test_unpublished_status_only_worsens_as_days_pass(today: date, window: int) -> None:
    before = status(Q4, None, today, due_soon_days=window)
    after = status(Q4, None, today + timedelta(days=1), due_soon_days=window)
    assert RANK[before] <= RANK[after]


@given(
    st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 1, 20)),
    st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31)),
)
def test_publishing_by_the_deadline_is_ok_whatever_the_day(published: date, today: date) -> None:
    assert status(Q4, published, today) == "ok"


@given(
    st.lists(
        st.tuples(
            st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 12, 31)),
            st.none() | st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 12, 31)),
        ),
        max_size=20,
    ),
    st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 12, 31)),
    st.randoms(use_true_random=False),
)
def test_timeliness_is_bounded_and_order_free(
    pairs: list[tuple[date, date | None]], today: date, rnd: random.Random
) -> None:
    records = [(replace(Q4, deadline=d), p) for d, p in pairs]
    result = timeliness(records, today)
    assert 0 <= result.on_time <= result.due <= len(records)
    shuffled = records[:]
    rnd.shuffle(shuffled)
    assert timeliness(shuffled, today) == result
