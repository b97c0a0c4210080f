"""Heart-to-heart talks and their completion, observers' checklists and reports, and the public
form for reporting a violation (anonymous, rate-limited per address)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openvillage.core.errors import InvalidInput
from openvillage.core.models import AuditEntry
from openvillage.elections import board_views, data, selectors, services
from openvillage.elections.models import ObserverReport, ViolationReport
from openvillage.elections.tests.conftest import villager
from openvillage.org.models import Term


@pytest.fixture
def leaders(village_a1, village_a2):
    """A1 has a secretary and a director in office; A2 only a director."""
    made = {}
    for village, post, body, name in [
        (village_a1, "secretary", "branch_committee", "Sec A1"),
        (village_a1, "director", "villagers_committee", "Dir A1"),
        (village_a2, "director", "villagers_committee", "Dir A2"),
    ]:
        person = villager(village, name)
        Term.objects.create(
            village=village, person=person, body=body, post=post, started_on=date(2021, 6, 1)
        )
        made[name] = person
    return made


def _missing(rows):
    return {r["village"].name: sorted(p["term"].person.name for p in r["missing"]) for r in rows}


def test_the_town_sees_who_among_secretaries_and_directors_is_still_missing(
    cast, general, leaders, village_a1
):
    services.talk_record(
        actor=cast["tom"],
        general=general,
        village=village_a1,
        person=leaders["Sec A1"],
        person_name="Sec A1",
        held_on=date(2026, 4, 28),
        summary="Talked about the term and the campaign pledges.",
        concerns="Worried about clan lobbying.",
    )
    rows = selectors.talks_completion(cast["tom"], general)
    assert _missing(rows) == {"Village A1": ["Dir A1"], "Village A2": ["Dir A2"]}
    county_rows = selectors.talks_completion(cast["alice"], general)
    assert {r["village"].name for r in county_rows} == {"Village A1", "Village A2", "Village B1"}


def test_the_talks_page_records_a_talk_and_counts_completion(cast, general, leaders, client):
    client.force_login(cast["tom"])
    url = f"/staff/elections/general/{general.pk}/talks/"
    form = {
        "village": leaders["Dir A2"].village_id,
        "person": leaders["Dir A2"].pk,
        "held_on": "2026-04-30",
        "summary": "Explained the new rules.",
    }
    page = client.post(url, form, follow=True).content.decode()
    assert "Saved." in page
    assert "Talks held with 1 of 3" in page


def test_a_talk_without_a_summary_names_the_field(cast, general, leaders, client):
    client.force_login(cast["tom"])
    url = f"/staff/elections/general/{general.pk}/talks/"
    form = {"village": leaders["Dir A2"].village_id, "held_on": "2026-04-30", "person_name": "X"}
    page = client.post(url, form, follow=True).content.decode()
    assert "Summary: This field is required." in page


def test_the_talks_page_runs_a_bounded_number_of_queries(cast, general, leaders, client):
    client.force_login(cast["alice"])
    url = f"/staff/elections/general/{general.pk}/talks/"
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    assert len(ctx.captured_queries) <= 8


def test_the_checklist_items_are_data_and_each_cites_a_rule():
    codes = [row["code"] for row in data.observer_checklist()]
    assert {"secret_booth", "box_sealed_shown_empty", "counting_in_public"} <= set(codes)
    assert all(row["rule"] for row in data.observer_checklist())


@pytest.fixture
def assignment(cast, general, village_a1):
    return services.observer_assign(
        actor=cast["tom"], general=general, observer=cast["oscar"], village=village_a1
    )


def test_the_observer_sees_his_villages_and_sends_a_checklist_the_town_reads(
    cast, general, assignment, client
):
    client.force_login(cast["oscar"])
    page = client.get("/staff/elections/observe/").content.decode()
    assert "Village A1" in page and "A secret booth was set up and used" in page
    form = {"secret_booth": "yes", "box_sealed_shown_empty": "no", "concerns": "Box not shown."}
    done = client.post(f"/staff/elections/observe/{assignment.pk}/", form, follow=True)
    assert "sent to the election office" in done.content.decode()
    report = ObserverReport.objects.get()
    assert report.checklist == {"secret_booth": "yes", "box_sealed_shown_empty": "no"}
    client.force_login(cast["tom"])
    office = client.get(f"/staff/elections/general/{general.pk}/observers/").content.decode()
    assert "Box not shown." in office and "The ballot box was shown empty" in office
    client.force_login(cast["tina"])  # town B does not see town A's reports
    assert (
        "Box not shown."
        not in client.get(f"/staff/elections/general/{general.pk}/observers/").content.decode()
    )


@pytest.mark.parametrize(
    ("checklist", "field"),
    [
        ({}, "checklist"),
        ({"bribes_seen": "yes"}, "checklist"),
        ({"secret_booth": "maybe"}, "secret_booth"),
    ],
)
def test_a_checklist_with_unknown_items_or_answers_is_refused(cast, assignment, checklist, field):
    with pytest.raises(InvalidInput) as err:
        services.observer_report_submit(
            actor=cast["oscar"], assignment=assignment, checklist=checklist
        )
    assert err.value.field == field


def test_another_observer_cannot_report_on_this_assignment(cast, assignment, client):
    client.force_login(cast["vic"])
    page = client.post(f"/staff/elections/observe/{assignment.pk}/", {"secret_booth": "yes"})
    assert page.status_code == 302 and not ObserverReport.objects.exists()


@pytest.fixture
def published_roll(cast, vc, people):
    services.roll_build(actor=cast["vic"], election=vc)
    services.roll_publish(actor=cast["vic"], election=vc)
    return vc


def _report(client, vc, **extra):
    form = {"violation_type": "bribery", "description": "Red packets at the gate.", **extra}
    return client.post(f"/v/{vc.village.code}/election/report/", form, follow=True)


def test_anyone_reports_a_violation_from_the_public_page_and_stays_anonymous(
    published_roll, client
):
    vc = published_roll
    assert "Report a violation" in client.get(f"/v/{vc.village.code}/election/").content.decode()
    page = _report(client, vc, reporter_name="Neighbour Qian", reporter_contact="138")
    assert "sent to the town" in page.content.decode()
    report = ViolationReport.objects.get()
    assert report.routed_to == vc.village.parent and report.reporter_name == "Neighbour Qian"
    entry = AuditEntry.objects.get(action="elections.violation.file")
    assert "Qian" not in str(entry.changes) + entry.note + str(entry.actor_label or "")
    assert "Neighbour Qian" not in page.content.decode()


def test_public_reports_are_limited_per_address(published_roll, client):
    for _ in range(board_views.REPORTS_PER_HOUR):
        _report(client, published_roll)
    page = _report(client, published_roll)
    assert "Too many reports" in page.content.decode()
    assert ViolationReport.objects.count() == board_views.REPORTS_PER_HOUR


def test_a_public_report_without_a_description_names_the_field(published_roll, client):
    page = _report(client, published_roll, description="")
    assert "What happened: This field is required." in page.content.decode()
    assert not ViolationReport.objects.exists()
