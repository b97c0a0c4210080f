"""V2 (no woman elected warns), V46 (whether empty seats need an additional election) and
observers sent to a polling station: pure rules with worked numbers, then pages."""

import pytest

from openvillage.core.errors import InvalidInput
from openvillage.elections import selectors, services
from openvillage.elections.models import ObserverAssignment, VillageElection
from openvillage.elections.rules import composition
from openvillage.elections.tests.conftest import (
    ELECTION_DAY,
    moment,
    named,
    to_candidates,
    two_entries,
)

# --- V2 -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("genders", "warn"),
    [
        (["male", "male", "male"], True),  # V2: no woman among three
        (["male", "female", "male"], False),
        ([], False),  # nobody elected yet: nothing to warn about
    ],
)
def test_v2_warns_when_no_woman_is_elected(genders, warn):
    assert composition.no_woman_elected(genders) is warn


# --- V46 ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("profile", "elected", "director", "vacant", "expected"),
    [
        ("national", 3, False, 2, "optional"),  # V46 platform default: >= 3 elected
        ("national", 2, True, 3, "required"),
        ("national", 5, True, 0, "not_needed"),  # every seat filled
        ("zhejiang", 3, False, 1, "optional"),  # zhejiang: may stay vacant when >= 3
        ("zhejiang", 2, True, 1, "required"),
        ("beijing", 3, True, 2, "required"),  # beijing: more than three ...
        ("beijing", 4, False, 1, "required"),  # ... the director included
        ("beijing", 4, True, 1, "optional"),
        ("shanghai", 2, True, 3, "required"),  # shanghai: only when fewer than 3
        ("shanghai", 3, False, 2, "optional"),  # else the villagers' meeting decides
    ],
)
def test_v46_additional_election_required_per_profile(profile, elected, director, vacant, expected):
    status = composition.additional_election_required(profile, elected, director, vacant)
    assert status == expected


def test_v46_shanghai_leaves_the_decision_to_the_villagers_meeting():
    rules = composition.get_profile("shanghai").villagers_committee
    assert rules.vacancy_decided_by == "villagers_meeting"


# --- through the product --------------------------------------------------------------------------


def only_post(election, seats):
    VillageElection.objects.filter(pk=election.pk).update(seats=seats)
    election.refresh_from_db()


def count_members(cast, vc, people, names, seats, votes, clock):
    only_post(vc, {"member": seats})
    first = to_candidates(cast, vc, people, {"member": names})
    clock.move_to(moment(ELECTION_DAY))
    hall = services.station_add(
        actor=cast["vic"], election=vc, name="Hall", kind="central", scrutineers=[]
    )
    figures = {"voters_voted": 8, "ballots_issued": 8, "ballots_collected": 8, "invalid_ballots": 0}
    two_entries(cast, first, hall, "member", figures, votes)
    return services.round_count(actor=cast["vic"], round=first)


def test_v2_three_men_elected_warn_on_the_staff_page_and_the_board(
    cast, general, vc, people, clock, client
):
    names = ["Chen", "Wang", "Zhao", "Li"]
    votes = {"Chen": 7, "Wang": 6, "Zhao": 5, "Li": 2}  # 2*v > 8: Chen, Wang, Zhao
    counted = count_members(cast, vc, people, names, 3, votes, clock)
    assert named(counted.output["posts"]["member"]["elected"]) == ["Chen", "Wang", "Zhao"]
    vc.refresh_from_db()
    assert selectors.no_woman_elected([vc]) == {vc.pk}
    client.force_login(cast["vic"])
    assert "no woman is elected" in client.get(f"/staff/elections/{vc.pk}/").content.decode()
    client.force_login(cast["tom"])
    board = client.get(f"/staff/elections/general/{general.pk}/board/").content.decode()
    assert 'title="Rule V2">No woman elected<' in board


def test_v2_a_woman_elected_gives_no_warning(cast, vc, people, clock, client):
    names = ["Chen", "Li", "Wang", "Zhao"]
    votes = {"Chen": 7, "Li": 6, "Wang": 5, "Zhao": 2}
    count_members(cast, vc, people, names, 3, votes, clock)
    vc.refresh_from_db()
    assert selectors.no_woman_elected([vc]) == set()
    client.force_login(cast["vic"])
    assert "no woman is elected" not in client.get(f"/staff/elections/{vc.pk}/").content.decode()


@pytest.mark.parametrize(
    ("votes", "status", "text"),
    [
        # 2*v > 8 needs 5: two of four seats filled -> required.
        ({"Chen": 7, "Li": 6, "Wang": 4, "Zhao": 3, "Sun": 2}, "required", "is required"),
        # Three of four filled -> the empty seat may stay vacant (national, >= 3).
        ({"Chen": 7, "Li": 6, "Wang": 5, "Zhao": 3, "Sun": 2}, "optional", "may stay vacant"),
    ],
)
def test_v46_the_further_round_form_tells_the_clerk_whether_it_is_required(
    cast, vc, people, clock, client, votes, status, text
):
    count_members(cast, vc, people, ["Chen", "Li", "Wang", "Zhao", "Sun"], 4, votes, clock)
    vc.refresh_from_db()
    assert selectors.vacancy_advice(vc)["status"] == status
    assert services.vacancy_status(vc) == status
    client.force_login(cast["vic"])
    assert text in client.get(f"/staff/elections/{vc.pk}/").content.decode()


# --- observers at a polling station -----------------------------------------------------------


def test_an_observer_is_sent_to_one_polling_station_through_the_office_page(
    cast, general, vc, client
):
    hall = services.station_add(
        actor=cast["vic"], election=vc, name="Hall", kind="central", scrutineers=[]
    )
    client.force_login(cast["tom"])
    page = client.get(f"/staff/elections/general/{general.pk}/observers/").content.decode()
    assert "Village A1 · Hall" in page
    form = {"observer": cast["oscar"].pk, "village": vc.village_id, "station": hall.pk}
    client.post(f"/staff/elections/general/{general.pk}/observers/", form)
    assignment = ObserverAssignment.objects.get()
    assert assignment.station == hall
    client.force_login(cast["oscar"])
    assert "Hall" in client.get("/staff/elections/observe/").content.decode()


def test_a_station_of_another_village_is_refused(cast, general, vc, village_a2):
    other = VillageElection.objects.get(
        general=general, village=village_a2, law="villagers_committee"
    )
    box = services.station_add(
        actor=cast["vera"], election=other, name="School", kind="central", scrutineers=[]
    )
    with pytest.raises(InvalidInput, match="not in this village"):
        services.observer_assign(
            actor=cast["tom"],
            general=general,
            observer=cast["oscar"],
            village=vc.village,
            station=box,
        )


def test_a_non_observer_account_is_refused_naming_the_observer_field(cast, general, vc):
    with pytest.raises(InvalidInput, match="not an election observer") as caught:
        services.observer_assign(
            actor=cast["tom"], general=general, observer=cast["vic"], village=vc.village
        )
    assert caught.value.field == "observer"


def test_a_talk_dated_tomorrow_is_refused_naming_the_day_field(cast, general, vc, clock):
    from datetime import timedelta

    from openvillage.core.clock import local_today

    with pytest.raises(InvalidInput, match="before it is held") as caught:
        services.talk_record(
            actor=cast["tom"],
            general=general,
            village=vc.village,
            person_name="Chen",
            held_on=local_today() + timedelta(days=1),
            summary="Talked.",
        )
    assert caught.value.field == "held_on"
