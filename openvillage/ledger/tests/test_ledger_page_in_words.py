"""The public record's page names what each record is about and when a head was signed in
words and local time, not as ``disclosure.item 112`` or milliseconds since 1970."""

from openvillage.disclosure import services
from openvillage.disclosure.tests.conftest import content, publish
from openvillage.ledger.templatetags.ledger import local_time


def test_a_record_is_named_by_the_kind_of_object(client, cast, village_a1):
    item = services.item_create(actor=cast["vic"], village=village_a1, content=content())
    publish(item, cast["vic"], cast["tom"])
    html = client.get("/ledger/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert f"公开事项 {item.pk}" in html
    assert "disclosure.item" not in html


def test_a_signed_head_time_is_a_local_date_and_time():
    # 2026-09-30 16:00:00 UTC is 2026-10-01 00:00:00 in Asia/Shanghai
    assert local_time(1_790_784_000_123) == "2026-10-01 00:00:00"
    assert local_time(None) == ""


def test_the_signing_key_id_is_shown_as_code(client, db):
    # A hex key id such as 36821a79ebaef100 is a code to compare, not a word to read.
    from openvillage.ledger import signing

    html = client.get("/ledger/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert f"<code>{signing.key_id()}</code>" in html
