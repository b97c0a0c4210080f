"""The transition table type: moves, refusals, audit codes (pure, no database)."""

import pytest

from openvillage.core.transitions import DEFAULT_REFUSAL, TransitionTable, moves_from

TABLE = TransitionTable(
    entity="demo.thing",
    states=("draft", "sent", "done"),
    moves={**moves_from(("draft", "sent"), "edit", "draft"), ("sent", "finish"): "done"},
    refusals={"finish": "Only a sent thing can be finished; it is %(state)s."},
)


def test_an_allowed_move_gives_its_target():
    assert TABLE.target("sent", "finish") == "done"
    assert TABLE.target("sent", "edit") == "draft"


def test_a_move_not_in_the_table_is_refused():
    assert TABLE.target("draft", "finish") is None
    assert not TABLE.allows("done", "edit")


def test_an_unknown_action_is_a_programming_error():
    with pytest.raises(KeyError):
        TABLE.target("draft", "fly")


def test_each_action_has_its_refusal_or_the_default():
    assert "%(state)s" in TABLE.refusal("finish")
    assert TABLE.refusal("edit") == DEFAULT_REFUSAL


def test_the_audit_code_is_app_entity_verb():
    assert TABLE.audit_action("finish") == "demo.thing.finish"


def test_sources_lists_the_states_an_action_starts_from():
    assert TABLE.sources("edit") == {"draft", "sent"}


def test_a_table_naming_an_unknown_state_is_refused():
    with pytest.raises(ValueError):
        TransitionTable(entity="demo.x", states=("a",), moves={("a", "go"): "b"})
