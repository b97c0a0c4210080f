"""The public pages of the record: heads, key, an entry with its proof and in-browser check."""

from __future__ import annotations

import re

from django.template.loader import render_to_string

from openvillage.ledger import selectors, services
from openvillage.ledger.models import Entry
from openvillage.ledger.tests.conftest import append


def test_the_record_page_lists_heads_and_explains_the_offline_check(client, db):
    append(3)
    services.sign_tree_head()
    response = client.get("/ledger/", HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.status_code == 200
    assert "openvillage verify my-mirror" in page
    assert selectors.latest_head().root_hash in page
    assert len(response.content) < 50_000


def test_the_key_page_shows_the_pem_and_the_raw_key(client, db):
    page = client.get("/ledger/key").content.decode()
    assert "BEGIN PUBLIC KEY" in page
    assert re.search(r"[0-9a-f]{64}", page)
    assert client.get("/ledger/key.pem").content.startswith(b"-----BEGIN PUBLIC KEY-----")


def test_an_entry_page_says_which_entry_it_is_and_includes_the_check(client, db):
    append(6)
    services.sign_tree_head()
    response = client.get("/ledger/entry/4/", HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert "entry 4 of the public record" in page
    assert "ledger/verify.js" in page
    proof = selectors.inclusion_proof_at(4, 6)
    assert f'data-proof="{" ".join(proof.audit_path)}"' in page
    assert len(response.content) < 50_000


def test_the_record_download_is_the_exact_text_that_was_hashed(client, db):
    append(2)
    response = client.get("/ledger/entry/1/record.json")
    assert response.content == Entry.objects.get(index=1).record.encode()


def test_an_entry_not_yet_under_a_head_says_so_without_the_script(client, db):
    append(1)
    page = client.get("/ledger/entry/0/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The next signed tree head will cover this entry" in page
    assert "verify.js" not in page


def test_an_unknown_entry_is_404(client, db):
    assert client.get("/ledger/entry/99/").status_code == 404


def test_the_partial_renders_for_a_disclosure_page(db):
    append(3)
    services.sign_tree_head()
    entry = selectors.entries_for_object("disclosure.item", "2")[0]
    html = render_to_string("ledger/_proof.html", selectors.proof_context(entry))
    assert "entry 2 of the public record" in html


def test_the_poster_line_is_short(db):
    assert selectors.latest_head_short() == ""
    append(3)
    head = services.sign_tree_head()
    line = selectors.latest_head_short()
    assert line.startswith(f"size 3 · root {head.root_hash[:8]}… · 20")
