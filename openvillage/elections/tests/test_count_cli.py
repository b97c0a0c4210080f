"""``openvillage count``: exit 2 with ``{"error": ...}`` for malformed or impossible input."""

from __future__ import annotations

import io
import json
from copy import deepcopy
from typing import Any

import pytest

from openvillage.elections.rules.count_cli import main, run_count

GOOD: dict[str, Any] = {
    "law": "villagers_committee",
    "eligible": 1000,
    "present": 620,
    "ballots_issued": 620,
    "ballots_collected": 620,
    "seats": {"director": 1, "member": 3},
    "candidates": {"director": ["A", "B"], "member": ["C1", "C2", "C3", "C4"]},
    "tally": {"director": {"A": 400, "B": 200}, "member": {"C1": 500, "C2": 400, "C3": 320}},
    "invalid_ballots": 20,
}


def changed(**changes: Any) -> dict[str, Any]:
    document = deepcopy(GOOD)
    for key, value in changes.items():
        if value is ...:
            del document[key]
        else:
            document[key] = value
    return document


def test_a_good_document_counts_with_exit_0():
    code, output = run_count(GOOD)
    assert code == 0
    assert output["status"] == "valid"
    assert output["posts"]["member"]["elected"] == ["C1", "C2", "C3"]


@pytest.mark.parametrize(
    ("document", "error"),
    [
        ([], "The input must be one JSON object."),
        (changed(law=...), "Missing field law."),
        (changed(eligible=...), "Missing field eligible."),
        (changed(seats=...), "Missing field seats."),
        (changed(candidates=...), "Missing field candidates."),
        (changed(invalid_ballots=...), "Missing field invalid_ballots."),
        (changed(comment="x"), "Unknown field comment."),
        (
            changed(law="township"),
            "Unknown law township; expected one of villagers_committee, party_branch.",
        ),
        (
            changed(profile="guangdong"),
            "Unknown election profile guangdong; known: beijing, national, shanghai, zhejiang.",
        ),
        (
            changed(profile=None),
            "Unknown election profile None; known: beijing, national, shanghai, zhejiang.",
        ),
        (
            changed(round="final"),
            "Unknown round final; expected one of regular, additional, revote.",
        ),
        (changed(eligible=-1), "eligible cannot be negative."),
        (changed(ballots_collected=-620), "ballots_collected cannot be negative."),
        (changed(invalid_ballots=-1), "invalid_ballots cannot be negative."),
        (changed(present="620"), "present must be a whole number."),
        (changed(present=620.0), "present must be a whole number."),
        (changed(present=True), "present must be a whole number."),
        (changed(present=1001), "More voters voted (1001) than are registered (1000)."),
        (changed(seats=[1]), "seats must be an object."),
        (changed(seats={}), "seats must name at least one post."),
        (changed(seats={"director": 0, "member": 3}), "Post director needs at least one seat."),
        (changed(seats={"director": -1, "member": 3}), "seats cannot be negative."),
        (
            changed(seats={"director": 1, "member": 3, "treasurer": 1}),
            "Post treasurer has seats but no candidates.",
        ),
        (changed(candidates={"director": ["A", "B"]}), "Post member has seats but no candidates."),
        (
            changed(candidates={**GOOD["candidates"], "clerk": ["X"]}),
            "Post clerk has candidates but no seats.",
        ),
        (
            changed(candidates={"director": "A, B", "member": []}),
            "Candidates for director must be a list.",
        ),
        (
            changed(candidates={"director": ["A", "A"], "member": []}),
            "A candidate for director is listed twice.",
        ),
        (
            changed(candidates={"director": ["A", 3], "member": []}),
            "candidates holds a name that is not text.",
        ),
        (
            changed(candidates={"director": ["A", ""], "member": []}),
            "candidates holds a name that is not text.",
        ),
        (
            changed(tally=..., invalid_ballots=...),
            "Give either tally or ballots, not both or neither.",
        ),
        (changed(ballots=[]), "Give either tally or ballots, not both or neither."),
        (changed(tally={"director": {"A": 400}}), "The tally has no entry for post member."),
        (changed(tally={**GOOD["tally"], "clerk": {}}), "Post clerk has votes but no seats."),
        (changed(tally={**GOOD["tally"], "director": {"A": -1}}), "tally cannot be negative."),
        (
            changed(tally={**GOOD["tally"], "director": {"A": "400"}}),
            "tally must be a whole number.",
        ),
        (changed(tally={**GOOD["tally"], "director": ["A"]}), "tally must be an object."),
        # A candidate with more votes than ballots collected (V33: than valid ballots).
        (
            changed(tally={**GOOD["tally"], "director": {"A": 621}}),
            "Votes for A (621) exceed the valid ballots (600).",
        ),
        (
            changed(tally={**GOOD["tally"], "director": {"A": 601}}),
            "Votes for A (601) exceed the valid ballots (600).",
        ),
        (
            changed(tally={**GOOD["tally"], "member": {"C1": 600, "C2": 600, "C3": 600, "C4": 1}}),
            "The votes for post member exceed 3 per valid ballot.",
        ),
        (
            changed(tally={**GOOD["tally"], "director": {"A": 300, "B": 301}}),
            "The votes for post director exceed 1 per valid ballot.",
        ),
        (
            changed(invalid_ballots=621),
            "Invalid ballots (621) exceed the ballots collected (620).",
        ),
    ],
)
def test_malformed_or_impossible_input_exits_2_with_the_reason(document, error):
    assert run_count(document) == (2, {"error": error})


BALLOTS_DOC: dict[str, Any] = {
    "law": "villagers_committee",
    "eligible": 5,
    "present": 3,
    "ballots_issued": 3,
    "ballots_collected": 3,
    "seats": {"member": 3},
    "candidates": {"member": ["C1", "C2", "C3", "C4"]},
}


@pytest.mark.parametrize(
    ("extra", "error"),
    [
        ({"ballots": [{}, {}]}, "2 ballots are listed but 3 were collected."),
        ({"ballots": {"0": {}}}, "ballots must be a list."),
        (
            {"ballots": [{}, {}, {}], "invalid_ballots": 0},
            "invalid_ballots is derived from the ballots; leave it out.",
        ),
        (
            {"ballots": [{}, {}, {"clerk": ["C1"]}]},
            "A ballot marks post clerk, which has no seats.",
        ),
        ({"ballots": [{}, {}, "C1"]}, "Ballot 2 is not an object."),
        ({"ballots": [{}, {"member": "C1"}, {}]}, "Ballot 1 does not list names for each post."),
        (
            {"ballots": [{}, {}, {"member": [None]}]},
            "A ballot marks a name that is not text: None.",
        ),
        (
            {"ballots": [{}, {}, {}], "tally": {"member": {}}},
            "Give either tally or ballots, not both or neither.",
        ),
    ],
)
def test_malformed_ballots_exit_2_with_the_reason(extra, error):
    assert run_count({**BALLOTS_DOC, **extra}) == (2, {"error": error})


def test_party_present_may_exceed_should_attend_when_an_excluded_member_attends():
    document = {
        "law": "party_branch",
        "eligible": 10,
        "present": 11,
        "ballots_issued": 11,
        "ballots_collected": 11,
        "seats": {"secretary": 1},
        "candidates": {"secretary": ["M1"]},
        "tally": {"secretary": {"M1": 9}},
        "invalid_ballots": 0,
    }
    assert run_count(document)[1]["posts"]["secretary"]["elected"] == ["M1"]


def test_main_reads_one_json_document_and_writes_one_with_sorted_keys():
    stdout = io.StringIO()
    code = main(io.StringIO(json.dumps(GOOD)), stdout)
    assert code == 0
    text = stdout.getvalue()
    assert text.endswith("\n")
    assert json.loads(text) == run_count(GOOD)[1]
    assert text.index('"posts"') < text.index('"status"')


def test_main_keeps_chinese_names_readable():
    document = changed(
        candidates={"director": ["张三", "李四"], "member": ["C1", "C2", "C3", "C4"]},
        tally={"director": {"张三": 400}, "member": {}},
    )
    stdout = io.StringIO()
    assert main(io.StringIO(json.dumps(document)), stdout) == 0
    assert '"张三"' in stdout.getvalue()


@pytest.mark.parametrize("text", ["", "{", "not json", '{"law": 1} {}'])
def test_main_answers_input_that_is_not_json_with_exit_2(text):
    stdout = io.StringIO()
    assert main(io.StringIO(text), stdout) == 2
    assert json.loads(stdout.getvalue()) == {"error": "The input is not one valid JSON document."}


def test_main_writes_the_error_document_for_an_unknown_profile():
    stdout = io.StringIO()
    assert main(io.StringIO(json.dumps(changed(profile="x"))), stdout) == 2
    assert "Unknown election profile x" in json.loads(stdout.getvalue())["error"]
