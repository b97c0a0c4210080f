"""P6 exclusions from should_attend and P15 the committee's election of its secretary: the pure
rules with worked numbers, then through the product (PB-01 of elections.md §E)."""

import re
from datetime import date, timedelta

import pytest

from openvillage.core.errors import InvalidInput, NotAllowed, WrongState
from openvillage.core.models import AuditEntry
from openvillage.elections import services
from openvillage.elections.rules import party
from openvillage.elections.tests.conftest import (
    ELECTION_DAY,
    moment,
    named,
    to_candidates,
    two_entries,
    villager,
)
from openvillage.org.models import Term

# --- pure rules -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("higher", "meeting", "today", "error"),
    [
        (True, True, date(2026, 6, 14), None),  # P6: both approvals, the day before
        (True, False, date(2026, 6, 14), InvalidInput),  # P6: the meeting did not approve
        (False, True, date(2026, 6, 14), InvalidInput),  # P6: the higher level did not approve
        (True, True, date(2026, 6, 15), WrongState),  # P6 reading: not on election day
    ],
)
def test_p6_an_exclusion_needs_both_approvals_before_election_day(higher, meeting, today, error):
    kwargs = dict(
        reason="abroad",
        approved_by_higher=higher,
        approved_by_meeting=meeting,
        today=today,
        election_day=date(2026, 6, 15),
    )
    if error is None:
        assert party.exclusion_check(**kwargs) == "abroad"
    else:
        with pytest.raises(error):
            party.exclusion_check(**kwargs)


@pytest.mark.parametrize(("members", "excluded", "expected"), [(32, 2, 30), (30, 0, 30), (7, 7, 0)])
def test_p6_should_attend_is_full_members_minus_approved_exclusions(members, excluded, expected):
    assert party.should_attend(members, excluded) == expected


@pytest.mark.parametrize(
    ("size", "votes", "elected"),
    [
        (5, {"A": 3, "B": 2}, "A"),  # P15: 2*3=6 > 5
        (5, {"A": 2, "B": 2, "C": 1}, None),  # 2*2=4 > 5 false: no one
        (4, {"A": 2, "B": 2}, None),  # exactly half is not a majority
        (4, {"A": 3, "B": 1}, "A"),
        (3, {"A": 2, "B": 1}, "A"),
    ],
)
def test_p15_secretary_needs_more_than_half_of_the_committee(size, votes, elected):
    assert party.secretary_elected(votes, size) == elected


@pytest.mark.parametrize(("size", "least"), [(3, 2), (4, 3), (5, 3), (7, 4)])
def test_p15_a_committee_of_5_needs_3_votes(size, least):
    assert party.secretary_least_votes(size) == least
    assert 2 * least > size and not 2 * (least - 1) > size


def test_p15_more_votes_than_committee_members_are_refused():
    with pytest.raises(InvalidInput, match="committee of 5"):
        party.secretary_elected({"A": 4, "B": 2}, 5)


# --- through the product --------------------------------------------------------------------------

NAMES = ["M1", "M2", "M3", "M4", "M5", "M6"]


@pytest.fixture
def branch(cast, pb, village_a1, clock):
    """A branch electing 5 committee members from 6 candidates; 32 members on the roll."""
    people = {n: villager(village_a1, n, party="full") for n in NAMES}
    people["Abroad"] = villager(village_a1, "Abroad", party="full")
    people["Ill"] = villager(village_a1, "Ill", party="full")
    first = to_candidates(cast, pb, people, {"member": NAMES}, seats={"member": 5}, extra=24)
    return pb, first, people


def exclude_two(cast, pb, people):
    services.branch_exclusion_record(
        actor=cast["vic"],
        village_election=pb,
        person=people["Abroad"],
        reason="abroad",
        approved_by_higher=True,
        approved_by_meeting=True,
    )
    services.branch_exclusion_record(
        actor=cast["vic"],
        village_election=pb,
        person=people["Ill"],
        reason="In hospital since March",
        approved_by_higher=True,
        approved_by_meeting=True,
    )


def count(cast, pb, first, present):
    pb.refresh_from_db()
    hall = services.station_add(
        actor=cast["vic"], election=pb, name="Hall", kind="central", scrutineers=[]
    )
    figures = dict.fromkeys(("voters_voted", "ballots_issued", "ballots_collected"), present) | {
        "invalid_ballots": 0
    }
    votes = {"M1": 20, "M2": 19, "M3": 18, "M4": 17, "M5": 16, "M6": 1}
    two_entries(cast, first, hall, "member", figures, votes)
    return services.round_count(actor=cast["vic"], round=first)


@pytest.mark.parametrize(("present", "status"), [(24, "no_quorum"), (25, "valid")])
def test_pb01_two_exclusions_make_should_attend_30_and_24_present_is_no_quorum(
    cast, branch, clock, present, status
):
    pb, first, people = branch
    assert services.eligible_count(pb) == 32
    exclude_two(cast, pb, people)
    assert services.eligible_count(pb) == 30
    clock.move_to(moment(ELECTION_DAY))
    counted = count(cast, pb, first, present)
    assert (counted.eligible, counted.present, counted.status) == (30, present, status)
    if status == "valid":
        elected = counted.output["posts"]["member"]["elected"]
        assert named(elected) == ["M1", "M2", "M3", "M4", "M5"]
        assert counted.output["posts"]["member"]["threshold"] == 16  # P12: 2*16 > 30


def test_p6_exclusion_is_audited_with_its_reason_and_refused_twice(cast, branch):
    pb, first, people = branch
    exclude_two(cast, pb, people)
    entry = pb.roll.get(person=people["Abroad"])
    assert (entry.excluded_from_should_attend, entry.exclusion_reason) == (True, "abroad")
    assert services.exclusion_label("abroad").startswith("Abroad at own expense")
    assert AuditEntry.objects.filter(action="elections.roll.exclude").count() == 2
    with pytest.raises(WrongState, match="already excluded"):
        exclude_two(cast, pb, people)


def test_p6_exclusion_without_the_meetings_approval_or_on_election_day_is_refused(
    cast, branch, clock
):
    pb, first, people = branch
    kwargs = dict(actor=cast["vic"], village_election=pb, person=people["Abroad"], reason="x")
    with pytest.raises(InvalidInput, match="approval"):
        services.branch_exclusion_record(
            **kwargs, approved_by_higher=True, approved_by_meeting=False
        )
    clock.move_to(moment(ELECTION_DAY))
    with pytest.raises(WrongState, match="before election day"):
        services.branch_exclusion_record(
            **kwargs, approved_by_higher=True, approved_by_meeting=True
        )


def test_p6_exclusion_applies_to_the_branch_only(cast, vc, people):
    with pytest.raises(WrongState, match="party branch"):
        services.branch_exclusion_record(
            actor=cast["vic"],
            village_election=vc,
            person=people["Chen"],
            reason="abroad",
            approved_by_higher=True,
            approved_by_meeting=True,
        )


@pytest.fixture
def committee(cast, branch, clock):
    pb, first, people = branch
    exclude_two(cast, pb, people)
    clock.move_to(moment(ELECTION_DAY))
    count(cast, pb, first, 25)
    services.result_publish(actor=cast["vic"], election=pb)
    pb.refresh_from_db()
    return pb, people


def test_p15_committee_of_5_elects_m1_secretary_with_3_votes_and_the_town_approves(
    cast, committee, clock
):
    pb, people = committee
    assert len(services.committee_members(pb)) == 5
    row = services.secretary_election_record(
        actor=cast["vic"],
        village_election=pb,
        votes={people["M1"]: 3, people["M2"]: 2},
        post="secretary",
    )
    assert (row.state, row.person, row.committee_size) == ("recorded", people["M1"], 5)
    # Not in office until the higher organization approves.
    assert not Term.objects.filter(person=people["M1"], post="secretary").exists()
    with pytest.raises(NotAllowed):
        services.secretary_election_approve(actor=cast["vic"], secretary_election=row)
    clock.move_to(moment(ELECTION_DAY + timedelta(days=2)))
    row = services.secretary_election_approve(actor=cast["tom"], secretary_election=row)
    assert row.state == "approved"
    current = Term.objects.get(person=people["M1"], ended_on__isnull=True)
    assert (current.post, current.started_on) == ("secretary", ELECTION_DAY + timedelta(days=2))
    member = Term.objects.get(person=people["M1"], post="committee_member")
    assert member.ended_on == ELECTION_DAY + timedelta(days=1)


def test_p15_two_of_five_elects_no_deputy_and_the_vote_may_be_held_again(cast, committee):
    pb, people = committee
    row = services.secretary_election_record(
        actor=cast["vic"],
        village_election=pb,
        votes={people["M2"]: 2, people["M3"]: 2, people["M4"]: 1},
        post="deputy_secretary",
    )
    assert (row.state, row.person) == ("not_elected", None)
    again = services.secretary_election_record(
        actor=cast["vic"],
        village_election=pb,
        votes={people["M2"]: 4, people["M3"]: 1},
        post="deputy_secretary",
    )
    assert (again.state, again.person) == ("recorded", people["M2"])
    with pytest.raises(WrongState, match="already elected"):
        services.secretary_election_record(
            actor=cast["vic"],
            village_election=pb,
            votes={people["M3"]: 5},
            post="deputy_secretary",
        )


def test_p15_only_committee_members_receive_votes_and_only_after_publication(
    cast, branch, committee
):
    pb, people = committee
    with pytest.raises(InvalidInput, match="not a member of the new committee"):
        services.secretary_election_record(
            actor=cast["vic"], village_election=pb, votes={people["M6"]: 3}, post="secretary"
        )


def test_p15_before_the_result_is_published_is_refused(cast, branch):
    pb, first, people = branch
    with pytest.raises(WrongState, match="after its result is published"):
        services.secretary_election_record(
            actor=cast["vic"], village_election=pb, votes={people["M1"]: 3}, post="secretary"
        )


def test_p6_and_p15_through_the_staff_page(cast, committee, client, clock):
    pb, people = committee
    client.force_login(cast["vic"])
    page = client.get(f"/staff/elections/{pb.pk}/").content.decode()
    assert "Abroad at own expense" in page and "In hospital since March" in page
    form = {"post": "secretary", f"votes_{people['M1'].pk}": "3", f"votes_{people['M2'].pk}": "2"}
    client.post(f"/staff/elections/{pb.pk}/secretary/", form)
    row = pb.secretary_elections.get()
    assert row.person == people["M1"]
    clock.move_to(moment(ELECTION_DAY + timedelta(days=1)))
    client.force_login(cast["tom"])
    client.post(f"/staff/elections/{pb.pk}/secretary_approve/", {"secretary": row.pk})
    row.refresh_from_db()
    assert row.state == "approved"


def test_the_p15_section_shows_once_in_the_page_and_not_in_its_title(cast, committee, client):
    pb, people = committee
    client.force_login(cast["vic"])
    page = client.get(f"/staff/elections/{pb.pk}/").content.decode()
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert "P15" not in title and "<form" not in title
    assert page.count('title="Rule P15">Secretary and deputy secretary<') == 1


def test_the_secretary_vote_is_stored_by_person_and_shown_by_name(cast, committee, client):
    pb, people = committee
    services.secretary_election_record(
        actor=cast["vic"],
        village_election=pb,
        votes={people["M1"]: 3, people["M2"]: 2},
        post="secretary",
    )
    row = pb.secretary_elections.get()
    assert row.votes == {str(people["M1"].pk): 3, str(people["M2"].pk): 2}
    assert row.named_votes() == [("M1", 3), ("M2", 2)]
    client.force_login(cast["vic"])
    assert "M1 3, M2 2" in client.get(f"/staff/elections/{pb.pk}/").content.decode()
