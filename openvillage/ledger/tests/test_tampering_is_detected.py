"""A changed row is caught by `openvillage ledger audit` and by `openvillage verify`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from openvillage.core.models import AuditEntry
from openvillage.ledger import services
from openvillage.ledger.models import AuditRun, Entry, Node, TreeHead, node_key
from openvillage.ledger.offline import record_leaf_hash
from openvillage.ledger.tests.conftest import append


@pytest.fixture
def log(db):
    append(21)
    services.sign_tree_head()


def _export(tmp_path) -> str:
    path = tmp_path / "export.json"
    call_command("ledger", "export", str(path))
    return str(path)


def test_a_clean_log_passes_the_audit_and_the_offline_check(log, tmp_path, capsys):
    call_command("ledger", "audit")
    assert AuditRun.objects.get().ok
    call_command("verify", _export(tmp_path))
    assert "OK: 21 entries, 1 signed heads verified" in capsys.readouterr().out


def test_an_edited_record_fails_the_audit_naming_the_entry(log, county, client):
    Entry.objects.filter(index=13).update(
        record=Entry.objects.get(index=13).record.replace("1", "2")
    )
    with pytest.raises(CommandError, match="entry 13: its stored record does not match"):
        call_command("ledger", "audit")
    run = AuditRun.objects.get()
    assert (run.ok, run.broken_index) == (False, 13)
    page = client.get("/ledger/").content.decode()
    assert "FAILED" in page and "entry 13" in page
    flagged = AuditEntry.objects.get(action="ledger.log.audit_failed")
    assert flagged.unit_path == county.path and flagged.object_id == "13"


def test_an_edited_record_fails_the_offline_check_naming_the_entry(log, tmp_path):
    Entry.objects.filter(index=13).update(
        record=Entry.objects.get(index=13).record.replace("1", "2")
    )
    with pytest.raises(CommandError, match="entry 13: its record does not match its leaf hash"):
        call_command("verify", _export(tmp_path))


def test_an_edited_record_with_its_leaf_hash_fails_on_the_subtree_above(log):
    entry = Entry.objects.get(index=13)
    record = entry.record.replace("1", "2")
    Entry.objects.filter(index=13).update(record=record, leaf_hash=record_leaf_hash(record).hex())
    with pytest.raises(CommandError, match=r"level 1, position 6 \(entries 12 to 13\)"):
        call_command("ledger", "audit")


def test_an_edited_subtree_root_fails_the_audit(log):
    Node.objects.filter(key=node_key(4, 0)).update(hash="00" * 32)
    with pytest.raises(CommandError, match="level 4, position 0"):
        call_command("ledger", "audit")


def test_a_rewritten_head_root_fails_the_audit(log):
    TreeHead.objects.update(root_hash="ab" * 32)
    with pytest.raises(CommandError, match="signed head of size 21"):
        call_command("ledger", "audit")


def test_a_tampered_head_signature_fails_verify(log, tmp_path):
    path = _export(tmp_path)
    data = json.loads(Path(path).read_text())
    signature = data["heads"][0]["signature"]
    data["heads"][0]["signature"] = ("0" if signature[0] != "0" else "1") + signature[1:]
    Path(path).write_text(json.dumps(data))
    with pytest.raises(CommandError, match="head of size 21 .*signature does not verify"):
        call_command("verify", path)


def test_an_export_whose_entry_and_leaf_were_both_changed_fails_on_the_head(log, tmp_path):
    path = _export(tmp_path)
    data = json.loads(Path(path).read_text())
    data["entries"][4]["record"] = data["entries"][4]["record"].replace("1", "9")
    data["entries"][4]["leaf_hash"] = record_leaf_hash(data["entries"][4]["record"]).hex()
    Path(path).write_text(json.dumps(data))
    with pytest.raises(CommandError, match="head of size 21 .*an entry below 21 was changed"):
        call_command("verify", path)


def test_verify_finds_a_record_and_names_its_index(log, tmp_path, capsys):
    record = tmp_path / "record-5.json"
    record.write_text(Entry.objects.get(index=5).record)
    call_command("verify", _export(tmp_path), "--record", str(record))
    assert "the record is entry 5 of the public record" in capsys.readouterr().out


def test_verify_finds_a_pretty_printed_record(log, tmp_path, capsys):
    record = tmp_path / "record-5.json"
    record.write_text(json.dumps(json.loads(Entry.objects.get(index=5).record), indent=2))
    call_command("verify", _export(tmp_path), "--record", str(record))
    assert "entry 5 of the public record" in capsys.readouterr().out


def test_verify_refuses_a_record_that_is_not_in_the_log(log, tmp_path):
    record = tmp_path / "forged.json"
    record.write_text('{"kind":"forged"}')
    with pytest.raises(CommandError, match="not in the public record"):
        call_command("verify", _export(tmp_path), "--record", str(record))


def test_verify_says_when_the_file_is_not_an_export(tmp_path):
    path = tmp_path / "garbage.json"
    path.write_text("not json")
    with pytest.raises(CommandError, match="not a JSON export"):
        call_command("verify", str(path))


def test_a_failed_audit_is_shown_on_the_county_administrators_home(log, cast, client):
    Entry.objects.filter(index=4).update(record=Entry.objects.get(index=4).record + " ")
    with pytest.raises(CommandError):
        call_command("ledger", "audit")
    client.force_login(cast["alice"])
    page = client.get("/staff/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "found the stored public record altered, first at entry 4" in page
    client.force_login(cast["vic"])
    assert "altered" not in client.get("/staff/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
