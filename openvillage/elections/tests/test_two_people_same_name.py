"""Two candidates both named 王伟 are two people: their votes are counted apart through the tally
sheets, both can be elected, and each starts a term in the registry (issue 10)."""

from __future__ import annotations

from datetime import date

import pytest

from openvillage.core.errors import InvalidInput
from openvillage.elections import services
from openvillage.elections.models import VillageElection
from openvillage.elections.rules.count_cli import run_count
from openvillage.elections.tests.conftest import (
    ELECTION_DAY,
    key,
    moment,
    to_candidates,
    two_entries,
    villager,
)
from openvillage.org.models import Household, Person, PostKind, RollEntry, Term


def other_wang_wei(village) -> Person:
    """A second 王伟 of the village, born 1990, head of another household."""
    person = Person.objects.create(
        village=village, name="王伟", gender="male", birth_date=date(1990, 7, 9)
    )
    household = Household.objects.create(village=village, number="H-王伟-2")
    RollEntry.objects.create(
        household=household, person=person, relation="head", registration="registered_resident"
    )
    return person


FIGURES = {"voters_voted": 8, "ballots_issued": 8, "ballots_collected": 8, "invalid_ballots": 0}


@pytest.fixture
def wang_wei(cast, vc, village_a1, clock):
    """Director: 张三 or 李四; two members among 王伟 (born 1970), 王伟 (born 1990) and 赵六."""
    people = {
        "张三": villager(village_a1, "张三"),
        "李四": villager(village_a1, "李四"),
        "王伟 1970": villager(village_a1, "王伟", born=date(1970, 3, 1)),
        "王伟 1990": other_wang_wei(village_a1),
        "赵六": villager(village_a1, "赵六", gender="female"),
    }
    VillageElection.objects.filter(pk=vc.pk).update(seats={"director": 1, "member": 2})
    vc.refresh_from_db()
    first = to_candidates(
        cast,
        vc,
        people,
        {"director": ["张三", "李四"], "member": ["王伟 1970", "王伟 1990", "赵六"]},
        extra=5,  # V = 10: 8 voting is more than half (V28)
    )
    clock.move_to(moment(ELECTION_DAY))
    hall = services.station_add(
        actor=cast["vic"], election=vc, name="Hall", kind="central", scrutineers=[]
    )
    return people, first, hall


def test_two_candidates_named_wang_wei_are_counted_apart_and_both_elected(cast, vc, wang_wei):
    people, first, hall = wang_wei
    older, younger = people["王伟 1970"], people["王伟 1990"]
    # Of 8 ballots, 2*v > 8 needs 5: 王伟 (1970) 6 and 王伟 (1990) 5 are both elected; merged by
    # name they would be one person with 11 votes and 赵六 (3) would be left alone below.
    two_entries(cast, first, hall, "director", FIGURES, {"张三": 6, "李四": 2})
    two_entries(cast, first, hall, "member", FIGURES, {older: 6, younger: 5, "赵六": 3})
    counted = services.round_count(actor=cast["vic"], round=first)
    assert counted.output == run_count(counted.document)[1]
    member = counted.output["posts"]["member"]
    assert member["elected"] == [key(older), key(younger)]
    assert counted.output["names"][key(older)] == counted.output["names"][key(younger)] == "王伟"
    services.result_publish(actor=cast["vic"], election=vc)
    members = Term.objects.filter(
        village=vc.village, ended_on__isnull=True, post=PostKind.COMMITTEE_MEMBER
    )
    assert sorted(members.values_list("person_id", flat=True)) == sorted([older.pk, younger.pk])


def test_votes_entered_by_a_name_two_candidates_share_are_refused_naming_their_numbers(
    cast, vc, wang_wei
):
    people, first, hall = wang_wei
    with pytest.raises(InvalidInput) as refused:
        services.tally_enter(
            actor=cast["vic"],
            round=first,
            station=hall,
            post="member",
            figures=FIGURES,
            votes={"王伟": 6, "赵六": 3},
        )
    assert refused.value.field == "votes"
    assert key(people["王伟 1970"]) in str(refused.value)
    assert key(people["王伟 1990"]) in str(refused.value)
    assert not first.sheets.exists()


def test_the_clerk_enters_each_wang_wei_by_number_on_the_page_and_sees_both_names(
    cast, vc, wang_wei, client
):
    people, first, hall = wang_wei
    older, younger = people["王伟 1970"], people["王伟 1990"]
    client.force_login(cast["vic"])
    page = client.get(f"/staff/elections/{vc.pk}/").content.decode()
    assert "王伟 (" in page and f" {older.pk})" in page and f" {younger.pk})" in page
    form = {
        "round": first.pk,
        "station": hall.pk,
        "post": "member",
        **FIGURES,
        "votes": f"{older.pk}=6\n#{younger.pk}=5\n赵六=3",
    }
    client.post(f"/staff/elections/{vc.pk}/tally/", form)
    assert first.sheets.get().first["votes"] == {
        key(older): 6,
        key(younger): 5,
        key(people["赵六"]): 3,
    }


def test_a_round_stored_by_name_before_the_change_still_counts_and_publishes(cast, vc, people):
    # Given a round written before candidates were keyed by person: lists of names.
    VillageElection.objects.filter(pk=vc.pk).update(seats={"director": 1, "member": 2})
    vc.refresh_from_db()
    first = to_candidates(
        cast, vc, people, {"director": ["Chen", "Li"], "member": ["Wang", "Zhao", "Sun"]}
    )
    first.candidates = {"director": ["Chen", "Li"], "member": ["Wang", "Zhao", "Sun"]}
    first.save(update_fields=["candidates"])
    hall = services.station_add(
        actor=cast["vic"], election=vc, name="Hall", kind="central", scrutineers=[]
    )
    six = {"voters_voted": 6, "ballots_issued": 6, "ballots_collected": 6, "invalid_ballots": 0}
    two_entries(cast, first, hall, "director", six, {"Chen": 4, "Li": 2})
    two_entries(cast, first, hall, "member", six, {"Wang": 5, "Zhao": 4, "Sun": 1})
    # When it is counted and published
    counted = services.round_count(actor=cast["vic"], round=first)
    services.result_publish(actor=cast["vic"], election=vc)
    # Then names are its keys, as before, and the registry gets the right people.
    assert counted.output["posts"]["member"]["elected"] == ["Wang", "Zhao"]
    assert "names" not in counted.output
    current = Term.objects.filter(village=vc.village, ended_on__isnull=True)
    assert {t.person.name for t in current} == {"Chen", "Wang", "Zhao"}
