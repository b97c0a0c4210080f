"""Issue 11 §3: a withdrawn item's files stop being served at once, caches included.

- a published file is sent with a validator and must be revalidated (never ``immutable``);
- after a withdrawal the file's address answers 410 with when and why, and no byte of the file;
- a take-down for personal data (village or town) also erases the stored file: the ledger keeps
  its hash, never the file.
"""

from __future__ import annotations

import pytest

from openvillage.core.errors import NotAllowed
from openvillage.disclosure import services
from openvillage.disclosure.models import Attachment
from openvillage.disclosure.tests.conftest import pdf_bytes, publish
from openvillage.ledger.models import Entry


@pytest.fixture
def served(cast, draft):
    attachment = services.item_attach(
        actor=cast["vic"], item=draft, name="名单.pdf", content=pdf_bytes("list of names")
    )
    publish(draft, cast["vic"], cast["tom"])
    draft.refresh_from_db()
    return draft, attachment


def _url(item, attachment):
    return f"/d/{item.pk}/files/{attachment.pk}/"


def test_a_published_file_must_be_revalidated_by_every_cache(client, served):
    item, attachment = served
    response = client.get(_url(item, attachment))
    assert response.status_code == 200
    assert "immutable" not in response["Cache-Control"]
    assert "must-revalidate" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    assert response["ETag"] == f'"{attachment.sha256}"'
    again = client.get(_url(item, attachment), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_a_withdrawn_items_file_is_no_longer_served_and_the_page_says_why(cast, client, served):
    item, attachment = served
    services.item_withdraw(actor=cast["vic"], item=item, reason="名单有误，重新公示")
    response = client.get(_url(item, attachment), HTTP_IF_NONE_MATCH=f'"{attachment.sha256}"')
    assert response.status_code == 410
    page = response.content.decode()
    assert "名单有误，重新公示" in page and attachment.sha256 in page
    assert b"%PDF" not in response.content
    assert response["Cache-Control"] == "no-store"
    item_page = client.get(f"/d/{item.pk}/").content.decode()
    assert _url(item, attachment) not in item_page


def test_a_take_down_for_personal_data_by_the_town_erases_the_file(cast, client, served):
    item, attachment = served
    storage, path = attachment.file.storage, attachment.file.name
    assert storage.exists(path)
    services.item_withdraw(
        actor=cast["tom"], item=item, reason="含村民身份证号", personal_data=True
    )
    assert not storage.exists(path)
    assert Attachment.objects.get(pk=attachment.pk).file.name == ""
    assert client.get(_url(item, attachment)).status_code == 410
    records = " ".join(Entry.objects.values_list("record", flat=True))
    assert attachment.sha256 in records and "list of names" not in records


def test_a_clerk_of_another_village_cannot_take_the_file_down(cast, served):
    item, _attachment = served
    with pytest.raises(NotAllowed):
        services.item_withdraw(actor=cast["vera"], item=item, reason="x", personal_data=True)
