"""A screening proposes branches with their triggers; the county identifies one, its
rectification is followed and it is delisted (supervision.md §6). Never a label by the machine."""

from datetime import date

import pytest

from openvillage.assessment import selectors, services
from openvillage.assessment.models import Grade, OrgLifeKind, WeakCandidate, WeakState
from openvillage.assessment.rules import orglife
from openvillage.core.errors import NotAllowed, WrongState
from openvillage.org.models import Person, Term


def _full_year_of_meetings(actor, org):
    for kind, per_year in orglife.PER_YEAR.items():
        for n in range(per_year):
            services.org_life_record(
                actor=actor, organization=org, kind=kind,
                held_on=date(2026, 1 + n * 12 // per_year, 5), topic="学习", expected=0,
            )  # fmt: skip


def test_the_screening_proposes_with_what_triggered_it_and_the_county_decides(
    cast, town_a, branches, village_a1, village_a2
):
    _full_year_of_meetings(cast["vic"], branches[village_a1.code])
    # A2 held three of its four members' meetings, and everything else.
    _full_year_of_meetings(cast["vera"], branches[village_a2.code])
    WeakCandidate.objects.none()
    from openvillage.assessment.models import OrgLifeMeeting

    OrgLifeMeeting.objects.filter(village=village_a2, kind=OrgLifeKind.MEMBERS_MEETING).order_by(
        "-held_on"
    ).first().delete()
    found = services.weak_screen(
        actor=cast["tom"], unit=town_a, year=2026, today=date(2026, 12, 31)
    )
    assert [(c.village_id, c.triggers) for c in found] == [(village_a2.pk, ["W2"])]
    candidate = found[0]
    assert candidate.details["W2"] == {"members_meeting": [3, 4]}
    assert candidate.state == WeakState.CANDIDATE  # proposed, not labelled

    with pytest.raises(NotAllowed, match="county"):
        services.weak_decide(actor=cast["tom"], candidate=candidate, identify=True, note="研判")
    services.weak_decide(
        actor=cast["alice"], candidate=candidate, identify=True, note="县委研判认定"
    )
    with pytest.raises(WrongState):
        services.weak_follow_up(
            actor=cast["tom"], candidate=candidate, on=date(2027, 2, 1), note="x"
        )
    services.weak_plan(
        actor=cast["tom"], candidate=candidate, plan="配齐支部书记，按月开展组织生活",
        rectify_by=date(2028, 2, 1),
    )  # fmt: skip
    with pytest.raises(WrongState, match="follow-up"):
        services.weak_delist(actor=cast["alice"], candidate=candidate, today=date(2027, 6, 1))
    services.weak_follow_up(
        actor=cast["tom"], candidate=candidate, on=date(2027, 5, 1), note="已按月开展"
    )
    services.weak_delist(actor=cast["alice"], candidate=candidate, today=date(2027, 6, 1))
    candidate.refresh_from_db()
    assert (candidate.state, candidate.delisted_on) == (WeakState.DELISTED, date(2027, 6, 1))


def test_a_vacant_secretary_post_with_stalled_work_is_w1_the_day_after_three_months(
    cast, town_a, branches, village_a1, members
):
    Term.objects.create(
        village=village_a1, person=members[0], body="party_branch", post="secretary",
        started_on=date(2021, 1, 1), ended_on=date(2026, 6, 30), end_reason="resigned",
    )  # fmt: skip
    on_the_day = dict(
        (o.unit_id, t) for o, t, _ in services.screening(town_a, 2026, date(2026, 9, 30))
    )
    day_after = dict(
        (o.unit_id, t) for o, t, _ in services.screening(town_a, 2026, date(2026, 10, 1))
    )
    assert "W1" not in on_the_day[village_a1.pk]
    assert "W1" in day_after[village_a1.pk]


def test_the_review_meeting_may_propose_what_the_triggers_did_not(cast, branches, village_a1):
    org = branches[village_a1.code]
    candidate = services.weak_propose(
        actor=cast["alice"], organization=org, year=2026, reason="信访集中"
    )
    assert candidate.proposed_by == "review_meeting"
    with pytest.raises(WrongState):
        services.weak_propose(actor=cast["alice"], organization=org, year=2026, reason="again")


def test_incompetent_twice_in_a_row_is_flagged(cast, village_a1, members):
    person = members[0]
    services.appraisal_record(
        actor=cast["tom"], person=person, year=2025, grade=Grade.INCOMPETENT,
        appraised_on=date(2025, 12, 20),
    )  # fmt: skip
    assert selectors.incompetent_twice(cast["tom"], 2025) == []
    services.appraisal_record(
        actor=cast["tom"], person=person, year=2026, grade=Grade.INCOMPETENT,
        appraised_on=date(2026, 12, 20),
    )  # fmt: skip
    assert [a.person_id for a in selectors.incompetent_twice(cast["tom"], 2026)] == [person.pk]
    assert selectors.incompetent_twice(cast["tina"], 2026) == []  # another town sees nothing
    with pytest.raises(WrongState):
        services.appraisal_record(
            actor=cast["tom"], person=person, year=2026, grade=Grade.COMPETENT,
            appraised_on=date(2026, 12, 21),
        )  # fmt: skip


def test_members_points_come_from_attendance(cast, town_a, branches, village_a1, members):
    org = branches[village_a1.code]
    for n in range(5):
        services.org_life_record(
            actor=cast["vic"], organization=org, kind=OrgLifeKind.PARTY_LESSON,
            held_on=date(2026, 2 + n, 1), topic="党课", expected=3,
            attendees=members[:2] if n < 4 else members[:1],
        )  # fmt: skip
    cycle = services.cycle_open(
        actor=cast["tom"], unit=town_a, name="党员积分", scheme_code="member_points",
        starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31),
    )  # fmt: skip
    services.cycle_collect(actor=cast["tom"], cycle=cycle)
    services.cycle_score(actor=cast["tom"], cycle=cycle)
    scores = {r.person_id: (r.score, r.items) for r in cycle.ratings.all()}
    first, second, third = (scores[m.pk] for m in members)
    assert first[1]["three_meetings_one_lesson"] == 12  # 5 x 3 capped at 12
    assert first[0] == 60 + 12
    assert second[1]["meeting_absent"] == -2  # missed one of five
    assert second[0] == 60 + 12 - 2
    assert third[0] == 60 - 10  # five absences, no cap
    assert Person.objects.filter(pk__in=scores).count() == 3


@pytest.mark.parametrize(
    "share, identified, villages, short",
    [(0, 0, 300, 0), (10, 0, 300, 30), (10, 29, 300, 1), (10, 30, 300, 0), (10, 0, 301, 31)],
)
def test_the_minimum_share_rounds_up_to_whole_villages(share, identified, villages, short):
    from openvillage.assessment.rules.schemes import ScreeningSpec

    spec = ScreeningSpec(quota_min_share=share)
    assert spec.short_of(identified, villages) == short


@pytest.mark.parametrize(
    "satisfied, respondents, w6", [(5, 10, True), (6, 10, False), (0, 0, False)]
)
def test_w6_from_villagers_ratings_of_the_replies(
    monkeypatch, town_a, branches, village_a1, satisfied, respondents, w6
):
    from openvillage.assessment import facts

    monkeypatch.setattr(
        facts, "satisfaction", lambda ids, start, end: {village_a1.pk: (satisfied, respondents)}
    )
    found = {o.unit_id: (t, d) for o, t, d in services.screening(town_a, 2026, date(2026, 12, 31))}
    triggers, details = found[village_a1.pk]
    assert ("W6" in triggers) is w6
    if w6:
        assert details["W6"] == {"satisfied": satisfied, "respondents": respondents}


def test_the_satisfaction_fact_reads_one_grouped_query(
    town_a, village_a1, django_assert_num_queries
):
    from openvillage.assessment import facts

    with django_assert_num_queries(1):
        assert facts.satisfaction([village_a1.pk], date(2026, 1, 1), date(2026, 12, 31)) == {}
