"""Nomination, the qualification review (§C) and contested candidate lists (V15, V16, P9)."""

import pytest

from openvillage.core.errors import InvalidInput, NotAllowed
from openvillage.elections import services
from openvillage.elections.tests.conftest import villager


@pytest.fixture
def ready(cast, vc, people):
    services.roll_build(actor=cast["vic"], election=vc)
    services.roll_publish(actor=cast["vic"], election=vc)
    for name in ("Chen", "Li", "Wang"):
        services.nomination_record(
            actor=cast["vic"], election=vc, post="director", person=people[name], votes=30
        )
    return vc


def clear(cast, election, person):
    return services.review_record(
        actor=cast["tom"],
        election=election,
        person=person,
        sources=["public_security", "court"],
        findings=[],
        decision="cleared",
        reason="Clean.",
    )


def test_a_candidate_on_the_negative_list_is_refused_q4(cast, ready, people):
    clear(cast, ready, people["Chen"])
    services.review_record(
        actor=cast["tom"],
        election=ready,
        person=people["Li"],
        sources=["public_security"],
        findings=["village_bully"],
        decision="barred",
        reason="Identified in 2024.",
    )
    with pytest.raises(InvalidInput, match="barred"):
        services.candidate_list_set(
            actor=cast["vic"],
            election=ready,
            post="director",
            people=[people["Chen"], people["Li"]],
        )


def test_a_review_that_finds_a_condition_cannot_clear_the_person(cast, ready, people):
    with pytest.raises(InvalidInput):
        services.review_record(
            actor=cast["tom"],
            election=ready,
            person=people["Li"],
            sources=["court"],
            findings=["under_investigation"],
            decision="cleared",
            reason="Minor.",
        )


def test_the_village_clerk_cannot_review_candidates_only_the_town_or_county(cast, ready, people):
    with pytest.raises(NotAllowed):
        clear(cast | {"tom": cast["vic"]}, ready, people["Chen"])


def test_a_list_with_as_many_candidates_as_seats_is_refused_v15(cast, ready, people):
    clear(cast, ready, people["Chen"])
    with pytest.raises(InvalidInput, match="contested"):
        services.candidate_list_set(
            actor=cast["vic"], election=ready, post="director", people=[people["Chen"]]
        )


def test_candidates_are_ordered_by_nomination_votes_v17(cast, ready, people):
    services.nomination_record(
        actor=cast["vic"], election=ready, post="director", person=people["Wang"], votes=50
    )
    for name in ("Chen", "Wang"):
        clear(cast, ready, people[name])
    rows = services.candidate_list_set(
        actor=cast["vic"], election=ready, post="director", people=[people["Chen"], people["Wang"]]
    )
    assert [r.person.name for r in rows] == ["Wang", "Chen"]


def test_a_person_not_on_the_roll_cannot_be_nominated(cast, ready, village_a1):
    stranger = villager(village_a1, "Late")
    with pytest.raises(InvalidInput):
        services.nomination_record(
            actor=cast["vic"], election=ready, post="director", person=stranger, votes=3
        )


@pytest.mark.parametrize(("seats", "candidates", "ok"), [(5, 5, False), (5, 6, True), (3, 4, True)])
def test_the_branch_needs_20_percent_more_candidates_than_seats_p9(
    cast, pb, village_a1, seats, candidates, ok
):
    members = [villager(village_a1, f"M{i}", party="full") for i in range(candidates)]
    services.election_seats_set(actor=cast["vic"], election=pb, seats={"member": seats})
    services.roll_build(actor=cast["vic"], election=pb)
    services.roll_publish(actor=cast["vic"], election=pb)
    for m in members:
        services.nomination_record(actor=cast["vic"], election=pb, post="member", person=m, votes=1)
        clear(cast, pb, m)
    if ok:
        services.candidate_list_set(actor=cast["vic"], election=pb, post="member", people=members)
    else:
        with pytest.raises(InvalidInput, match="20%"):
            services.candidate_list_set(
                actor=cast["vic"], election=pb, post="member", people=members
            )


def test_seats_are_checked_against_the_law_and_profile(cast, vc):
    with pytest.raises(InvalidInput):
        services.election_seats_set(actor=cast["vic"], election=vc, seats={"director": 1})  # V1
    with pytest.raises(InvalidInput):  # women_member is a zhejiang post
        services.election_seats_set(
            actor=cast["vic"], election=vc, seats={"director": 1, "women_member": 1, "member": 2}
        )
    with pytest.raises(InvalidInput):
        services.election_seats_set(
            actor=cast["vic"], election=vc, seats={"director": 1, "secretary": 1, "member": 2}
        )
