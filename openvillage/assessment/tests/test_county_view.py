"""The county's dashboard figures of assessment: levels read from the days the states were
reached, so that a day filled late gives the figure of that day."""

from datetime import date

from openvillage.assessment import services, stats
from openvillage.assessment.models import Rating
from openvillage.core import extensions


def _final_cycle(cast, town_a, branch, *, innovation: bool, on: date):
    cycle = services.cycle_open(
        actor=cast["tom"], unit=town_a, name="2026 年度", scheme_code="organization_five_star",
        starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31),
    )  # fmt: skip
    if innovation:
        services.entry_add(
            actor=cast["tom"], cycle=cycle, organization=branch, item_code="innovation_project",
            count=1, reason="创新项目", evidence="验收书",
        )  # fmt: skip
    services.cycle_score(actor=cast["tom"], cycle=cycle)
    services.cycle_publish(actor=cast["tom"], cycle=cycle, today=date(2027, 1, 5))
    return services.cycle_finalize(actor=cast["tom"], cycle=cycle, today=on)


def test_five_star_branches_count_from_the_day_the_ratings_are_final(
    cast, town_a, branches, village_a1
):
    a1 = branches[village_a1.code]
    cycle = _final_cycle(cast, town_a, a1, innovation=True, on=date(2027, 1, 11))
    assert cycle.finalized_on == date(2027, 1, 11)
    assert stats.five_star(date(2027, 1, 10)) == {}
    assert stats.five_star(date(2027, 1, 11)) == {village_a1.pk: 1}
    rating = Rating.objects.get(cycle=cycle, organization=a1)
    services.rating_demote(actor=cast["tom"], rating=rating, stars=4, reason="班子不健全")
    assert stats.five_star(date(2027, 1, 12)) == {}


def test_a_later_final_cycle_replaces_the_earlier_one(cast, town_a, branches, village_a1):
    a1 = branches[village_a1.code]
    _final_cycle(cast, town_a, a1, innovation=True, on=date(2027, 1, 11))
    _final_cycle(cast, town_a, a1, innovation=False, on=date(2027, 2, 1))
    assert stats.five_star(date(2027, 1, 31)) == {village_a1.pk: 1}
    assert stats.five_star(date(2027, 2, 1)) == {}


def test_weak_organizations_count_from_identification_until_delisting(cast, branches, village_a1):
    candidate = services.weak_propose(
        actor=cast["alice"], organization=branches[village_a1.code], year=2026,
        reason="县委研判会提出",
    )  # fmt: skip
    services.weak_decide(
        actor=cast["alice"], candidate=candidate, identify=True, note="认定",
        today=date(2027, 1, 20),
    )  # fmt: skip
    services.weak_plan(
        actor=cast["tom"], candidate=candidate, plan="配齐班子", rectify_by=date(2027, 6, 30)
    )
    services.weak_follow_up(
        actor=cast["tom"], candidate=candidate, on=date(2027, 3, 1), note="已配齐"
    )
    services.weak_delist(actor=cast["alice"], candidate=candidate, today=date(2027, 7, 1))
    assert stats.weak_rectifying(date(2027, 1, 19)) == {}
    assert stats.weak_rectifying(date(2027, 1, 20)) == {village_a1.pk: 1}
    assert stats.weak_rectifying(date(2027, 6, 30)) == {village_a1.pk: 1}
    assert stats.weak_rectifying(date(2027, 7, 1)) == {}


def test_a_dismissed_candidate_is_never_counted(cast, branches, village_a1):
    candidate = services.weak_propose(
        actor=cast["alice"], organization=branches[village_a1.code], year=2026, reason="提出"
    )
    services.weak_decide(actor=cast["alice"], candidate=candidate, identify=False, note="不认定")
    candidate.refresh_from_db()
    assert candidate.identified_on is None
    assert stats.weak_rectifying(date(2099, 1, 1)) == {}


def test_the_figures_are_registered_for_the_dashboard():
    names = {s.name for s in extensions.analytics_stats}
    assert {"assessment.five_star", "assessment.weak"} <= names
