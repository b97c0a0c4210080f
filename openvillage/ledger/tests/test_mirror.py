"""`openvillage ledger mirror`: copy, extend, detect a fork, and keep the copy when it fails."""

from __future__ import annotations

import hashlib
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from openvillage.ledger import offline, services
from openvillage.ledger.mirror import ForkDetected, MirrorError, mirror
from openvillage.ledger.models import Entry, LogState, Node, TreeHead
from openvillage.ledger.tests.conftest import append

BASE = "https://village.example.org"


def client_fetch(client):
    """Answer the mirror's GETs with Django's test client instead of the network."""

    def fetch(url: str) -> bytes:
        response = client.get(url.removeprefix(BASE))
        if response.status_code != 200:
            raise MirrorError(f"{url} answered HTTP {response.status_code}")
        return response.content

    return fetch


def grow(n: int, start: int) -> None:
    with transaction.atomic():
        append(n, start=start)
    services.sign_tree_head()


def snapshot(directory) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in directory.iterdir()}


def test_a_first_mirror_copies_and_verifies_the_log(client, db, tmp_path):
    grow(5, 0)
    result = mirror(BASE, tmp_path / "m", fetch=client_fetch(client), page=2)
    assert (result.entries_before, result.entries_after, result.heads_after) == (0, 5, 1)
    assert offline.verify_copy(offline.load_copy(tmp_path / "m")).ok


def test_a_second_run_extends_the_mirror(client, db, tmp_path):
    grow(5, 0)
    fetch = client_fetch(client)
    mirror(BASE, tmp_path / "m", fetch=fetch, page=2)
    grow(4, 5)
    result = mirror(BASE, tmp_path / "m", fetch=fetch, page=2)
    assert (result.entries_before, result.entries_after) == (5, 9)
    assert (result.heads_before, result.heads_after) == (1, 2)
    report = offline.verify_copy(offline.load_copy(tmp_path / "m"))
    assert report.ok and report.entries == 9 and report.heads == 2
    assert mirror(BASE, tmp_path / "m", fetch=fetch).entries_after == 9  # nothing new: no change


def test_a_rewritten_log_is_a_fork_naming_both_heads(client, db, tmp_path):
    grow(5, 0)
    fetch = client_fetch(client)
    mirror(BASE, tmp_path / "m", fetch=fetch)
    before = snapshot(tmp_path / "m")
    old_root = TreeHead.objects.get().root_hash
    for model in (Entry, Node, TreeHead, LogState):  # the server rewrites history
        model.objects.all().delete()
    grow(7, 100)
    new_root = TreeHead.objects.get().root_hash
    with pytest.raises(ForkDetected, match="FORK") as caught:
        mirror(BASE, tmp_path / "m", fetch=fetch)
    assert f"size 7 (root {new_root}" in str(caught.value)
    assert f"size 5 (root {old_root}" in str(caught.value)
    assert snapshot(tmp_path / "m") == before


def test_a_rewritten_old_entry_is_a_fork_even_when_the_server_fakes_its_proof(
    client, db, tmp_path, monkeypatch
):
    grow(4, 0)
    fetch = client_fetch(client)
    mirror(BASE, tmp_path / "m", fetch=fetch)
    for model in (Entry, Node, TreeHead, LogState):  # rebuild with entry 1 changed
        model.objects.all().delete()
    with transaction.atomic():
        append(1, start=0)
        append(1, start=50)
        append(2, start=2)
    grow(2, 4)
    monkeypatch.setattr(
        "openvillage.ledger.mirror._Mirror.check_consistency", lambda self, old, new: None
    )
    with pytest.raises(
        ForkDetected, match="head of size 6 .* not consistent with the head of size 4"
    ):
        mirror(BASE, tmp_path / "m", fetch=fetch)


def test_garbage_from_the_server_is_reported_and_the_mirror_kept(client, db, tmp_path):
    grow(3, 0)
    mirror(BASE, tmp_path / "m", fetch=client_fetch(client))
    before = snapshot(tmp_path / "m")
    with pytest.raises(MirrorError, match="did not answer with JSON"):
        mirror(BASE, tmp_path / "m", fetch=lambda url: b"<html>maintenance</html>")
    assert snapshot(tmp_path / "m") == before


def test_entries_that_do_not_match_the_head_are_refused(client, db, tmp_path):
    grow(3, 0)
    honest = client_fetch(client)

    def forging(url: str) -> bytes:
        body = honest(url)
        if "/entries?" in url:
            data = json.loads(body)
            data["entries"][0]["record"] = data["entries"][0]["record"].replace("1", "2")
            return json.dumps(data).encode()
        return body

    with pytest.raises(MirrorError, match="entry 0: its record does not match"):
        mirror(BASE, tmp_path / "m", fetch=forging)
    assert not (tmp_path / "m" / "entries.jsonl").exists()


def test_an_unreachable_server_is_reported_by_the_command(db, tmp_path):
    with pytest.raises(CommandError, match="cannot reach .*keeps what it had") as caught:
        call_command("ledger", "mirror", "http://127.0.0.1:9", "--dir", str(tmp_path / "m"))
    assert caught.value.returncode == 2


@pytest.mark.django_db(transaction=True)
def test_a_mirror_over_real_http_from_a_live_server_verifies(live_server, tmp_path, capsys):
    grow(6, 0)
    call_command("ledger", "mirror", live_server.url, "--dir", str(tmp_path / "m"))
    call_command("verify", str(tmp_path / "m"))
    assert "OK: 6 entries, 1 signed heads verified" in capsys.readouterr().out
