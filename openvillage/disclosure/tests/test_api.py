import json

import pytest

from openvillage.conftest import VALID_IDS
from openvillage.disclosure.models import Item
from openvillage.disclosure.tests.conftest import finance_statement, png_bytes

BODY = {
    "village": "990100001001",
    "matter": "monthly_finance",
    "period_start": "2025-12-01",
    "period_end": "2025-12-31",
    "title": "2025年12月财务收支公开",
    "body": "<p>明细</p>",
    "statement": finance_statement(),
    "people": [],
}


def post(client, url, data=None):
    return client.post(
        url, json.dumps(data or {}), content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )


@pytest.fixture
def as_vic(client, cast):
    client.force_login(cast["vic"])
    return client


def test_every_disclosure_endpoint_is_in_the_openapi_document(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/villages/{code}/disclosure",
        "/api/v1/villages/{code}/disclosures",
        "/api/v1/disclosures/{item_id}",
        "/api/v1/disclosures/{item_id}/versions",
        "/api/v1/staff/disclosures",
        "/api/v1/staff/disclosures/{item_id}/attachments",
    ):
        assert path in paths, path
    for verb in ("submit", "approve", "return", "publish", "amend", "withdraw"):
        assert f"/api/v1/staff/disclosures/{{item_id}}/{verb}" in paths


def test_the_whole_workflow_through_the_api(client, cast, village_a1):
    client.force_login(cast["vic"])
    created = post(client, "/api/v1/staff/disclosures", BODY)
    assert created.status_code == 201, created.content
    item_id = created.json()["id"]
    upload = client.post(
        f"/api/v1/staff/disclosures/{item_id}/attachments",
        {"file": _file("收据.png", png_bytes()), "no_card_confirmed": "true"},
    )
    assert upload.status_code == 201, upload.content
    assert (
        post(client, f"/api/v1/staff/disclosures/{item_id}/submit").json()["state"] == "submitted"
    )
    client.force_login(cast["tom"])
    assert (
        post(client, f"/api/v1/staff/disclosures/{item_id}/approve").json()["state"] == "approved"
    )
    client.force_login(cast["vic"])
    published = post(client, f"/api/v1/staff/disclosures/{item_id}/publish").json()
    assert published["version"] == 1 and published["ledger_entry_id"] is not None
    amended = post(client, f"/api/v1/staff/disclosures/{item_id}/amend", {**BODY, "reason": "更正"})
    assert amended.json()["state"] == "draft"
    client.logout()
    public = client.get(f"/api/v1/villages/{village_a1.code}/disclosures?module=finance").json()
    assert public["count"] == 1 and public["items"][0]["url"] == f"/d/{item_id}/"
    detail = client.get(f"/api/v1/disclosures/{item_id}").json()
    assert detail["current"]["statement"]["income_total_fen"] == 150000
    assert len(detail["current"]["attachments"]) == 1
    assert len(client.get(f"/api/v1/disclosures/{item_id}/versions").json()) == 1
    modules = client.get(f"/api/v1/villages/{village_a1.code}/disclosure").json()["modules"]
    assert {m["slug"]: m["items"] for m in modules}["finance"] == 1


def _file(name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def test_publishing_without_approval_is_a_409_with_a_sentence(as_vic, village_a1):
    item_id = post(as_vic, "/api/v1/staff/disclosures", BODY).json()["id"]
    response = post(as_vic, f"/api/v1/staff/disclosures/{item_id}/publish")
    assert response.status_code == 409
    assert response.json()["code"] == "not_approved" and "approve" in response.json()["detail"]


def test_a_statement_that_does_not_add_up_is_a_422_naming_the_field(as_vic, village_a1):
    statement = finance_statement()
    statement["income_total_fen"] += 1
    response = post(as_vic, "/api/v1/staff/disclosures", {**BODY, "statement": statement})
    assert response.status_code == 422
    assert response.json()["field"] == "statement.income_total_fen"


def test_a_clear_id_number_is_masked_in_the_draft_before_it_is_stored(as_vic, village_a1):
    body = {**BODY, "body": f"<p>{VALID_IDS[0]}</p>"}
    response = post(as_vic, "/api/v1/staff/disclosures", body)
    assert response["X-Personal-Data-Masked"] == "id_number=1"  # the writer is told
    item_id = response.json()["id"]
    stored = Item.objects.get(pk=item_id).body
    assert VALID_IDS[0] not in stored and "990101********0014" in stored


def test_amending_without_a_reason_is_refused(as_vic, cast, published):
    response = post(
        as_vic, f"/api/v1/staff/disclosures/{published.pk}/amend", {**BODY, "reason": " "}
    )
    assert response.status_code == 422 and response.json()["field"] == "reason"


def test_staff_endpoints_need_a_session(client, db):
    assert post(client, "/api/v1/staff/disclosures", BODY).status_code == 401


@pytest.mark.parametrize(
    ("who", "verb", "status"),
    [("tom", "approve", 200), ("tina", "approve", 403), ("vic", "approve", 403),
     ("vera", "approve", 403), ("tom", "return", 200), ("tina", "return", 403)],
)  # fmt: skip
def test_review_endpoints_follow_the_permission_matrix(client, cast, draft, who, verb, status):
    from openvillage.disclosure import services

    services.item_submit(actor=cast["vic"], item=draft)
    client.force_login(cast[who])
    response = post(client, f"/api/v1/staff/disclosures/{draft.pk}/{verb}", {"reason": "r"})
    assert response.status_code == status, response.content


@pytest.mark.parametrize(("who", "status"), [("vic", 200), ("vera", 403), ("tom", 403)])
def test_publish_endpoint_follows_the_permission_matrix(client, cast, draft, who, status):
    from openvillage.disclosure import services

    services.item_submit(actor=cast["vic"], item=draft)
    services.item_approve(actor=cast["tom"], item=draft)
    client.force_login(cast[who])
    assert post(client, f"/api/v1/staff/disclosures/{draft.pk}/publish").status_code == status
