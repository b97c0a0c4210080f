"""Every write service by role and scope: vic (A1) yes, vera (A2) no, tom (town A) yes, tina
(town B) no, oscar (observer) no, except his observation reports. Joint review and violation
handling belong to the town or county offices; opening a general election to the county."""

from datetime import date

import pytest

from openvillage.core.errors import NotAllowed
from openvillage.elections import services
from openvillage.elections.models import ObserverAssignment

YES = {"vic": True, "vera": False, "tom": True, "tina": False, "oscar": False, "alice": True}
OFFICE = {**YES, "vic": False}


def allowed(call) -> bool:
    try:
        call()
    except NotAllowed:
        return False
    except Exception:  # noqa: BLE001 - any other refusal means the permission check passed
        return True
    return True


@pytest.fixture
def world(cast, vc, people, general):
    services.roll_build(actor=cast["vic"], election=vc)
    return vc, people, general


CALLS = {
    "election_seats_set": lambda a, vc, p, g: services.election_seats_set(
        actor=a, election=vc, seats={"director": 1, "deputy_director": 1, "member": 3}
    ),
    "roll_build": lambda a, vc, p, g: services.roll_build(actor=a, election=vc),
    "roll_add": lambda a, vc, p, g: services.roll_add(
        actor=a, election=vc, person=p["Chen"], registration="registered_resident", decision="d"
    ),
    "roll_remove": lambda a, vc, p, g: services.roll_remove(
        actor=a, entry=vc.roll.first(), reason="moved", decision="d"
    ),
    "roll_publish": lambda a, vc, p, g: services.roll_publish(actor=a, election=vc),
    "roll_objection_file": lambda a, vc, p, g: services.roll_objection_file(
        actor=a, election=vc, objector_name="x", kind="omitted", text="t"
    ),
    "nomination_record": lambda a, vc, p, g: services.nomination_record(
        actor=a, election=vc, post="director", person=p["Chen"], votes=1
    ),
    "candidate_list_set": lambda a, vc, p, g: services.candidate_list_set(
        actor=a, election=vc, post="director", people=[p["Chen"]]
    ),
    "candidate_list_publish": lambda a, vc, p, g: services.candidate_list_publish(
        actor=a, election=vc
    ),
    "proxy_record": lambda a, vc, p, g: services.proxy_record(
        actor=a, election=vc, principal=p["Chen"], proxy=p["Li"], relationship="child", written=True
    ),
    "proxy_list_publish": lambda a, vc, p, g: services.proxy_list_publish(actor=a, election=vc),
    "station_add": lambda a, vc, p, g: services.station_add(
        actor=a, election=vc, name="H", kind="central", scrutineers=[]
    ),
    "talk_record": lambda a, vc, p, g: services.talk_record(
        actor=a,
        general=g,
        village=vc.village,
        person_name="Chen",
        held_on=date(2026, 4, 30),
        summary="s",
    ),
    "additional_round_open": lambda a, vc, p, g: services.additional_round_open(
        actor=a, election=vc, held_on=date(2026, 6, 20)
    ),
    "result_publish": lambda a, vc, p, g: services.result_publish(actor=a, election=vc),
}

OFFICE_CALLS = {
    "review_record": lambda a, vc, p, g: services.review_record(
        actor=a,
        election=vc,
        person=p["Chen"],
        sources=["court"],
        findings=[],
        decision="cleared",
        reason="r",
    ),
}


@pytest.mark.parametrize("who", sorted(YES))
@pytest.mark.parametrize("service", sorted(CALLS))
def test_village_writes_follow_scope_and_role(cast, world, who, service):
    vc, people, general = world
    assert allowed(lambda: CALLS[service](cast[who], vc, people, general)) is YES[who]


@pytest.mark.parametrize("who", sorted(OFFICE))
def test_the_qualification_review_is_the_town_or_county_office(cast, world, who):
    vc, people, general = world
    call = OFFICE_CALLS["review_record"]
    assert allowed(lambda: call(cast[who], vc, people, general)) is OFFICE[who]


@pytest.mark.parametrize("who", sorted(OFFICE))
def test_violation_reports_are_closed_by_the_office_they_are_routed_to(cast, world, who):
    vc, people, general = world
    report = services.violation_report_file(
        actor=None, general=general, village=vc.village, violation_type="lobbying", description="d"
    )
    expected = OFFICE[who]
    assert (
        allowed(
            lambda: services.violation_report_close(
                actor=cast[who], report=report, outcome="unfounded", findings="f"
            )
        )
        is expected
    )


@pytest.mark.parametrize("who", sorted(YES))
def test_only_the_county_opens_a_general_election(cast, county, who, clock):
    assert allowed(
        lambda: services.election_open(
            actor=cast[who], county=county, name="x", election_day=date(2026, 9, 1)
        )
    ) is (who == "alice")


@pytest.mark.parametrize("who", sorted(YES))
def test_tally_entry_and_count_follow_scope(cast, world, who):
    from openvillage.elections.models import PollingStation, RoundResult

    vc, people, general = world
    hall = PollingStation.objects.create(election=vc, name="Hall", kind="central")
    rnd = RoundResult.objects.create(
        election=vc,
        number=1,
        kind="regular",
        seats={"director": 1},
        candidates={"director": ["Chen", "Li"]},
        held_on=date(2026, 6, 15),
    )
    figures = {"voters_voted": 1, "ballots_issued": 1, "ballots_collected": 1, "invalid_ballots": 0}
    assert (
        allowed(
            lambda: services.tally_enter(
                actor=cast[who],
                round=rnd,
                station=hall,
                post="director",
                figures=figures,
                votes={"Chen": 1},
            )
        )
        is YES[who]
    )
    assert allowed(lambda: services.round_count(actor=cast[who], round=rnd)) is YES[who]


@pytest.mark.parametrize("who", sorted(YES))
def test_only_the_assigned_observer_reports_observations(cast, world, who):
    vc, people, general = world
    assignment = services.observer_assign(
        actor=cast["tom"], general=general, observer=cast["oscar"], village=vc.village
    )
    expected = who == "oscar"
    assert (
        allowed(
            lambda: services.observer_report_submit(
                actor=cast[who], assignment=assignment, checklist={"secret_booth": "yes"}
            )
        )
        is expected
    )
    assert ObserverAssignment.objects.count() == 1


def test_the_observer_cannot_be_assigned_by_another_town(cast, world):
    vc, people, general = world
    with pytest.raises(NotAllowed):
        services.observer_assign(
            actor=cast["tina"], general=general, observer=cast["oscar"], village=vc.village
        )


def test_no_clear_id_number_is_stored_anywhere(cast, world, village_a1):
    from openvillage.conftest import VALID_IDS
    from openvillage.org.services import person_create
    from openvillage.org.tests.test_people import dump_contains

    vc, people, general = world
    person = person_create(
        actor=cast["vic"],
        village=village_a1,
        name="Idcard",
        gender="male",
        birth_date=date(1980, 1, 1),
        id_number=VALID_IDS[0],
    )
    services.roll_add(
        actor=cast["vic"],
        election=vc,
        person=person,
        registration="registered_resident",
        decision="Late registration",
    )
    services.talk_record(
        actor=cast["vic"],
        general=general,
        village=village_a1,
        person_name="Idcard",
        held_on=date(2026, 4, 30),
        summary="Talked.",
    )
    assert dump_contains(VALID_IDS) == []
