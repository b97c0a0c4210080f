"""The town and county progress boards: a row per village election, a cell per step (done, due,
late), totals per step, and a bounded number of queries whatever the number of villages."""

from __future__ import annotations

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from openvillage.conftest import make_unit
from openvillage.elections import selectors, services
from openvillage.elections.models import GeneralElection
from openvillage.elections.rules import timetable
from openvillage.elections.tests.conftest import ELECTION_DAY, moment


def _board(client, user, general, query=""):
    client.force_login(user)
    return client.get(f"/staff/elections/general/{general.pk}/board/{query}")


def _queries(client, user, general) -> int:
    client.force_login(user)
    url = f"/staff/elections/general/{general.pk}/board/"
    client.get(url)  # warm up: session, templates
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_county_board_runs_the_same_queries_for_30_villages_as_for_3(
    cast, county, town_a, clock
):
    alice = cast["alice"]
    small = services.election_open(actor=alice, county=county, name="S", election_day=ELECTION_DAY)
    few = _queries(_client(), alice, small)
    GeneralElection.objects.filter(pk=small.pk).update(state="closed")
    for i in range(27):
        make_unit(f"99010000{3000 + i:04d}", f"Village X{i}", "village", town_a)
    large = services.election_open(actor=alice, county=county, name="L", election_day=ELECTION_DAY)
    rows, _totals = selectors.board_rows(selectors.board_elections(alice, large))
    assert len(rows) == 60
    assert _queries(_client(), alice, large) == few


def _client():
    from django.test import Client

    return Client()


def test_a_step_not_done_after_its_due_date_is_late_and_counted(cast, general, vc, people, client):
    services.roll_build(actor=cast["vic"], election=vc)
    services.roll_publish(actor=cast["vic"], election=vc)  # 1 May, due 26 May: done on time
    with_clock = moment(date(2026, 6, 11))  # candidate list due 10 June, not published
    import time_machine

    with time_machine.travel(with_clock, tick=False):
        rows, totals = selectors.board_rows(selectors.board_elections(cast["alice"], general))
        page = _board(client, cast["alice"], general).content.decode()
    a1 = next(r for r in rows if r["election"].pk == vc.pk)
    cells = {c["step"]: c for c in a1["cells"]}
    assert cells["roll_published"]["state"] == timetable.DONE
    assert cells["roll_published"]["done"] == date(2026, 5, 1)
    assert cells["objections_decided"]["state"] == timetable.DONE  # window closed, none filed
    assert cells["candidate_list_published"]["state"] == timetable.LATE
    assert cells["election_held"]["state"] == timetable.DUE
    by_step = {t["step"]: t for t in totals}
    assert by_step["roll_published"] == {**by_step["roll_published"], "done": 1, "late": 5}
    assert by_step["candidate_list_published"]["late"] == 6
    assert "late" in page and "Village A1" in page


def test_an_objection_decided_after_its_three_days_makes_the_step_late(cast, general, vc, people):
    services.roll_build(actor=cast["vic"], election=vc)
    services.roll_publish(actor=cast["vic"], election=vc)
    services.roll_objection_file(
        actor=cast["vic"], election=vc, objector_name="Qian", kind="omitted", text="Missing."
    )
    rows, totals = selectors.board_rows(selectors.board_elections(cast["alice"], general))
    cell = next(r for r in rows if r["election"].pk == vc.pk)["cells"][1]
    assert (cell["state"], cell["due"]) == (timetable.DUE, date(2026, 5, 4))


def test_the_town_officer_sees_only_the_villages_of_his_town(cast, general, client):
    page = _board(client, cast["tom"], general).content.decode()
    assert "Village A1" in page and "Village A2" in page
    assert "Village B1" not in page


def test_the_county_can_narrow_the_board_to_one_town(cast, general, town_b, client):
    page = _board(client, cast["alice"], general, f"?town={town_b.pk}").content.decode()
    assert "Village B1" in page and "Village A1" not in page


def test_a_board_of_another_county_is_refused(cast, general, client):
    other = make_unit("980100000000", "Other County", "county", None)
    outsider = type(cast["alice"]).objects.create(
        username="olga", role="county_admin", unit=other, is_active=True
    )
    assert _board(client, outsider, general).status_code == 403


def test_step_state_reads_done_due_and_late_by_c4():
    due = date(2026, 5, 26)
    assert timetable.step_state(due, date(2026, 5, 26), date(2026, 6, 1)) == "done"
    assert timetable.step_state(due, date(2026, 5, 27), date(2026, 6, 1)) == "done_late"
    assert timetable.step_state(due, None, date(2026, 5, 26)) == "due"
    assert timetable.step_state(due, None, date(2026, 5, 27)) == "late"
    assert timetable.step_state(None, None, date(2026, 5, 27)) == "none"
