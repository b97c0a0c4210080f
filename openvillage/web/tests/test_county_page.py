"""The county page: villages by town, searchable, paginated, cached by its validator."""

import pytest

from openvillage.conftest import make_unit
from openvillage.org.imports.service import import_file
from openvillage.org.tests.test_import_roll import write_xlsx
from openvillage.web.public_views import COUNTY_PAGE_SIZE


@pytest.fixture
def big_county(county, town_a, town_b):
    """130 villages: 100 in Town A, 30 in Town B (more than one page)."""
    for n in range(100):
        make_unit(f"990100001{n + 100:03d}", f"甲村{n:03d}", "village", town_a)
    for n in range(30):
        make_unit(f"990100002{n + 100:03d}", f"乙村{n:03d}", "village", town_b)
    return county


def get(client, url, **headers):
    return client.get(url, HTTP_ACCEPT_LANGUAGE="en", **headers)


def test_the_first_page_holds_a_page_of_villages_grouped_by_town(client, big_county):
    page = get(client, "/").content.decode()
    assert page.count('href="/v/') == COUNTY_PAGE_SIZE == 120
    assert page.index(">Town A</h2>") < page.index(">Town B</h2>")
    assert "甲村099" in page and "乙村019" in page and "乙村020" not in page
    assert 'href="?page=2"' in page and "Page 1 of 2" in page and "<script" not in page


def test_the_second_page_holds_the_rest(client, big_county):
    page = get(client, "/?page=2").content.decode()
    assert page.count('href="/v/') == 10 and "乙村020" in page and "甲村000" not in page


def test_every_town_is_listed_with_its_number_of_villages(client, big_county):
    page = get(client, "/?page=2").content.decode()
    assert 'href="?town=990100001000">Town A</a> <span class="muted">(100)</span>' in page
    assert 'href="?town=990100002000">Town B</a> <span class="muted">(30)</span>' in page


def test_a_town_link_shows_only_its_villages(client, big_county):
    page = get(client, "/?town=990100002000").content.decode()
    assert page.count('href="/v/') == 30 and ">Town A</h2>" not in page


def test_the_search_box_finds_villages_by_name_code_or_town(client, big_county):
    assert get(client, "/?q=乙村00").content.decode().count('href="/v/') == 10
    assert get(client, "/?q=990100001115").content.decode().count('href="/v/') == 1
    assert get(client, "/?q=Town B").content.decode().count('href="/v/') == 30
    page = get(client, "/?q=nowhere").content.decode()
    assert "No village matches “nowhere”." in page and 'href="/v/' not in page


def test_a_cached_county_page_costs_one_query_and_honours_if_none_match(
    client, big_county, django_assert_num_queries
):
    first = get(client, "/")
    with django_assert_num_queries(1):
        again = get(client, "/")
    assert again.content == first.content
    with django_assert_num_queries(1):
        assert get(client, "/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_a_renamed_village_shows_at_once(client, cast, big_county, town_a, tmp_path):
    before = get(client, "/")
    rows = [{"code": "990100001110", "name": "新名村", "level": "村", "parent_code": town_a.code}]
    path = write_xlsx(tmp_path / "units.xlsx", "units", rows)
    result = import_file(
        actor=cast["tom"], kind="units", village_or_unit=town_a, uploaded_file=path
    )
    assert result.ok and result.counts["units"]["updated"] == 1
    after = get(client, "/", HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200 and "新名村" in after.content.decode()


def test_a_nul_in_the_search_is_refused_at_the_edge_naming_the_parameter(client, big_county):
    answer = get(client, "/?q=%00乙村")
    assert answer.status_code == 400
    assert "q" in answer.content.decode()
