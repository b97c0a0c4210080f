"""The API under /api/v1/supervision/ (in the OpenAPI document, scoped like the pages), and the
demo builder on the demo county's villages chosen by code."""

from openvillage.org.demo import build_demo
from openvillage.supervision import hooks
from openvillage.supervision.models import Problem, State


def test_the_supervision_endpoints_are_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/supervision/problems" in paths
    assert "/api/v1/supervision/problems/{pk}/verify" in paths
    assert "/api/v1/supervision/villages/{code}/rectified" in paths


def test_the_api_lists_the_scope_and_walks_the_order(client, cast, problem, responsible):
    client.force_login(cast["tom"])
    rows = client.get("/api/v1/supervision/problems").json()["items"]
    assert [r["id"] for r in rows] == [problem.pk]
    response = client.post(
        f"/api/v1/supervision/problems/{problem.pk}/order",
        {"responsible_id": responsible.pk},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["state"] == State.ORDERED
    client.force_login(cast["tina"])
    assert client.get("/api/v1/supervision/problems").json()["items"] == []
    assert client.get(f"/api/v1/supervision/problems/{problem.pk}").status_code == 403


def test_a_wrong_state_is_409_and_bad_input_422(client, cast, problem):
    client.force_login(cast["tom"])
    response = client.post(f"/api/v1/supervision/problems/{problem.pk}/close")
    assert response.status_code == 409
    response = client.post(
        "/api/v1/supervision/problems",
        {"village_code": problem.village.code, "title": "x", "severity": "huge"},
        content_type="application/json",
    )
    assert response.status_code == 422


def test_the_demo_builds_problems_in_villages_chosen_by_code(db):
    build_demo(seed=2026, villages=4, households_per_village=3)
    said = hooks.build_demo({})
    assert "8 problems in 2 villages" in said
    codes = set(Problem.objects.values_list("village__code", flat=True))
    assert codes == {"990100001001", "990100001002"}
    states = set(Problem.objects.values_list("state", flat=True))
    assert {State.OPEN, State.ORDERED, State.SUBMITTED} <= states


def test_a_notice_through_the_api_and_the_lists(client, cast, problem, responsible, village_a1):
    from openvillage.supervision import services

    client.force_login(cast["tom"])
    response = client.post(
        "/api/v1/supervision/notices",
        {
            "title": "整改通知",
            "lines": [{"problem_id": problem.pk, "responsible_id": responsible.pk}],
        },
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["problems"] == [problem.pk]
    services.review_meeting_record(
        actor=cast["cora"], unit=village_a1.parent.parent, held_on=problem.created_at.date(),
        conclusions="点名", screening_proposed=[village_a1],
    )  # fmt: skip
    client.force_login(cast["alice"])
    rows = client.get("/api/v1/supervision/reviews").json()["items"]
    assert rows[0]["screening_proposed"] == [village_a1.code]
    assert client.get("/api/v1/supervision/rounds").status_code == 200
    assert client.get("/api/v1/supervision/surveys").status_code == 200
