"""Staff pages, the public page of a closed case, the PDF record and the API."""

from __future__ import annotations

from datetime import date

import pytest

from openvillage.decisions import services
from openvillage.decisions.tests.conftest import at, branch, joint, record

SEP = date(2026, 9, 1).replace


@pytest.fixture
def case(cast, registry, village_a1):
    with at(SEP(day=1)):
        return services.case_open(
            actor=cast["vic"], village=village_a1, power_code="asset_lease", amount=38000,
            description="leasing the collective fish pond for 38,000 yuan a year",
        )  # fmt: skip


@pytest.fixture
def closed(cast, case):
    task = services.StepInput(step="register_check", held_on=SEP(day=1))
    record(cast["vic"], case, task)
    record(cast["vic"], case, branch(SEP(day=2)))
    record(cast["vic"], case, joint(SEP(day=3), yes=2))  # fails: back to the proposal
    with at(SEP(day=4)):
        services.case_close(actor=cast["vic"], case=case, reason="rent too low")
    case.refresh_from_db()
    return case


def test_the_case_page_names_the_next_step_and_why_it_cannot_start(client, cast, case):
    client.force_login(cast["vic"])
    with at(SEP(day=1)):
        page = client.get(f"/staff/decisions/cases/{case.pk}/")
    assert page.status_code == 200
    assert "register_check" in page.content.decode()


def test_a_step_out_of_order_on_the_form_is_a_409_with_the_reason(client, cast, case):
    client.force_login(cast["vic"])
    with at(SEP(day=2)):
        page = client.post(
            f"/staff/decisions/cases/{case.pk}/",
            {"step": "consultation", "held_on": "2026-09-02", "present": 6, "votes_for": 6},
        )
    assert page.status_code == 409
    assert "register_check" in page.content.decode()


def test_a_vote_above_those_present_on_the_form_names_the_field(client, cast, case):
    record(cast["vic"], case, services.StepInput(step="register_check", held_on=SEP(day=1)))
    client.force_login(cast["vic"])
    with at(SEP(day=2)):
        page = client.post(
            f"/staff/decisions/cases/{case.pk}/",
            {"step": "proposal", "held_on": "2026-09-02", "present": 2, "votes_for": 3},
        )
    assert page.status_code == 422
    assert page.context["form"].errors["votes_for"]


def test_staff_pages_render(client, cast, case):
    client.force_login(cast["alice"])
    for url in (
        "/staff/decisions/powers/",
        "/staff/decisions/cases/",
        "/staff/decisions/violations/",
    ):
        assert client.get(url).status_code == 200


def test_a_closed_case_is_public_and_linked_from_the_affairs_module(
    client, case, closed, village_a1
):
    url = f"/v/{village_a1.code}/cases/{case.pk}/"
    assert client.get(url).status_code == 200
    listing = client.get(f"/v/{village_a1.code}/cases/").content.decode()
    assert url in listing
    affairs = client.get(f"/v/{village_a1.code}/affairs/").content.decode()
    assert f"/v/{village_a1.code}/cases/" in affairs


def test_an_open_case_has_no_public_page(client, case, village_a1):
    assert client.get(f"/v/{village_a1.code}/cases/{case.pk}/").status_code == 404


def test_the_printable_record_is_a_pdf(client, cast, closed, village_a1):
    response = client.get(f"/v/{village_a1.code}/cases/{closed.pk}/record.pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_the_api_opens_a_case_and_refuses_a_skipped_step_with_409(client, cast, registry):
    client.force_login(cast["vic"])
    with at(SEP(day=1)):
        opened = client.post(
            "/api/v1/staff/cases",
            {"village": "990100001001", "power_code": "procurement", "amount": 2000,
             "description": "desks"},
            content_type="application/json",
        )  # fmt: skip
        assert opened.status_code == 201, opened.content
        assert opened.json()["procedure_code"] == "approval_by_joint_meeting"
        case_id = opened.json()["id"]
        refused = client.post(
            f"/api/v1/staff/cases/{case_id}/steps",
            {"step": "approval", "held_on": "2026-09-01", "present": 6, "votes_for": 6},
            content_type="application/json",
        )
    assert refused.status_code == 409
    assert refused.json()["code"] == "previous_step_not_passed"
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/staff/cases/{case_id}/steps" in schema["paths"]
    assert "/api/v1/powerlist" in schema["paths"]
