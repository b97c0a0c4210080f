"""The county's view over the API: scoped like the pages, the same figures."""

from openvillage.analytics import fill


def test_the_api_gives_a_units_figures_in_its_scope_only(client, cast):
    fill.fill_all()
    client.force_login(cast["tom"])
    answer = client.get("/api/v1/analytics/units/990100001000?days=7")
    assert answer.status_code == 200
    body = answer.json()
    assert body["unit"] == "990100001000"
    names = {s["stat"] for s in body["stats"]}
    assert {"disclosure.published", "feedback.received", "feedback.open"} <= names
    assert all(len(s["series"]) == 7 for s in body["stats"])
    assert {c["code"] for c in body["stats"][0]["children"]} == {"990100001001", "990100001002"}
    assert client.get("/api/v1/analytics/units/990100000000").status_code == 403
    assert client.get("/api/v1/analytics/units/990100001000?days=0").status_code == 422


def test_the_api_needs_a_staff_session(client, cast):
    assert client.get("/api/v1/analytics/units/990100001000").status_code == 401
