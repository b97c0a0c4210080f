"""V39 (zhejiang Art. 31): near relatives may not serve together; the pure rule with worked
numbers, near relatives from households, and a zhejiang count through the product."""

import pytest

from openvillage.core.errors import InvalidInput
from openvillage.elections import selectors, services
from openvillage.elections.models import VillageElection
from openvillage.elections.rules.composition import (
    PARENT_CHILD,
    SIBLING,
    SPOUSE,
    Seat,
    household_relatives,
    relative_avoidance,
)
from openvillage.elections.tests.conftest import (
    ELECTION_DAY,
    key,
    moment,
    named,
    to_candidates,
    two_entries,
)

ORDER = ("director", "deputy_director", "women_member", "member")


def pairs(*rows):
    return {frozenset((a, b)): kind for a, b, kind in rows}


@pytest.mark.parametrize(
    ("elected", "relations", "waiting", "least", "kept", "left"),
    [
        # Higher post kept: director A (400) and member B (500) are spouses -> B leaves; the next
        # majority-getter of the member post, C (320 >= 311), takes the seat.
        (
            [Seat("A", "director", 400), Seat("B", "member", 500), Seat("D", "member", 450)],
            pairs(("A", "B", SPOUSE)),
            {"member": [("C", 320), ("E", 200)]},
            311,
            ["A", "D", "C"],
            [("B", "A", "C")],
        ),
        # Same post: more votes kept. Siblings B (500) and D (450): D leaves; C has 300 < 311, so
        # the seat stays vacant (first round: a majority is needed).
        (
            [Seat("B", "member", 500), Seat("D", "member", 450)],
            pairs(("B", "D", SIBLING)),
            {"member": [("C", 300)]},
            311,
            ["B"],
            [("D", "B", None)],
        ),
        # After an additional election (R2=600): the floor is one third, 200; C (210) takes it,
        # but not E (250), who is B's child.
        (
            [Seat("B", "member", 290), Seat("D", "member", 260)],
            pairs(("B", "D", PARENT_CHILD), ("B", "E", PARENT_CHILD)),
            {"member": [("E", 250), ("C", 210)]},
            200,
            ["B", "C"],
            [("D", "B", "C")],
        ),
        # No relations: nothing changes.
        ([Seat("A", "director", 400)], {}, {}, 311, ["A"], []),
    ],
)
def test_v39_relatives_keep_the_higher_post_else_more_votes_and_the_seat_passes_on(
    elected, relations, waiting, least, kept, left
):
    seats, avoided = relative_avoidance(elected, relations, ORDER, waiting, least)
    assert [s.name for s in seats] == kept
    assert [(a.name, a.relative, a.replaced_by) for a in avoided] == left


def test_v39_near_relatives_from_households_head_spouse_child_parent_and_siblings():
    rows = [
        (1, "Head", "head"),
        (1, "Wife", "spouse"),
        (1, "Son", "child"),
        (1, "Daughter", "child"),
        (1, "Mother", "parent"),
        (1, "Lodger", "other"),
        (2, "Other", "head"),
    ]
    assert household_relatives(rows) == pairs(
        ("Head", "Wife", SPOUSE),
        ("Head", "Son", PARENT_CHILD),
        ("Head", "Daughter", PARENT_CHILD),
        ("Head", "Mother", PARENT_CHILD),
        ("Son", "Daughter", SIBLING),
    )


@pytest.fixture
def zhejiang_vc(cast, county, clock):
    general = services.election_open(
        actor=cast["alice"],
        county=county,
        name="2026",
        election_day=ELECTION_DAY,
        profile="zhejiang",
        seats={"villagers_committee": {"director": 1, "women_member": 1, "member": 3}},
    )
    vc = VillageElection.objects.get(
        general=general, law="villagers_committee", village__code="990100001001"
    )
    VillageElection.objects.filter(pk=vc.pk).update(seats={"member": 3})
    vc.refresh_from_db()
    return vc


def test_v39_zhejiang_count_drops_the_spouse_with_fewer_votes_for_the_next_majority_getter(
    cast, zhejiang_vc, people, clock
):
    vc = zhejiang_vc
    services.relative_declare(
        actor=cast["vic"], election=vc, person=people["Chen"], relative=people["Li"], kind="spouse"
    )
    first = to_candidates(cast, vc, people, {"member": ["Chen", "Li", "Wang", "Zhao"]})
    clock.move_to(moment(ELECTION_DAY))
    hall = services.station_add(
        actor=cast["vic"], election=vc, name="Hall", kind="central", scrutineers=[]
    )
    figures = {"voters_voted": 8, "ballots_issued": 8, "ballots_collected": 8, "invalid_ballots": 0}
    # 2*v > 8 needs 5: Chen 7, Li 6, Wang 6 elected; Zhao 5 is the next majority-getter.
    two_entries(cast, first, hall, "member", figures, {"Chen": 7, "Li": 6, "Wang": 6, "Zhao": 5})
    counted = services.round_count(actor=cast["vic"], round=first)
    assert named(counted.output["posts"]["member"]["elected"]) == ["Chen", "Li", "Wang"]
    assert counted.avoided == [
        {
            "post": "member",
            "name": key(people["Li"]),
            "relative": key(people["Chen"]),
            "kind": "spouse",
            "replaced_by": key(people["Zhao"]),
        }
    ]
    assert named(services.elected_people(vc)) == [
        ("member", "Chen"),
        ("member", "Wang"),
        ("member", "Zhao"),
    ]
    vc.refresh_from_db()
    assert selectors.no_woman_elected([vc]) == {vc.pk}  # V2: Li left, no woman remains


def test_v39_national_profile_does_not_apply_relative_avoidance(cast, vc, people, clock):
    VillageElection.objects.filter(pk=vc.pk).update(seats={"member": 3})
    vc.refresh_from_db()
    services.relative_declare(
        actor=cast["vic"], election=vc, person=people["Chen"], relative=people["Li"], kind="spouse"
    )
    first = to_candidates(cast, vc, people, {"member": ["Chen", "Li", "Wang", "Zhao"]})
    clock.move_to(moment(ELECTION_DAY))
    hall = services.station_add(
        actor=cast["vic"], election=vc, name="Hall", kind="central", scrutineers=[]
    )
    figures = {"voters_voted": 8, "ballots_issued": 8, "ballots_collected": 8, "invalid_ballots": 0}
    two_entries(cast, first, hall, "member", figures, {"Chen": 7, "Li": 6, "Wang": 6, "Zhao": 5})
    assert services.round_count(actor=cast["vic"], round=first).avoided == []


def test_a_declared_relation_needs_two_people_and_a_kind(cast, vc, people):
    with pytest.raises(InvalidInput):
        services.relative_declare(
            actor=cast["vic"], election=vc, person=people["Chen"], relative=people["Li"], kind="x"
        )
    with pytest.raises(InvalidInput):
        services.relative_declare(
            actor=cast["vic"],
            election=vc,
            person=people["Chen"],
            relative=people["Chen"],
            kind="spouse",
        )
