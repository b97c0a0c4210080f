"""Worked scenarios of elections.md §E through the product: stations, tally sheets entered
twice, round_count, and the stored result equal to the output of ``openvillage count``."""

from datetime import date

import pytest

from openvillage.core.errors import InvalidInput, WrongState
from openvillage.elections import services
from openvillage.elections.models import VillageElection
from openvillage.elections.rules.count_cli import run_count
from openvillage.elections.tests.conftest import (
    ELECTION_DAY,
    key,
    moment,
    named,
    to_candidates,
    two_entries,
    villager,
)


def figures(p, r=None, inv=0, issued=None):
    r = p if r is None else r
    return {
        "voters_voted": p,
        "ballots_issued": issued if issued is not None else r,
        "ballots_collected": r,
        "invalid_ballots": inv,
    }


def only_post(election, seats):
    """Worked scenarios isolate posts; V1's 3-7 members is checked elsewhere."""
    VillageElection.objects.filter(pk=election.pk).update(seats=seats)
    election.refresh_from_db()


@pytest.fixture
def vc01(cast, vc, village_a1, clock):
    people = {n: villager(village_a1, n) for n in ("A", "B")}
    only_post(vc, {"director": 1})
    first = to_candidates(cast, vc, people, {"director": ["A", "B"]}, extra=998)
    clock.move_to(moment(ELECTION_DAY))
    one = services.station_add(
        actor=cast["vic"], election=vc, name="Hall", kind="central", scrutineers=["X", "Y", "Z"]
    )
    two = services.station_add(
        actor=cast["vic"],
        election=vc,
        name="Box 1",
        kind="mobile_box",
        scrutineers=["X", "Y", "Z"],
        approved_by_town=True,
    )
    return vc, first, one, two


def test_vc01_a_is_elected_director_through_two_stations_and_equals_openvillage_count(cast, vc01):
    vc, first, one, two = vc01
    two_entries(cast, first, one, "director", figures(400, inv=10), {"A": 250, "B": 140})
    two_entries(cast, first, two, "director", figures(220, inv=10), {"A": 150, "B": 60})
    counted = services.round_count(actor=cast["vic"], round=first)
    assert counted.status == "valid"
    assert counted.output == run_count(counted.document)[1]
    assert named(counted.output["posts"]["director"]["elected"]) == ["A"]
    assert counted.output["posts"]["director"]["threshold"] == 311
    assert counted.posts["director"]["threshold_base"] == "ballots_collected"  # C3
    assert counted.posts["director"]["threshold_base_value"] == 620
    assert (counted.eligible, counted.present, counted.invalid_ballots) == (1000, 620, 20)


def test_sheets_whose_two_entries_differ_block_the_result_until_resolved(cast, vc01):
    vc, first, one, two = vc01
    sheet = two_entries(
        cast,
        first,
        one,
        "director",
        figures(400, inv=10),
        {"A": 250, "B": 140},
        second_votes={"A": 205, "B": 140},
    )
    assert sheet.status == "disagree" and named(sheet.differences) == ["A"]
    two_entries(cast, first, two, "director", figures(220, inv=10), {"A": 150, "B": 60})
    with pytest.raises(WrongState, match="not settled"):
        services.round_count(actor=cast["vic"], round=first)
    services.tally_resolve(
        actor=cast["alice"],
        sheet=sheet,
        figures=figures(400, inv=10),
        votes={"A": 250, "B": 140},
        note="Recounted in front of scrutineers.",
    )
    assert services.round_count(actor=cast["vic"], round=first).status == "valid"


def test_the_second_entry_by_the_same_clerk_is_refused(cast, vc01):
    vc, first, one, _ = vc01
    services.tally_enter(
        actor=cast["vic"],
        round=first,
        station=one,
        post="director",
        figures=figures(400),
        votes={"A": 1},
    )
    with pytest.raises(WrongState, match="another clerk"):
        services.tally_enter(
            actor=cast["vic"],
            round=first,
            station=one,
            post="director",
            figures=figures(400),
            votes={"A": 1},
        )


def test_a_result_for_a_post_with_no_seats_is_refused(cast, vc01):
    vc, first, one, _ = vc01
    with pytest.raises(InvalidInput, match="no seats"):
        services.tally_enter(
            actor=cast["vic"],
            round=first,
            station=one,
            post="deputy_director",
            figures=figures(400),
            votes={"A": 1},
        )


def test_a_missing_station_sheet_blocks_the_count(cast, vc01):
    vc, first, one, _ = vc01
    two_entries(cast, first, one, "director", figures(400, inv=10), {"A": 250, "B": 140})
    with pytest.raises(WrongState, match="missing"):
        services.round_count(actor=cast["vic"], round=first)


def test_vc03_more_ballots_than_voters_voids_the_round_and_a_revote_is_opened_v27(
    cast, vc, village_a1, clock
):
    people = {n: villager(village_a1, n) for n in ("A", "B")}
    only_post(vc, {"director": 1})
    first = to_candidates(cast, vc, people, {"director": ["A", "B"]}, extra=798)
    hall = services.station_add(
        actor=cast["vic"], election=vc, name="Hall", kind="central", scrutineers=[]
    )
    two_entries(
        cast, first, hall, "director", figures(500, r=503, issued=510), {"A": 300, "B": 200}
    )
    counted = services.round_count(actor=cast["vic"], round=first)
    assert (counted.status, counted.rule, counted.output) == (
        "too_many_ballots",
        "V27",
        {
            "status": "too_many_ballots",
            "posts": {},
            "names": {key(people["A"]): "A", key(people["B"]): "B"},
        },
    )
    revote = services.additional_round_open(
        actor=cast["vic"], election=vc, held_on=date(2026, 6, 20)
    )
    assert (revote.number, revote.kind, revote.candidates) == (
        2,
        "regular",
        {"director": [key(people["A"]), key(people["B"])]},
    )


def test_vc07_then_vc08_c3_is_elected_in_the_additional_election_v42(cast, vc, village_a1, clock):
    names = ["C1", "C2", "C3", "C4", "C5"]
    people = {n: villager(village_a1, n) for n in names}
    only_post(vc, {"member": 3})
    first = to_candidates(cast, vc, people, {"member": names}, extra=1195)
    hall = services.station_add(
        actor=cast["vic"], election=vc, name="Hall", kind="central", scrutineers=[]
    )
    votes = {"C1": 520, "C2": 410, "C3": 350, "C4": 300, "C5": 280}
    two_entries(cast, first, hall, "member", figures(700), votes)
    counted = services.round_count(actor=cast["vic"], round=first)
    assert counted.output["posts"]["member"] == {
        "elected": [key(people["C1"]), key(people["C2"])],
        "threshold": 351,
        "tied": [],
        "vacant": 1,
        "additional_candidates": [key(people["C3"]), key(people["C4"])],
    }
    second = services.additional_round_open(
        actor=cast["vic"], election=vc, held_on=date(2026, 6, 15)
    )
    assert (second.kind, second.seats, second.candidates) == (
        "additional",
        {"member": 1},
        {"member": [key(people["C3"]), key(people["C4"])]},
    )
    two_entries(cast, second, hall, "member", figures(600, inv=60), {"C3": 290, "C4": 250})
    counted2 = services.round_count(actor=cast["vic"], round=second)
    assert counted2.output == run_count(counted2.document)[1]
    assert named(counted2.output["posts"]["member"]["elected"]) == ["C3"]
    assert counted2.output["posts"]["member"]["threshold"] == 200  # 3*200 >= 600
    assert named(services.elected_people(vc)) == [
        ("member", "C1"),
        ("member", "C2"),
        ("member", "C3"),
    ]
