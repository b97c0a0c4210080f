"""The timetable from election day (V11, V12, V17, V20, V21, V45) and the age rule (V8)."""

from datetime import date

import pytest

from openvillage.core.errors import InvalidInput
from openvillage.elections.rules import eligibility, timetable

D = date(2026, 6, 15)


def test_national_timetable_for_15_june_2026_follows_v11_v17_v21_v45():
    plan = timetable.timetable_for("national", D)
    assert plan.roll_published_by == date(2026, 5, 26)  # V11: D-20
    assert plan.candidate_list_by == date(2026, 6, 10)  # V17: D-5
    assert plan.proxy_requests_by == date(2026, 6, 12)  # V21: D-3
    assert plan.proxy_list_by == date(2026, 6, 14)  # V20/V21: before D
    assert plan.additional_election_by == date(2026, 7, 15)  # V45: 30 days


@pytest.mark.parametrize(
    ("profile", "requests_by", "list_by", "additional_by"),
    [
        ("zhejiang", date(2026, 6, 12), date(2026, 6, 14), date(2026, 7, 15)),
        ("shanghai", date(2026, 6, 10), date(2026, 6, 13), date(2026, 7, 15)),  # D-5, D-2
        ("beijing", date(2026, 6, 14), date(2026, 6, 14), date(2026, 6, 30)),  # before D, 15 d
    ],
)
def test_province_profiles_move_the_proxy_and_additional_deadlines(
    profile, requests_by, list_by, additional_by
):
    plan = timetable.timetable_for(profile, D)
    assert (plan.proxy_requests_by, plan.proxy_list_by, plan.additional_election_by) == (
        requests_by,
        list_by,
        additional_by,
    )


def test_objections_run_5_days_from_publication_and_are_decided_within_3_v12():
    assert timetable.objections_until("national", date(2026, 5, 20)) == date(2026, 5, 25)
    assert timetable.objection_decision_due("national", date(2026, 5, 25)) == date(2026, 5, 28)


def test_handover_is_due_10_days_after_the_result_v4():
    assert timetable.handover_due("national", date(2026, 6, 16)) == date(2026, 6, 26)


def test_a_roll_not_published_by_d_minus_20_is_late():
    plan = timetable.timetable_for("national", D)
    assert timetable.late_steps(plan, date(2026, 5, 26), {}) == []
    assert timetable.late_steps(plan, date(2026, 5, 27), {}) == ["roll_published"]
    done = {"roll_published": date(2026, 5, 20)}
    assert timetable.late_steps(plan, date(2026, 6, 11), done) == ["candidate_list_published"]


def test_an_unknown_profile_is_refused():
    with pytest.raises(InvalidInput):
        timetable.timetable_for("atlantis", D)


@pytest.mark.parametrize(
    ("born", "eligible"),
    [
        (date(2008, 6, 15), True),  # V8: 18 on election day exactly
        (date(2008, 6, 16), False),  # one day short
        (date(2008, 6, 14), True),
    ],
)
def test_a_voter_is_18_on_election_day_v8(born, eligible):
    assert eligibility.of_age(born, D) is eligible


def test_a_29_february_birth_reaches_18_on_1_march_in_a_non_leap_year_v8():
    assert eligibility.eighteenth_birthday(date(2008, 2, 29)) == date(2026, 3, 1)
    assert not eligibility.of_age(date(2008, 2, 29), date(2026, 2, 28))
    assert eligibility.of_age(date(2008, 2, 29), date(2026, 3, 1))


def test_election_open_stores_the_timetable_of_every_village(vc, general):
    assert vc.roll_published_by == date(2026, 5, 26)
    assert vc.candidate_list_by == date(2026, 6, 10)
    assert vc.proxy_requests_by == date(2026, 6, 12)
    assert general.village_elections.count() == 6  # 3 villages x 2 laws
