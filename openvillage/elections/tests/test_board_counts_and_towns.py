"""The county board: the counts come first, one line per town, the village rows a page at a time
and late ones on request; rule codes never bare (issue 12, item 4: the board was 24,794 px)."""

from __future__ import annotations

from openvillage.conftest import make_unit
from openvillage.elections import services
from openvillage.elections.tests.conftest import ELECTION_DAY


def test_the_board_puts_counts_first_and_one_line_per_town(cast, county, village_b1, clock, client):
    general = services.election_open(
        actor=cast["alice"], county=county, name="2026", election_day=ELECTION_DAY
    )
    client.force_login(cast["alice"])
    text = client.get(
        f"/staff/elections/general/{general.pk}/board/", HTTP_ACCEPT_LANGUAGE="zh-CN"
    ).content.decode()
    assert text.index("共 6 个村级选举") < text.index("按乡镇") < text.index("各村")
    assert "Town A" in text and "Town B" in text
    assert "V2" not in text


def test_the_village_rows_come_a_page_at_a_time(cast, county, town_a, clock, client):
    for n in range(25):  # 25 villages more, 2 elections each: 56 rows, two pages of 40
        make_unit(f"9901000010{n + 50:02d}", f"村{n:02d}", "village", town_a)
    general = services.election_open(
        actor=cast["alice"], county=county, name="2026", election_day=ELECTION_DAY
    )
    url = f"/staff/elections/general/{general.pk}/board/"
    client.force_login(cast["alice"])
    first = client.get(url).content.decode()
    second = client.get(url + "?page=2").content.decode()
    assert first.count('href="/staff/elections/') - second.count('href="/staff/elections/') > 0
    assert "page=2" in first


def test_late_only_hides_the_rows_on_time(cast, general, client, clock):
    client.force_login(cast["alice"])
    page = client.get(f"/staff/elections/general/{general.pk}/board/?late=1").content.decode()
    assert "Village A1</a>" not in page  # nothing is late on the day it opens
