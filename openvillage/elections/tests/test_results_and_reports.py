"""Result publication updates the registry and the ledger; a confirmed bribery voids a result."""

from datetime import date

import pytest

from openvillage.core.errors import NotAllowed, WrongState
from openvillage.elections import services
from openvillage.elections.models import VillageElection
from openvillage.elections.tests.conftest import (
    ELECTION_DAY,
    moment,
    named,
    to_candidates,
    two_entries,
    villager,
)
from openvillage.ledger.models import Entry
from openvillage.org.models import Term


@pytest.fixture
def counted(cast, vc, village_a1, clock):
    people = {n: villager(village_a1, n) for n in ("A", "B", "Old")}
    Term.objects.create(
        village=village_a1,
        person=people["Old"],
        body="villagers_committee",
        post="director",
        started_on=date(2021, 6, 1),
    )
    VillageElection.objects.filter(pk=vc.pk).update(seats={"director": 1})
    vc.refresh_from_db()
    first = to_candidates(cast, vc, people, {"director": ["A", "B"]})
    clock.move_to(moment(ELECTION_DAY))
    hall = services.station_add(
        actor=cast["vic"], election=vc, name="Hall", kind="central", scrutineers=[]
    )
    two_entries(
        cast,
        first,
        hall,
        "director",
        {"voters_voted": 3, "ballots_issued": 3, "ballots_collected": 3, "invalid_ballots": 0},
        {"A": 2, "B": 1},
    )
    services.round_count(actor=cast["vic"], round=first)
    return vc, people


def test_result_publication_ends_the_old_terms_starts_the_new_and_appends_to_the_ledger(
    cast, counted, client
):
    vc, people = counted
    services.result_publish(actor=cast["vic"], election=vc)
    old = Term.objects.get(person=people["Old"])
    new = Term.objects.get(person=people["A"])
    assert old.ended_on == date(2026, 6, 14) and old.end_reason == "term_ended"
    assert (new.post, new.started_on, new.ended_on) == ("director", ELECTION_DAY, None)
    assert Entry.objects.filter(kind="election_result", object_id=str(vc.pk)).count() == 1
    page = client.get(f"/v/{vc.village.code}/election/").content.decode()
    assert "A" in page


def test_publishing_twice_is_refused(cast, counted):
    vc, _ = counted
    services.result_publish(actor=cast["vic"], election=vc)
    with pytest.raises(WrongState):
        services.result_publish(actor=cast["vic"], election=vc)


def test_a_confirmed_bribery_by_the_winner_voids_the_result_and_ends_the_term_v37(
    cast, counted, general
):
    vc, people = counted
    services.result_publish(actor=cast["vic"], election=vc)
    report = services.violation_report_file(
        actor=None,
        general=general,
        village=vc.village,
        violation_type="bribery",
        description="Red packets before the vote.",
        accused=people["A"],
        reporter_name="Wu",
    )
    assert report.routed_to == vc.village.parent  # the town, never the village
    with pytest.raises(NotAllowed):
        services.violation_report_close(
            actor=cast["vic"], report=report, outcome="confirmed", findings="..."
        )
    services.violation_report_route(actor=cast["tom"], report=report, to=general.county)
    with pytest.raises(NotAllowed):  # now with the county's office
        services.violation_report_close(
            actor=cast["tom"], report=report, outcome="confirmed", findings="Confirmed."
        )
    closed = services.violation_report_close(
        actor=cast["alice"], report=report, outcome="confirmed", findings="Five witnesses."
    )
    assert closed.voided_result
    assert services.elected_people(vc) == []
    assert Term.objects.get(person=people["A"]).end_reason == "removed"


def test_an_unfounded_report_voids_nothing(cast, counted, general):
    vc, people = counted
    report = services.violation_report_file(
        actor=None,
        general=general,
        village=vc.village,
        violation_type="bribery",
        description="Rumour.",
        accused=people["A"],
    )
    services.violation_report_close(
        actor=cast["tom"], report=report, outcome="unfounded", findings="No evidence."
    )
    assert named(services.elected_people(vc)) == [("director", "A")]


def test_the_reporter_is_neither_in_the_audit_log_nor_on_the_public_page(
    cast, counted, general, client
):
    from openvillage.core.models import AuditEntry

    vc, people = counted
    services.violation_report_file(
        actor=None,
        general=general,
        village=vc.village,
        violation_type="lobbying",
        description="Canvassing.",
        reporter_name="Reporter Qian",
    )
    entry = AuditEntry.objects.get(action="elections.violation.file")
    assert "Reporter Qian" not in str(entry.changes) + entry.note
    assert "Reporter Qian" not in client.get(f"/v/{vc.village.code}/election/").content.decode()
