"""Recording the notice of a meeting before it is held (§3 step 3: the plan is sent to every
party member at least 3 days before): the case page tells from when the meeting may be held."""

from __future__ import annotations

from datetime import date

import pytest

from openvillage.core.errors import InvalidInput, NotAllowed, WrongState
from openvillage.core.models import AuditEntry
from openvillage.decisions import services
from openvillage.decisions.models import StepNotice
from openvillage.decisions.tests.conftest import at, branch, joint, record

SEP = date(2026, 9, 1).replace


@pytest.fixture
def case(cast, registry, village_a1):
    with at(SEP(day=1)):
        case = services.case_open(
            actor=cast["vic"], village=village_a1, power_code="major_decision", amount=None,
            description="repairing the village road",
        )  # fmt: skip
    record(cast["vic"], case, branch(SEP(day=1)))
    record(cast["vic"], case, joint(SEP(day=2)))
    return case


def notice(actor, case, step: str, given: date, today: date, **kw):
    with at(today):
        return services.notice_record(
            actor=actor, case=case, step_code=step, notice_given_on=given, **kw
        )


def test_a_notice_on_the_2nd_allows_the_party_members_meeting_from_the_5th(cast, case):
    given = notice(cast["vic"], case, "deliberation", SEP(day=2), SEP(day=2))
    assert services.notice_from(case, given) == SEP(day=5)
    assert AuditEntry.objects.filter(action="decisions.notice.record").count() == 1


def test_the_case_page_shows_the_notice_and_the_first_day_of_the_meeting(client, cast, case):
    notice(cast["vic"], case, "deliberation", SEP(day=2), SEP(day=2))
    client.force_login(cast["vic"])
    with at(SEP(day=3)):
        page = client.get(f"/staff/decisions/cases/{case.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert "Notice given on 2026-09-02: the meeting may be held from 2026-09-05" in html
    assert page.context["view"].next.earliest_start == SEP(day=5)


def test_the_meeting_takes_the_recorded_notice_and_waits_for_it(cast, case):
    notice(cast["vic"], case, "deliberation", SEP(day=2), SEP(day=2))
    early = services.StepInput(step="deliberation", held_on=SEP(day=4), present=5, votes_for=4)
    with pytest.raises(WrongState) as err:
        record(cast["vic"], case, early)
    assert err.value.code == "notice_not_elapsed"
    rec = record(cast["vic"], case, services.StepInput(**{**early.__dict__, "held_on": SEP(day=5)}))
    assert rec.notice_given_on == SEP(day=2) and rec.outcome == "passed"


def test_the_form_records_a_notice(client, cast, case):
    client.force_login(cast["vic"])
    with at(SEP(day=2)):
        response = client.post(
            f"/staff/decisions/cases/{case.pk}/notice/",
            {"step": "deliberation", "notice_given_on": "2026-09-02"},
        )
    assert response.status_code == 302
    assert StepNotice.objects.get().body == "party_members_meeting"


@pytest.mark.parametrize(
    ("step", "given", "error", "what"),
    [
        ("consultation", SEP(day=2), InvalidInput, "step_code"),  # needs no notice
        ("resolution", SEP(day=2), WrongState, "not_next_step"),  # not yet the next step
        ("deliberation", SEP(day=1), InvalidInput, "notice_given_on"),  # before step 2
        ("deliberation", SEP(day=3), InvalidInput, "notice_given_on"),  # in the future
    ],
)
def test_a_wrong_notice_is_refused_and_nothing_written(cast, case, step, given, error, what):
    with pytest.raises(error) as err:
        notice(cast["vic"], case, step, given, SEP(day=2))
    assert what in (err.value.code, err.value.field)
    assert not StepNotice.objects.exists()


def test_a_clerk_of_another_village_may_not_record_a_notice(cast, case):
    with pytest.raises(NotAllowed):
        notice(cast["vera"], case, "deliberation", SEP(day=2), SEP(day=2))
