"""`openvillage contracts check`: JSON in, JSON out, malformed input refused with exit 2."""

import copy
import json
import subprocess
import sys

import pytest

from openvillage.campaigns.rules.contracts_cli import run_check

CONTRACT = {
    "id": "HT-2012-07",
    "kind": "lease",
    "start": "2012-05-10",
    "end": "2032-05-11",
    "written": True,
    "decision": "completed",
    "outside_party": False,
    "two_thirds_consent": False,
    "township_approval": False,
    "competition": True,
    "competition_required": False,
    "annual_rent_fen": 120000,
    "reference_rent_fen": None,
    "parent_end": None,
    "clauses_text": "",
    "recovered": False,
    "cadre_relation": False,
    "missing_clauses": [],
    "payments": [{"due": "2026-01-01", "amount_fen": 120000, "paid_fen": 20000}],
}


def request(*contracts, **extra):
    return {"today": "2026-12-04", "contracts": list(contracts), **extra}


def with_field(**changes):
    contract = copy.deepcopy(CONTRACT)
    contract.update(changes)
    return contract


def test_the_command_reads_stdin_and_writes_findings_in_input_order():
    second = with_field(id="HT-2", end="2032-05-10", payments=[])
    document = json.dumps(request(CONTRACT, second))
    done = subprocess.run(
        [sys.executable, "-m", "openvillage.cli", "contracts", "check"],
        input=document,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert [c["id"] for c in out["contracts"]] == ["HT-2012-07", "HT-2"]
    first = out["contracts"][0]
    assert [f["rule"] for f in first["flags"]] == ["RF1", "RF11"]
    assert first["flags"][0]["detail"]["cap_end"] == "2032-05-10"
    assert first["flags"][1] == {
        "rule": "RF11",
        "severity": "warning",
        "detail": {
            "due": "2026-01-01",
            "age_days": 337,
            "unpaid_fen": 100000,
            "arrears_warning_days": 90,
            "arrears_error_days": 365,
        },
    }
    assert first["arrears_fen"] == 100000
    assert first["lawful_end"] == "2032-05-10"
    assert out["contracts"][1]["flags"] == []


def test_params_change_the_limits():
    code, out = run_check(request(CONTRACT, params={"arrears_warning_days": 400}))
    assert code == 0
    assert [f["rule"] for f in out["contracts"][0]["flags"]] == ["RF1"]
    code, out = run_check(
        request(with_field(kind="farmland"), params={"second_round_expiry": "2028-12-31"})
    )
    assert [f["rule"] for f in out["contracts"][0]["flags"]] == ["RF4", "RF11"]


@pytest.mark.parametrize(
    ("document", "words"),
    [
        (request(with_field(kind="rental")), ["HT-2012-07", "kind"]),
        (request(with_field(end="2011-01-01")), ["HT-2012-07", "end"]),
        (request(with_field(start="2026-02-30")), ["HT-2012-07", "start"]),
        (request(with_field(start="2026-2-3")), ["HT-2012-07", "start"]),
        (request(with_field(annual_rent_fen=-1)), ["HT-2012-07", "annual_rent_fen"]),
        (request(with_field(annual_rent_fen=1.0)), ["HT-2012-07", "annual_rent_fen"]),
        (request(with_field(annual_rent_fen=True)), ["HT-2012-07", "annual_rent_fen"]),
        (request(with_field(reference_rent_fen="100")), ["HT-2012-07", "reference_rent_fen"]),
        (request(with_field(written=1)), ["HT-2012-07", "written"]),
        (request(with_field(decision="done")), ["HT-2012-07", "decision"]),
        (request(with_field(colour="red")), ["HT-2012-07", "colour"]),
        (
            request(with_field(payments=[{"due": "2026-01-01", "amount_fen": 1, "paid_fen": -1}])),
            ["HT-2012-07", "paid_fen"],
        ),
        (
            request(with_field(payments=[{"due": "2026-01-01", "amount_fen": 1}])),
            ["HT-2012-07", "paid_fen"],
        ),
        (request(CONTRACT, CONTRACT), ["HT-2012-07", "duplicate"]),
        (request(CONTRACT, params={"rent_share": 70}), ["params", "rent_share"]),
        (request(CONTRACT, params={"arrears_error_days": 1.5}), ["arrears_error_days"]),
        ({"contracts": []}, ["today"]),
    ],
)
def test_malformed_input_exits_2_naming_the_contract_and_field(document, words):
    code, out = run_check(document)
    assert code == 2
    assert set(out) == {"error"}
    for word in words:
        assert word in out["error"]


def test_a_missing_field_is_malformed():
    contract = copy.deepcopy(CONTRACT)
    del contract["recovered"]
    code, out = run_check(request(contract))
    assert code == 2 and "recovered" in out["error"]


def test_text_that_is_not_json_exits_2():
    done = subprocess.run(
        [sys.executable, "-m", "openvillage.cli", "contracts", "check"],
        input="{not json",
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "error" in json.loads(done.stdout)
