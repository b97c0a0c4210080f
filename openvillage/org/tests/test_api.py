from datetime import date

from openvillage.org.models import Person, Term


def test_the_units_endpoint_lists_villages_of_a_town(client, village_a1, village_a2, village_b1):
    data = client.get("/api/v1/units?parent=990100001000").json()
    assert [u["code"] for u in data["items"]] == [village_a1.code, village_a2.code]
    assert data["count"] == 2


def test_the_team_endpoint_gives_posts_and_structure_but_nothing_private(client, village_a1):
    person = Person.objects.create(
        village=village_a1,
        name="李明",
        gender="female",
        birth_date=date(1980, 6, 1),
        phone="13800000000",
        id_masked="990101********0014",
    )
    Term.objects.create(
        village=village_a1,
        person=person,
        body="branch_committee",
        post="secretary",
        started_on=date(2021, 1, 1),
    )
    data = client.get(f"/api/v1/villages/{village_a1.code}/team").json()
    assert data["members"][0]["posts"] == ["branch_committee.secretary"]
    assert data["structure"]["women"] == 1
    assert "13800000000" not in str(data) and "0014" not in str(data)


def test_an_unknown_unit_is_a_404_with_a_message(client, db):
    response = client.get("/api/v1/units/123456789012", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert "123456789012" in response.json()["detail"]


def test_the_openapi_document_lists_the_registry_endpoints(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/units" in paths and "/api/v1/villages/{code}/team" in paths
