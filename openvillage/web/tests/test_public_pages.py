from datetime import date
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openvillage.org.models import Person, Term


def seat(village, name, body, post, gender="male", born=date(1975, 1, 1)):
    person = Person.objects.create(
        village=village, name=name, gender=gender, birth_date=born, phone="13812345678"
    )
    Term.objects.create(
        village=village, person=person, body=body, post=post, started_on=date(2021, 1, 1)
    )
    return person


def test_the_home_page_lists_towns_and_links_each_village(client, village_a1, village_b1):
    response = client.get("/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Town A" in body and "Town B" in body
    assert f'href="/v/{village_a1.code}/"' in body and f'href="/v/{village_b1.code}/"' in body


def test_the_village_page_shows_the_team_without_private_data(client, village_a1):
    seat(village_a1, "李明", "branch_committee", "secretary")
    seat(village_a1, "王芳", "villagers_committee", "deputy_director", gender="female")
    body = client.get(f"/v/{village_a1.code}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "李明" in body and "王芳" in body and "Secretary" in body
    assert "13812345678" not in body and "1975" not in body


def test_the_village_page_is_in_chinese_for_a_chinese_browser(client, village_a1):
    seat(village_a1, "李明", "branch_committee", "secretary")
    body = client.get(f"/v/{village_a1.code}/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert "书记" in body


def test_an_unknown_village_is_a_404(client, db):
    assert client.get("/v/990199999999/").status_code == 404


@pytest.mark.parametrize("team_size", [1, 12])
def test_the_village_page_runs_the_same_few_queries_whatever_the_team_size(
    client, village_a1, team_size
):
    for n in range(team_size):
        seat(village_a1, f"委员{n}", "villagers_committee", "committee_member")
    client.get(f"/v/{village_a1.code}/")  # warm the per-process catalogue cache
    cache.clear()  # then render the page again in full
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/v/{village_a1.code}/").status_code == 200
    assert len(queries) <= 4, [q["sql"] for q in queries]


def test_the_village_page_is_light(client, village_a1):
    for n in range(7):
        seat(village_a1, f"委员{n}", "villagers_committee", "committee_member")
    html = client.get(f"/v/{village_a1.code}/").content
    from django.contrib.staticfiles import finders

    css = Path(finders.find("web/site.css")).read_bytes()
    assert len(html) + len(css) < 50_000


def test_a_second_reader_of_the_village_page_costs_one_query(client, village_a1):
    seat(village_a1, "李明", "branch_committee", "secretary")
    first = client.get(f"/v/{village_a1.code}/")
    with CaptureQueriesContext(connection) as queries:
        second = client.get(f"/v/{village_a1.code}/")
    assert second.content == first.content
    assert len(queries) == 1


def test_a_change_to_the_team_shows_at_once_despite_the_cache(client, village_a1):
    person = seat(village_a1, "李明", "branch_committee", "secretary")
    assert "李明" in client.get(f"/v/{village_a1.code}/").content.decode()
    from openvillage.accounts.models import User
    from openvillage.org import services

    root = User.objects.create_superuser("root", "r@example.org", "pw")
    services.person_update(actor=root, person=person, name="李明华")
    assert "李明华" in client.get(f"/v/{village_a1.code}/").content.decode()


def test_the_language_link_sets_a_cookie_and_returns_to_the_page(client, village_a1):
    response = client.get(f"/lang/en/?next=/v/{village_a1.code}/")
    assert response.status_code == 302 and response["Location"] == f"/v/{village_a1.code}/"
    assert response.cookies["django_language"].value == "en"
    body = client.get(f"/v/{village_a1.code}/").content.decode()
    assert "The two committees" in body


def test_the_language_link_refuses_to_send_readers_elsewhere(client, db):
    response = client.get("/lang/en/?next=https://evil.example/")
    assert response["Location"] == "/"


def test_public_pages_set_no_cookie(client, village_a1):
    assert not client.get(f"/v/{village_a1.code}/").cookies
    assert not client.get("/").cookies


def test_an_unknown_page_is_a_styled_404_in_the_readers_language(client, db):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    chinese = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert "页面不存在" in chinese
