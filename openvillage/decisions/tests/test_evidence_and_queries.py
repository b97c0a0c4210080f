"""Evidence downloads (staff, scope-checked; names and hashes only on the public page) and
bounded queries on the staff case list, the violations list and the public case pages."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openvillage.decisions import services
from openvillage.decisions.models import Case, CaseStatus, Evidence
from openvillage.decisions.tests.conftest import at, branch, joint, record
from openvillage.disclosure.tests.conftest import pdf_bytes

SEP = date(2026, 9, 1).replace


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _open(cast, village, n: int = 1) -> list[Case]:
    with at(SEP(day=1)):
        return [
            services.case_open(
                actor=cast["vic"],
                village=village,
                power_code="asset_lease",
                amount=38000,
                description=f"leasing fish pond {i}",
            )  # fmt: skip
            for i in range(n)
        ]


@pytest.fixture
def closed(cast, registry, village_a1, media):
    case = _open(cast, village_a1)[0]
    record(cast["vic"], case, services.StepInput(step="register_check", held_on=SEP(day=1)))
    minutes = (("minutes", "minutes-0902.pdf", pdf_bytes("minutes")),)
    record(cast["vic"], case, branch(SEP(day=2), evidence=minutes))
    record(cast["vic"], case, joint(SEP(day=3), yes=2))
    with at(SEP(day=4)):
        services.case_close(actor=cast["vic"], case=case, reason="rent too low")
    case.refresh_from_db()
    return case


@pytest.mark.parametrize(
    ("who", "status"), [("vic", 200), ("tom", 200), ("alice", 200), ("vera", 403), ("tina", 403)]
)
def test_only_those_who_can_read_the_case_download_its_evidence(client, cast, closed, who, status):
    evidence = Evidence.objects.get()
    client.force_login(cast[who])
    response = client.get(f"/staff/decisions/evidence/{evidence.pk}/")
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content).startswith(b"%PDF")
        assert "minutes-0902.pdf" in response["Content-Disposition"]


def test_an_unknown_evidence_file_is_404_and_anonymous_is_sent_to_log_in(client, cast, closed):
    evidence = Evidence.objects.get()
    assert client.get(f"/staff/decisions/evidence/{evidence.pk}/").status_code == 302
    client.force_login(cast["vic"])
    assert client.get(f"/staff/decisions/evidence/{evidence.pk + 1}/").status_code == 404


def test_the_staff_case_page_links_the_evidence(client, cast, closed):
    client.force_login(cast["vic"])
    html = client.get(f"/staff/decisions/cases/{closed.pk}/").content.decode()
    assert f"/staff/decisions/evidence/{Evidence.objects.get().pk}/" in html


def test_the_public_case_page_lists_evidence_names_and_hashes_without_links(
    client, closed, village_a1
):
    evidence = Evidence.objects.get()
    html = client.get(
        f"/v/{village_a1.code}/cases/{closed.pk}/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "minutes-0902.pdf" in html and evidence.sha256 in html
    assert "Minutes:" in html
    assert "/staff/decisions/evidence/" not in html


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_staff_case_list_costs_the_same_for_1_and_20_cases(client, cast, registry, village_a1):
    client.force_login(cast["tom"])
    _open(cast, village_a1)
    one = _count(client, "/staff/decisions/cases/")
    _open(cast, village_a1, 19)
    assert _count(client, "/staff/decisions/cases/") == one


def test_the_violations_list_costs_the_same_for_1_and_20(client, cast, registry, village_a1):
    def violations(n):
        for _ in range(n):
            with at(SEP(day=5)):
                v = services.violation_record(
                    actor=cast["vic"], village=village_a1, kind="procedure_skipped",
                    facts="pond leased without a meeting",
                    cadre_ids=[registry["Li"].pk, registry["Chen"].pk],
                )  # fmt: skip
                services.accountability_add(
                    actor=cast["tom"], violation=v, kind="criticism_education",
                    decided_on=SEP(day=5), person=registry["Li"],
                )  # fmt: skip

    client.force_login(cast["tom"])
    violations(1)
    one = _count(client, "/staff/decisions/violations/")
    violations(19)
    assert _count(client, "/staff/decisions/violations/") == one


def test_the_public_case_pages_cost_the_same_for_1_and_20_cases(client, cast, closed, village_a1):
    page = f"/v/{village_a1.code}/cases/{closed.pk}/"
    listing = f"/v/{village_a1.code}/cases/"
    one = (_count(client, page), _count(client, listing))
    more = _open(cast, village_a1, 19)
    Case.objects.filter(pk__in=[c.pk for c in more]).update(
        status=CaseStatus.REJECTED, closed_on=SEP(day=4)
    )
    assert (_count(client, page), _count(client, listing)) == one
