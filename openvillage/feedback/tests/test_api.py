"""The API of messages: in the OpenAPI document; public replies; staff reply by scope."""

import json

from openvillage.feedback.tests.conftest import post


def test_the_feedback_endpoints_are_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/villages/{code}/messages" in paths
    assert "/api/v1/villager/messages" in paths
    assert "/api/v1/staff/feedback/messages/{pk}/reply" in paths


def test_a_clerk_replies_through_the_api_and_the_reply_is_public(client, cast, zhang, village_a1):
    message = post(zhang)
    client.force_login(cast["vic"])
    response = client.post(
        f"/api/v1/staff/feedback/messages/{message.pk}/reply",
        json.dumps({"text": "已公开"}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    rows = client.get(f"/api/v1/villages/{village_a1.code}/messages").json()["items"]
    assert rows[0]["name"] == "张*" and rows[0]["replies"][0]["text"] == "已公开"


def test_a_town_officer_of_another_town_gets_404(client, cast, zhang):
    message = post(zhang)
    client.force_login(cast["tina"])
    response = client.get(f"/api/v1/staff/feedback/messages/{message.pk}")
    assert response.status_code == 404
