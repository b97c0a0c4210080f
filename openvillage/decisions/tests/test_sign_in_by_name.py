"""The people who signed in to a meeting are typed by name on the case page (the people
picker's rules), never by internal person number (issue 12, item 3)."""

from __future__ import annotations

from datetime import date

import pytest

from openvillage.core.errors import InvalidInput
from openvillage.decisions import services
from openvillage.decisions.tests.conftest import at
from openvillage.decisions.views import _attendee_ids

SEP = date(2026, 9, 1).replace


@pytest.fixture
def case(cast, registry, village_a1):
    with at(SEP(day=1)):
        return services.case_open(
            actor=cast["vic"],
            village=village_a1,
            power_code="major_decision",
            amount=None,
            description="repairing the village road",
        )


def test_names_separated_by_commas_or_enumeration_marks_are_resolved(cast, registry, village_a1):
    ids = _attendee_ids("Li、Wang，Zhao", user=cast["vic"], village=village_a1)
    assert ids == (registry["Li"].pk, registry["Wang"].pk, registry["Zhao"].pk)


def test_an_unknown_name_is_refused_on_the_field(cast, registry, village_a1):
    with pytest.raises(InvalidInput) as err:
        _attendee_ids("Li, Nobody", user=cast["vic"], village=village_a1)
    assert err.value.field == "attendees"


def test_the_case_page_records_a_step_signed_in_by_name(cast, case, registry, client):
    client.force_login(cast["vic"])
    with at(SEP(day=1)):
        page = client.post(
            f"/staff/decisions/cases/{case.pk}/",
            {"step": "proposal", "held_on": "2026-09-01", "attendees": "Li、Wang", "votes_for": 2},
        )
    assert page.status_code == 302, page.content.decode()[:2000]
    record = case.records.get()
    assert {p.name for p in record.attendees.all()} == {"Li", "Wang"}
