from datetime import date
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openvillage.disclosure import services
from openvillage.disclosure.models import ViewDay
from openvillage.disclosure.tests.conftest import content, publish

CSS = Path(finders.find("web/site.css")).read_bytes() if finders.find("web/site.css") else b""


def publish_many(cast, village, n, matter="monthly_finance", module_title="财务公开"):
    items = []
    for i in range(n):
        item = services.item_create(
            actor=cast["vic"],
            village=village,
            content=content(
                matter=matter,
                title=f"{module_title} {i}",
                statement=None,
                period_start=date(2025, 1 + i % 12, 1),
                period_end=date(2025, 1 + i % 12, 28),
            ),
        )
        publish(item, cast["vic"], cast["tom"])
        items.append(item)
    return items


def test_the_village_page_lists_the_latest_items_per_module(client, cast, village_a1):
    publish_many(cast, village_a1, 2)
    publish_many(cast, village_a1, 1, matter="service_guide", module_title="办事指南")
    body = client.get(f"/v/{village_a1.code}/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert "财务公开 1" in body and "办事指南 0" in body
    assert f'href="/v/{village_a1.code}/finance/"' in body
    assert "便民服务" in body  # the module's name from the catalogue


def test_the_module_page_is_paginated_by_twenty_and_filters_by_category_and_period(
    client, cast, village_a1
):
    publish_many(cast, village_a1, 22)
    page1 = client.get(f"/v/{village_a1.code}/finance/").content.decode()
    assert page1.count('href="/d/') == 20
    page2 = client.get(f"/v/{village_a1.code}/finance/?page=2").content.decode()
    assert page2.count('href="/d/') == 2
    march = client.get(f"/v/{village_a1.code}/finance/?period=2025-03").content.decode()
    assert march.count('href="/d/') == 2  # items 2 and 14 cover March
    none = client.get(f"/v/{village_a1.code}/finance/?category=collective_assets").content.decode()
    assert none.count('href="/d/') == 0
    assert client.get(f"/v/{village_a1.code}/party/").status_code == 200


def test_an_unknown_module_is_a_404(client, village_a1):
    assert client.get(f"/v/{village_a1.code}/secrets/").status_code == 404


def test_the_item_page_shows_every_version_and_what_changed(client, cast, published):
    services.item_amend(
        actor=cast["vic"],
        item=published,
        reason="办公费更正",
        content=content(title="2025年12月财务收支公开（更正）", body="<p>办公费已更正。</p>"),
    )
    publish(published, cast["vic"], cast["tom"])
    body = client.get(f"/d/{published.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Version 1" in body and "Version 2" in body
    assert "办公费更正" in body
    assert '<li class="del">Removed: 2025年12月财务收支公开</li>' in body
    assert '<li class="add">Added: 2025年12月财务收支公开（更正）</li>' in body
    assert "ledger-proof" in body  # the ledger partial


def test_a_withdrawn_item_keeps_its_page_with_the_reason_and_leaves_the_lists(
    client, cast, published, village_a1
):
    services.item_withdraw(actor=cast["vic"], item=published, reason="重复发布")
    page = client.get(f"/d/{published.pk}/").content.decode()
    assert "重复发布" in page
    assert (
        f'href="/d/{published.pk}/"'
        not in client.get(f"/v/{village_a1.code}/finance/").content.decode()
    )


def test_a_draft_has_no_public_page(client, draft):
    assert client.get(f"/d/{draft.pk}/").status_code == 404


def test_views_are_counted_per_day_without_cookies_or_addresses(client, published):
    for _ in range(3):
        response = client.get(f"/d/{published.pk}/")
        assert "sessionid" not in response.cookies
    row = ViewDay.objects.get(item=published)
    assert row.count == 3
    assert {f.name for f in ViewDay._meta.get_fields()} == {"id", "item", "day", "count"}


@pytest.mark.parametrize(
    "path",
    [
        "/v/{code}/",
        "/v/{code}/finance/",
        "/d/{item}/",
        "/v/{code}/feed.atom",
        "/v/{code}/search/?q=财务",
    ],
)
def test_public_pages_answer_revalidation_with_304(client, published, village_a1, path):
    url = path.format(code=village_a1.code, item=published.pk)
    first = client.get(url)
    assert first.status_code == 200 and first.has_header("ETag")
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    if first.has_header("Last-Modified"):
        assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304


def test_a_new_publication_changes_the_validator(client, cast, published, village_a1):
    url = f"/v/{village_a1.code}/finance/"
    etag = client.get(url)["ETag"]
    publish_many(cast, village_a1, 1)
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_the_validator_differs_by_language(client, published, village_a1):
    url = f"/v/{village_a1.code}/finance/"
    assert (
        client.get(url, HTTP_ACCEPT_LANGUAGE="en")["ETag"]
        != client.get(url, HTTP_ACCEPT_LANGUAGE="zh-CN")["ETag"]
    )


@pytest.mark.parametrize("n", [1, 25])
def test_public_pages_run_a_bounded_number_of_queries_whatever_the_number_of_items(
    client, cast, village_a1, n
):
    items = publish_many(cast, village_a1, n)
    services.item_amend(
        actor=cast["vic"], item=items[0], reason="更正", content=content(statement=None)
    )
    publish(items[0], cast["vic"], cast["tom"])
    client.get(f"/d/{items[0].pk}/")  # warm the per-process catalogue cache
    limits = {
        f"/v/{village_a1.code}/": 5,
        f"/v/{village_a1.code}/finance/": 4,
        f"/d/{items[0].pk}/": 9,
        f"/v/{village_a1.code}/feed.atom": 3,
        f"/v/{village_a1.code}/search/?q=财务": 4,
    }
    for url, limit in limits.items():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        assert len(queries) <= limit, (url, [q["sql"] for q in queries])


def test_public_pages_stay_under_50_kb_with_the_stylesheet_and_use_no_javascript(
    client, cast, village_a1
):
    items = publish_many(cast, village_a1, 25)
    for url in (f"/v/{village_a1.code}/", f"/v/{village_a1.code}/finance/", f"/d/{items[0].pk}/"):
        html = client.get(url).content
        assert len(html) + len(CSS) < 50_000, url
        if not url.startswith("/d/"):
            assert b"<script" not in html


def test_pages_read_in_english_and_in_chinese(client, published, village_a1):
    en = client.get(f"/v/{village_a1.code}/finance/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    zh = client.get(f"/v/{village_a1.code}/finance/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert "Finance" in en and "财务公开" in zh


def test_the_atom_feed_lists_the_village_publications(client, published, village_a1):
    response = client.get(f"/v/{village_a1.code}/feed.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "<feed" in body and f"/d/{published.pk}/" in body and "2025年12月财务收支公开" in body
