from datetime import date
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from openvillage.org.models import Person, Term, Unit
from openvillage.org.services import unit_path


def seat(village, name, body, post, gender="male", born=date(1980, 1, 1), education="senior"):
    person = Person.objects.create(
        village=village, name=name, gender=gender, birth_date=born, education=education
    )
    Term.objects.create(
        village=village, person=person, body=body, post=post, started_on=date(2021, 1, 15)
    )
    return person


def more_villages(town, n):
    for i in range(n):
        code = f"{town.code[:9]}{100 + i:03d}"
        village = Unit.objects.create(
            code=code,
            name=f"村{i}",
            level="village",
            kind="village",
            parent=town,
            path=unit_path(code, town),
        )
        seat(village, f"书记{i}", "branch_committee", "secretary")
        seat(village, f"委员{i}", "villagers_committee", "committee_member", gender="female")


def test_the_town_sees_every_villages_structure_and_the_totals(
    client, cast, village_a1, village_a2
):
    li = seat(
        village_a1,
        "李明",
        "branch_committee",
        "secretary",
        born=date(1990, 6, 1),
        education="bachelor",
    )
    Term.objects.create(
        village=village_a1,
        person=li,
        body="villagers_committee",
        post="director",
        started_on=date(2021, 1, 15),
    )
    seat(village_a1, "王芳", "villagers_committee", "committee_member", gender="female")
    seat(village_a2, "赵强", "branch_committee", "secretary")
    client.force_login(cast["tom"])
    response = client.get("/staff/units/990100001000/teams/", HTTP_ACCEPT_LANGUAGE="en")
    overview = response.context["overview"]
    rows = {r.village.code: r.structure for r in overview.rows}
    assert (rows[village_a1.code].size, rows[village_a1.code].women) == (2, 1)
    assert rows[village_a1.code].concurrent_secretary_director
    assert rows[village_a1.code].cross_appointed == 1
    assert (overview.total.size, overview.concurrent_villages) == (3, 1)
    assert overview.villages_without_women == 1  # A2's team is one man


def test_the_overview_exports_to_a_spreadsheet(client, cast, village_a1):
    seat(village_a1, "李明", "branch_committee", "secretary")
    client.force_login(cast["alice"])
    response = client.get("/staff/units/990100000000/teams/?format=xlsx")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][1:4] == ("Village A1", village_a1.code, 1)


def test_a_town_officer_cannot_see_another_towns_teams(client, cast, village_b1):
    client.force_login(cast["tom"])
    assert client.get("/staff/units/990100002000/teams/").status_code == 403


@pytest.mark.parametrize("villages", [1, 25])
def test_the_overview_runs_the_same_queries_whatever_the_number_of_villages(
    client, cast, town_a, villages
):
    more_villages(town_a, villages)
    client.force_login(cast["tom"])
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/staff/units/990100001000/teams/").status_code == 200
    assert len(queries) <= 8, len(queries)
