"""Staff pages, the public election page and the API (in the OpenAPI document)."""

from openvillage.elections import services
from openvillage.elections.tests.conftest import named, to_candidates


def test_the_staff_election_page_shows_timetable_and_roll_to_the_village_clerk(
    cast, vc, people, client
):
    services.roll_build(actor=cast["vic"], election=vc)
    client.force_login(cast["vic"])
    page = client.get(f"/staff/elections/{vc.pk}/")
    assert page.status_code == 200
    assert "Chen" in page.content.decode()
    assert client.get("/staff/elections/").status_code == 200


def test_another_village_clerk_cannot_open_the_page(cast, vc, client):
    client.force_login(cast["vera"])
    assert client.get(f"/staff/elections/{vc.pk}/").status_code == 403


def test_a_refused_action_is_shown_with_its_reason(cast, vc, client):
    client.force_login(cast["vic"])
    page = client.post(f"/staff/elections/{vc.pk}/roll_publish/", follow=True)
    assert page.status_code == 200
    assert "empty" in page.content.decode() or "空" in page.content.decode()


def test_tally_entry_through_the_page_and_the_api(cast, vc, people, client):
    first = to_candidates(
        cast,
        vc,
        people,
        {
            "director": ["Chen", "Li"],
            "deputy_director": ["Wang", "Zhao"],
            "member": ["Sun", "Zhou", "Wu", "Zheng"],
        },
    )
    hall = services.station_add(
        actor=cast["vic"], election=vc, name="Hall", kind="central", scrutineers=[]
    )
    client.force_login(cast["vic"])
    form = {
        "round": first.pk,
        "station": hall.pk,
        "post": "director",
        "voters_voted": 8,
        "ballots_issued": 8,
        "ballots_collected": 8,
        "invalid_ballots": 0,
        "votes": "Chen=5\nLi=3",
    }
    client.post(f"/staff/elections/{vc.pk}/tally/", form)
    assert named(first.sheets.get().first["votes"]) == {"Chen": 5, "Li": 3}
    client.force_login(cast["tom"])
    body = {
        "round_id": first.pk,
        "station_id": hall.pk,
        "post": "director",
        "voters_voted": 8,
        "ballots_issued": 8,
        "ballots_collected": 8,
        "invalid_ballots": 0,
        "votes": {"Chen": 5, "Li": 2},
    }
    answer = client.post(
        f"/api/v1/staff/elections/{vc.pk}/tally", body, content_type="application/json"
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["status"] == "disagree"
    assert named(answer.json()["differences"]) == ["Li"]


def test_the_public_api_and_page_show_the_published_candidates(cast, vc, people, client):
    to_candidates(
        cast,
        vc,
        people,
        {
            "director": ["Chen", "Li"],
            "deputy_director": ["Wang", "Zhao"],
            "member": ["Sun", "Zhou", "Wu", "Zheng"],
        },
    )
    data = client.get(f"/api/v1/villages/{vc.village.code}/election").json()
    law = next(d for d in data if d["law"] == "villagers_committee")
    assert {c["name"] for c in law["candidates"]} >= {"Chen", "Li"}
    assert client.get(f"/v/{vc.village.code}/").content.decode().count("/election/") >= 1


def test_the_election_endpoints_are_in_the_openapi_document(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/villages/{village_code}/election" in paths
    assert "/api/v1/staff/elections/{pk}/tally" in paths
