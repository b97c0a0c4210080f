"""Unknown ids answer 404, writes re-read the election under a lock, and a tie at the last seat
goes to a re-vote among the tied where most votes wins (V36, V44, P13)."""

from __future__ import annotations

import pytest

from openvillage.core.errors import InvalidInput, WrongState
from openvillage.elections import services
from openvillage.elections.models import VillageElection
from openvillage.elections.rules import counting
from openvillage.elections.rules.count_cli import run_count
from openvillage.elections.tests.conftest import (
    ELECTION_DAY,
    key,
    moment,
    named,
    to_candidates,
    two_entries,
)

FIGURES6 = {"voters_voted": 6, "ballots_issued": 6, "ballots_collected": 6, "invalid_ballots": 0}


@pytest.fixture
def first(cast, vc, people):
    VillageElection.objects.filter(pk=vc.pk).update(seats={"director": 1, "member": 2})
    vc.refresh_from_db()
    return to_candidates(
        cast, vc, people, {"director": ["Chen", "Li"], "member": ["Wang", "Zhao", "Sun"]}
    )


@pytest.mark.parametrize("field", ["round_id", "station_id"])
def test_the_api_answers_404_for_an_unknown_round_or_station(cast, vc, first, client, field):
    hall = services.station_add(
        actor=cast["vic"], election=vc, name="Hall", kind="central", scrutineers=[]
    )
    body = {"round_id": first.pk, "station_id": hall.pk, "post": "director", **FIGURES6}
    body[field] = 999_999
    client.force_login(cast["vic"])
    answer = client.post(
        f"/api/v1/staff/elections/{vc.pk}/tally",
        {**body, "votes": {"Chen": 4}},
        content_type="application/json",
    )
    assert answer.status_code == 404, answer.content
    assert answer.json()["code"] == "NotFound"


def test_counting_an_unknown_round_through_the_api_answers_404(cast, vc, client):
    client.force_login(cast["vic"])
    answer = client.post(f"/api/v1/staff/elections/{vc.pk}/rounds/424242/count")
    assert answer.status_code == 404


def test_a_round_of_another_village_is_404_not_someone_elses_round(
    cast, general, vc, first, client
):
    other = VillageElection.objects.get(general=general, village__name="Village A2", law=vc.law)
    client.force_login(cast["tom"])
    answer = client.post(f"/api/v1/staff/elections/{other.pk}/rounds/{first.pk}/count")
    assert answer.status_code == 404


def test_an_unknown_station_in_the_page_form_is_refused_with_a_message(cast, vc, first, client):
    client.force_login(cast["vic"])
    form = {"round": first.pk, "station": 31337, "post": "director", **FIGURES6, "votes": "Chen=4"}
    page = client.post(f"/staff/elections/{vc.pk}/tally/", form, follow=True)
    assert page.status_code == 200
    assert "No such polling station" in page.content.decode()


def test_a_nomination_with_a_stale_election_object_is_refused_by_the_locked_row(
    cast, vc, first, people
):
    stale = VillageElection.objects.get(pk=vc.pk)
    stale.state = "roll_published"  # what the caller believes; the row says candidates_published
    with pytest.raises(WrongState):
        services.nomination_record(
            actor=cast["vic"], election=stale, post="director", person=people["Wu"], votes=3
        )


def test_a_nomination_for_a_post_without_seats_in_the_row_is_refused(cast, vc, people):
    services.roll_build(actor=cast["vic"], election=vc)
    stale = VillageElection.objects.get(pk=vc.pk)
    stale.seats = {**stale.seats, "secretary": 1}  # not in the row
    with pytest.raises(InvalidInput) as err:
        services.nomination_record(
            actor=cast["vic"], election=stale, post="secretary", person=people["Wu"], votes=3
        )
    assert err.value.field == "post"


def test_a_tally_with_a_stale_round_object_reads_the_locked_round(cast, vc, first, clock):
    hall = services.station_add(
        actor=cast["vic"], election=vc, name="Hall", kind="central", scrutineers=[]
    )
    first.seats = {"director": 1, "women_member": 1}  # stale, not in the row
    with pytest.raises(InvalidInput) as err:
        services.tally_enter(
            actor=cast["vic"],
            round=first,
            station=hall,
            post="women_member",
            figures=FIGURES6,
            votes={},
        )
    assert err.value.field == "post"


# --- the re-vote among the tied (V36, V44, P13) ---------------------------------------------------


def _revote(votes: dict[str, int], seats=1, collected=10, law="villagers_committee"):
    document = {
        "law": law,
        "round": "revote",
        "eligible": 20,
        "present": 12 if law == "villagers_committee" else 19,
        "ballots_issued": collected,
        "ballots_collected": collected,
        "seats": {"member": seats},
        "candidates": {"member": sorted(votes)},
        "tally": {"member": votes},
        "invalid_ballots": 0,
    }
    return run_count(document)


@pytest.mark.parametrize(
    ("votes", "seats", "elected", "tied", "rule"),
    [
        # V36: most votes wins among the tied, with no majority: 4 of 10 ballots elects.
        ({"C3": 4, "C4": 3}, 1, ["C3"], [], "V36"),
        # V36: "repeat while tied": equal votes again leave the seat to another re-vote.
        ({"C3": 5, "C4": 5}, 1, [], ["C3", "C4"], "V36"),
        # No one-third floor (unlike V42): 2 of 10 ballots still wins the re-vote.
        ({"C3": 2, "C4": 1}, 1, ["C3"], [], "V36"),
        # Two tie seats among three: the two with most votes.
        ({"A": 6, "B": 4, "C": 3}, 2, ["A", "B"], [], "V36"),
    ],
)
def test_a_revote_elects_the_most_votes_among_the_tied(votes, seats, elected, tied, rule):
    code, out = _revote(votes, seats)
    assert code == 0 and out["status"] == "valid"
    post = out["posts"]["member"]
    assert (post["elected"], post["tied"]) == (elected, tied)
    assert post["threshold"] == 1 and post["additional_candidates"] == []


def test_a_revote_has_no_turnout_threshold_v43_reading():
    document = {
        "law": "villagers_committee",
        "round": "revote",
        "eligible": 100,
        "present": 10,
        "ballots_issued": 10,
        "ballots_collected": 10,
        "seats": {"member": 1},
        "candidates": {"member": ["A", "B"]},
        "tally": {"member": {"A": 6, "B": 4}},
        "invalid_ballots": 0,
    }
    assert run_count(document)[1]["posts"]["member"]["elected"] == ["A"]


def test_the_revote_threshold_cites_v36_and_is_one_vote():
    inp = counting.RoundInput("villagers_committee", counting.REVOTE, 10, 6, 6, 6, {"m": 1}, {})
    assert counting.revote_threshold(inp) == (1, "ballots_collected", 6)


def test_a_tie_at_the_last_seats_opens_a_revote_round_where_most_votes_wins(
    cast, vc, people, first, clock
):
    clock.move_to(moment(ELECTION_DAY))
    hall = services.station_add(
        actor=cast["vic"], election=vc, name="Hall", kind="central", scrutineers=[]
    )
    # Director: Chen 4 of 6 is elected (2*4 > 6). Member: Wang, Zhao and Sun have 4 each, all
    # qualify, and the three tie for the two seats (V36).
    two_entries(cast, first, hall, "director", FIGURES6, {"Chen": 4, "Li": 2})
    two_entries(cast, first, hall, "member", FIGURES6, {"Wang": 4, "Zhao": 4, "Sun": 4})
    services.round_count(actor=cast["vic"], round=first)
    second = services.additional_round_open(actor=cast["vic"], election=vc, held_on=ELECTION_DAY)
    assert second.kind == "revote"
    assert (second.seats, second.candidates) == (
        {"member": 2},
        {"member": sorted([key(people["Sun"]), key(people["Wang"]), key(people["Zhao"])])},
    )
    # 2 of 6 ballots elects Zhao: most votes wins, no majority and no one-third floor.
    two_entries(cast, second, hall, "member", FIGURES6, {"Wang": 3, "Zhao": 2, "Sun": 1})
    services.round_count(actor=cast["vic"], round=second)
    second.refresh_from_db()
    assert named(second.output["posts"]["member"]["elected"]) == ["Wang", "Zhao"]
    assert second.posts["member"]["rule"] == "V36, V44"
    assert set(named(services.elected_people(vc))) == {
        ("director", "Chen"),
        ("member", "Wang"),
        ("member", "Zhao"),
    }
    with pytest.raises(WrongState):
        services.additional_round_open(actor=cast["vic"], election=vc, held_on=ELECTION_DAY)
