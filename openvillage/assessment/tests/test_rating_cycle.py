"""A town scores its villages' branches from the ledger, publishes, takes an appeal, re-scores
and makes the ratings final (supervision.md §5, T1-T2)."""

from datetime import date

import pytest

from openvillage.assessment import services
from openvillage.assessment.models import CycleState, EntryState, Rating, RatingState
from openvillage.core.errors import InvalidInput, NotAllowed, WrongState


@pytest.fixture
def cycle(cast, town_a):
    return services.cycle_open(
        actor=cast["tom"],
        unit=town_a,
        name="2026 年度星级评定",
        scheme_code="organization_five_star",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
    )


def test_ratings_are_computed_from_the_ledger_with_caps_and_bands(
    cast, cycle, branches, village_a1
):
    a1 = branches[village_a1.code]
    services.entry_add(
        actor=cast["tom"], cycle=cycle, organization=a1, item_code="team_incomplete", count=1,
        reason="委员缺额",
    )  # fmt: skip
    services.entry_add(
        actor=cast["tom"], cycle=cycle, organization=a1, item_code="dues_not_collected", count=3,
        reason="党费未收", evidence="收缴台账",
    )  # fmt: skip
    services.cycle_score(actor=cast["tom"], cycle=cycle)
    ratings = {r.organization_id: r for r in Rating.objects.filter(cycle=cycle)}
    assert len(ratings) == 2  # town A's two villages, not town B's
    mine = ratings[a1.pk]
    # org life missed in a whole year with no meetings: capped at -12
    assert mine.items["org_life_missed"] == 0  # facts are collected, not assumed
    assert mine.score == 100 - 5 - 6
    assert mine.stars == 4
    assert mine.rank == 2
    other = next(r for r in ratings.values() if r.pk != mine.pk)
    assert (other.score, other.stars, other.rank) == (100, 4, 1)


def test_facts_from_the_records_enter_the_ledger_once(cast, cycle, branches):
    first = services.cycle_collect(actor=cast["tom"], cycle=cycle)
    again = services.cycle_collect(actor=cast["tom"], cycle=cycle)
    assert first == 2  # org life missing in both villages of town A
    assert again == 0
    services.cycle_score(actor=cast["tom"], cycle=cycle)
    assert {r.items["org_life_missed"] for r in Rating.objects.filter(cycle=cycle)} == {-12}


def test_publish_appeal_rescore_and_final(cast, cycle, branches, village_a1):
    a1 = branches[village_a1.code]
    services.cycle_score(actor=cast["tom"], cycle=cycle)
    services.cycle_publish(actor=cast["tom"], cycle=cycle, today=date(2027, 1, 5))
    cycle.refresh_from_db()
    assert cycle.state == CycleState.PUBLICITY and cycle.publicity_until == date(2027, 1, 10)
    rating = Rating.objects.get(cycle=cycle, organization=a1)
    services.rating_appeal(actor=cast["vic"], rating=rating, reason="创新项目未计分")
    with pytest.raises(WrongState):
        services.cycle_finalize(actor=cast["tom"], cycle=cycle, today=date(2027, 1, 11))
    services.entry_add(
        actor=cast["tom"], cycle=cycle, organization=a1, item_code="innovation_project", count=1,
        reason="复核：创新项目", evidence="项目验收书",
    )  # fmt: skip
    rating = services.rating_rescore(actor=cast["tom"], rating=rating)
    assert (rating.score, rating.stars, rating.rank, rating.state) == (105, 5, 1, "proposed")
    with pytest.raises(WrongState, match="publicity"):
        services.cycle_finalize(actor=cast["tom"], cycle=cycle, today=date(2027, 1, 10))
    services.cycle_finalize(actor=cast["tom"], cycle=cycle, today=date(2027, 1, 11))
    assert set(Rating.objects.filter(cycle=cycle).values_list("state", flat=True)) == {
        RatingState.FINAL
    }
    with pytest.raises(WrongState):
        services.entry_add(
            actor=cast["tom"], cycle=cycle, organization=a1, item_code="team_incomplete",
            count=1, reason="x",
        )  # fmt: skip
    services.rating_demote(actor=cast["tom"], rating=rating, stars=4, reason="班子不健全")
    rating.refresh_from_db()
    assert (rating.stars, rating.state) == (4, RatingState.DEMOTED)


def test_a_claim_counts_only_once_approved_one_level_up(cast, cycle, branches, village_a1):
    a1 = branches[village_a1.code]
    entry = services.entry_add(
        actor=cast["vic"], cycle=cycle, organization=a1, item_code="innovation_project", count=1,
        reason="申报创新项目", evidence="材料", claim=True,
    )  # fmt: skip
    assert entry.state == EntryState.CLAIMED
    with pytest.raises(NotAllowed):
        services.claim_decide(actor=cast["vic"], entry=entry, approve=True)
    services.cycle_score(actor=cast["tom"], cycle=cycle)
    assert Rating.objects.get(cycle=cycle, organization=a1).score == 100
    services.claim_decide(actor=cast["tom"], entry=entry, approve=True)
    services.cycle_score(actor=cast["tom"], cycle=cycle)
    assert Rating.objects.get(cycle=cycle, organization=a1).score == 105


@pytest.mark.parametrize("name", ["vic", "sam", "tina", "cora", "sue", "oscar"])
def test_only_the_town_or_county_scores(cast, cycle, name):
    with pytest.raises(NotAllowed):
        services.cycle_score(actor=cast[name], cycle=cycle)


def test_an_item_not_in_the_scheme_is_refused_naming_the_field(cast, cycle, branches, village_a1):
    with pytest.raises(InvalidInput) as err:
        services.entry_add(
            actor=cast["tom"], cycle=cycle, organization=branches[village_a1.code],
            item_code="nonsense", count=1, reason="x",
        )  # fmt: skip
    assert err.value.field == "item_code"
