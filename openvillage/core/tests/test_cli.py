"""The `openvillage` command, run as a real process."""

import json
import subprocess
import sys

import pytest


def run(*args, stdin=""):
    return subprocess.run(
        [sys.executable, "-m", "openvillage.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_count_reads_a_round_and_writes_the_outcome():
    document = {
        "law": "villagers_committee",
        "eligible": 1000,
        "present": 700,
        "ballots_issued": 700,
        "ballots_collected": 690,
        "seats": {"director": 1},
        "candidates": {"director": ["甲", "乙"]},
        "tally": {"director": {"甲": 400, "乙": 250}},
        "invalid_ballots": 40,
    }
    result = run("count", stdin=json.dumps(document))
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["status"] == "valid" and out["posts"]["director"]["elected"] == ["甲"]


def test_count_exits_2_with_a_reason_on_a_negative_count():
    result = run("count", stdin=json.dumps({"law": "villagers_committee", "eligible": -1}))
    assert result.returncode == 2
    assert "error" in json.loads(result.stdout)


def test_powerlist_validate_passes_the_shipped_list():
    result = run("powerlist", "validate")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("powers")


def test_powerlist_validate_names_the_fault_in_a_broken_list(tmp_path):
    broken = tmp_path / "list.yaml"
    broken.write_text(
        "version: '1'\\nregion: x\\namount_unit: yuan\\nprocedures: {}\\npowers: [{code: p}]\\n"
    )
    result = run("powerlist", "validate", str(broken))
    assert result.returncode != 0
    assert "p" in (result.stdout + result.stderr)


@pytest.mark.parametrize("args", [["--help"], []])
def test_help_lists_the_commands(args):
    assert "serve" in run(*args).stdout


def test_each_data_folder_gets_its_own_short_control_socket(tmp_path):
    from openvillage.cli import control_socket

    one, other = control_socket(tmp_path / "a"), control_socket(tmp_path / "b")
    assert one != other
    assert control_socket(tmp_path / "a") == one
    # A Unix socket path must fit in sun_path (108 bytes on Linux) whatever the folder's length.
    assert len(control_socket(tmp_path / ("x" * 200)).encode()) < 108
