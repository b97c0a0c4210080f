"""The transition tables of the election's rows (rules/states.py): which action is allowed in
which state, and the services refuse with 409 what the table refuses."""

from __future__ import annotations

import pytest

from openvillage.core.errors import WrongState
from openvillage.core.models import AuditEntry
from openvillage.elections import models, services
from openvillage.elections.rules import states
from openvillage.elections.tests.conftest import to_candidates, two_entries

FIGURES6 = {"voters_voted": 6, "ballots_issued": 6, "ballots_collected": 6, "invalid_ballots": 0}


@pytest.mark.parametrize(
    ("model", "field"),
    [
        (models.VillageElection, "state"),
        (models.GeneralElection, "state"),
        (models.RoundResult, "status"),
        (models.TallySheet, "status"),
        (models.ViolationReport, "state"),
        (models.SecretaryElection, "state"),
    ],
)
def test_each_table_has_exactly_the_states_of_its_model(model, field):
    choices = [value for value, _label in model._meta.get_field(field).choices]
    assert sorted(states.TABLES[model.__name__].states) == sorted(choices)


@pytest.mark.parametrize(
    ("state", "action", "to"),
    [
        ("preparation", "roll.publish", "roll_published"),
        ("roll_published", "roll.publish", None),
        ("roll_published", "candidates.publish", "candidates_published"),
        ("preparation", "candidates.publish", None),
        ("candidates_published", "round.count", "counted"),
        ("counted", "round.count", None),
        ("published", "round.count", None),
        ("counted", "round.open", "candidates_published"),
        ("published", "round.open", None),
        ("counted", "result.publish", "published"),
        ("candidates_published", "result.publish", None),
        ("candidates_published", "station.add", "candidates_published"),
        ("counted", "station.add", None),
        ("roll_published", "relative.declare", "roll_published"),
        ("counted", "relative.declare", None),
        ("published", "relative.declare", None),
        ("preparation", "proxy.record", None),
        ("published", "secretary.record", "published"),
    ],
)
def test_the_election_table_moves_and_refuses(state, action, to):
    assert states.ELECTION.target(state, action) == to


@pytest.mark.parametrize(
    ("table", "state", "action", "to"),
    [
        (states.ROUND, "open", "valid", "valid"),
        (states.ROUND, "open", "turnout_not_met", "turnout_not_met"),
        (states.ROUND, "valid", "valid", None),
        (states.ROUND, "valid", "tally.enter", None),
        (states.TALLY_SHEET, "awaiting_second", "agree", "agreed"),
        (states.TALLY_SHEET, "awaiting_second", "differ", "disagree"),
        (states.TALLY_SHEET, "agreed", "differ", None),
        (states.TALLY_SHEET, "disagree", "resolve", "resolved"),
        (states.TALLY_SHEET, "agreed", "resolve", None),
        (states.VIOLATION_REPORT, "filed", "route", "routed"),
        (states.VIOLATION_REPORT, "routed", "close", "closed"),
        (states.VIOLATION_REPORT, "closed", "route", None),
        (states.SECRETARY, "recorded", "approve", "approved"),
        (states.SECRETARY, "not_elected", "approve", None),
    ],
)
def test_the_other_tables_move_and_refuse(table, state, action, to):
    assert table.target(state, action) == to


def test_an_unknown_action_is_a_bug_not_a_refusal():
    with pytest.raises(KeyError):
        states.ELECTION.target("preparation", "roll.burn")


def test_a_table_naming_a_state_it_does_not_have_is_refused_when_built():
    with pytest.raises(ValueError, match="names no state"):
        states.TransitionTable("x", ("a",), {("a", "go"): "b"})


@pytest.fixture
def counted(cast, vc, people):
    models.VillageElection.objects.filter(pk=vc.pk).update(seats={"director": 1, "member": 2})
    vc.refresh_from_db()
    first = to_candidates(
        cast, vc, people, {"director": ["Chen", "Li"], "member": ["Wang", "Zhao", "Sun"]}
    )
    hall = services.station_add(
        actor=cast["vic"], election=vc, name="Hall", kind="central", scrutineers=[]
    )
    two_entries(cast, first, hall, "director", FIGURES6, {"Chen": 4, "Li": 2})
    two_entries(cast, first, hall, "member", FIGURES6, {"Wang": 5, "Zhao": 4, "Sun": 1})
    return services.round_count(actor=cast["vic"], round=first)


def test_counting_moves_the_election_to_counted_through_its_table_with_one_audit_row(
    cast, vc, counted
):
    vc.refresh_from_db()
    assert vc.state == models.VillageElection.State.COUNTED
    entry = AuditEntry.objects.get(action="elections.round.count")
    assert entry.object_id == str(vc.pk)
    assert entry.changes["state"] == ["candidates_published", "counted"]
    assert entry.changes["status"] == [None, "valid"]


def test_a_station_is_not_added_once_the_round_is_counted(cast, vc, counted):
    with pytest.raises(WrongState) as refused:
        services.station_add(
            actor=cast["vic"], election=vc, name="Late box", kind="central", scrutineers=[]
        )
    assert refused.value.http_status == 409
    assert not vc.stations.filter(name="Late box").exists()


def test_relatives_are_not_declared_once_the_round_is_counted(cast, vc, people, counted):
    with pytest.raises(WrongState):
        services.relative_declare(
            actor=cast["vic"],
            election=vc,
            person=people["Chen"],
            relative=people["Li"],
            kind="spouse",
        )
    assert not vc.relative_declarations.exists()


def test_a_counted_round_is_not_counted_again_and_the_election_stays_counted(cast, vc, counted):
    with pytest.raises(WrongState):
        services.round_count(actor=cast["vic"], round=counted)
    vc.refresh_from_db()
    assert vc.state == models.VillageElection.State.COUNTED
    assert AuditEntry.objects.filter(action="elections.round.count").count() == 1
