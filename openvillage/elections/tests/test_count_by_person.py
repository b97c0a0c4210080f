"""Votes are counted per person, not per name: two candidates both named 王伟 are counted apart
and both can be elected (issue 10). ``openvillage count`` takes an ``id`` per candidate and still
takes the name-only documents it always took."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from openvillage.elections.rules.count_cli import main, run_count

# V=1000, P=R=620, INV=20: elected iff 2*votes > 620, i.e. votes >= 311 (V34).
TWO_WANG_WEI: dict[str, Any] = {
    "law": "villagers_committee",
    "eligible": 1000,
    "present": 620,
    "ballots_issued": 620,
    "ballots_collected": 620,
    "seats": {"director": 1, "member": 2},
    "candidates": {
        "director": ["张三", "李四"],
        "member": [
            {"id": "17", "name": "王伟"},
            {"id": "18", "name": "王伟"},
            {"id": "19", "name": "赵六"},
        ],
    },
    "tally": {"director": {"张三": 400, "李四": 200}, "member": {"17": 420, "18": 330, "19": 300}},
    "invalid_ballots": 20,
}


def test_two_candidates_named_wang_wei_are_counted_apart_and_both_elected():
    code, output = run_count(TWO_WANG_WEI)
    assert code == 0, output
    member = output["posts"]["member"]
    assert member["elected"] == ["17", "18"]
    assert member["threshold"] == 311
    assert output["names"] == {"17": "王伟", "18": "王伟", "19": "赵六"}
    assert output["posts"]["director"]["elected"] == ["张三"]


def test_when_one_wang_wei_falls_short_only_the_other_is_elected_and_the_seat_stays_open():
    document = {**TWO_WANG_WEI, "tally": {**TWO_WANG_WEI["tally"]}}
    document["tally"]["member"] = {"17": 420, "18": 310, "19": 300}
    code, output = run_count(document)
    assert code == 0
    member = output["posts"]["member"]
    # 310 is exactly half of 620: not more than half (V34). Merged by name they would be 730.
    assert member["elected"] == ["17"]
    assert member["vacant"] == 1
    assert member["additional_candidates"] == ["18", "19"]


def test_ballots_mark_candidates_by_id_and_count_each_person_once_per_ballot():
    document = {
        **TWO_WANG_WEI,
        "present": 3,
        "eligible": 4,
        "ballots_issued": 3,
        "ballots_collected": 3,
        "seats": {"member": 2},
        "candidates": {"member": TWO_WANG_WEI["candidates"]["member"]},
        "ballots": [{"member": ["17", "18"]}, {"member": ["17", "18"]}, {"member": ["18"]}],
    }
    del document["tally"], document["invalid_ballots"]
    code, output = run_count(document)
    assert code == 0, output
    assert output["posts"]["member"]["elected"] == ["18", "17"]


@pytest.mark.parametrize(
    ("tally", "error"),
    [
        ({"王伟": 420}, "王伟 is the name of a candidate listed with an id"),
        ({"17": 420, "王伟": 5}, "王伟 is the name of a candidate listed with an id"),
    ],
)
def test_a_vote_by_the_name_of_a_candidate_with_an_id_is_refused(tally, error):
    document = {**TWO_WANG_WEI, "tally": {"director": {"张三": 400}, "member": tally}}
    code, output = run_count(document)
    assert code == 2
    assert error in output["error"]


@pytest.mark.parametrize(
    ("candidates", "error"),
    [
        ([{"id": "17"}], "A candidate is a name or an object with id and name."),
        ([{"id": "17", "name": "王伟", "age": 3}], "A candidate is a name or an object"),
        ([{"id": 17, "name": "王伟"}], "candidates holds a name that is not text."),
        ([{"id": "17", "name": "王伟"}, {"id": "17", "name": "王伟"}], "is listed twice"),
        ([{"id": "17", "name": "王伟"}, "17"], "is listed twice"),
    ],
)
def test_malformed_candidates_with_ids_are_refused_with_exit_2(candidates, error):
    document = {
        **TWO_WANG_WEI,
        "candidates": {"director": ["张三", "李四"], "member": candidates},
        "tally": {"director": {}, "member": {}},
    }
    code, output = run_count(document)
    assert code == 2
    assert error in output["error"]


def test_a_name_only_document_gets_the_same_answer_as_before_without_names():
    document = {
        **TWO_WANG_WEI,
        "candidates": {"director": ["张三", "李四"], "member": ["王伟", "赵六", "孙七"]},
        "tally": {"director": {"张三": 400}, "member": {"王伟": 420, "赵六": 330}},
    }
    code, output = run_count(document)
    assert code == 0
    assert "names" not in output
    assert output["posts"]["member"]["elected"] == ["王伟", "赵六"]


def test_openvillage_count_reads_ids_from_stdin_and_writes_the_names_back():
    stdout = io.StringIO()
    assert main(io.StringIO(json.dumps(TWO_WANG_WEI, ensure_ascii=False)), stdout) == 0
    answer = json.loads(stdout.getvalue())
    assert answer["posts"]["member"]["elected"] == ["17", "18"]
    assert answer["names"]["17"] == answer["names"]["18"] == "王伟"
