"""Merging steps 1 and 2, supervision flags, violations and accountability measures."""

from __future__ import annotations

from datetime import date

import pytest

from openvillage.core.errors import InvalidInput, NotAllowed, WrongState
from openvillage.decisions import selectors, services
from openvillage.decisions.models import StepRecord, ViolationStatus
from openvillage.decisions.tests.conftest import at, branch, joint, record, term

SEP = date(2026, 9, 1).replace


@pytest.fixture
def case(cast, registry, village_a1):
    with at(SEP(day=1)):
        return services.case_open(
            actor=cast["vic"], village=village_a1, power_code="major_decision", amount=None,
            description="repairing the village road",
        )  # fmt: skip


def _merge(cast, case, present: int = 6):
    consultation = services.StepInput(
        step="consultation", held_on=SEP(day=1), present=present, votes_for=present
    )
    with at(SEP(day=1)):
        return services.step_merge(
            actor=cast["vic"], case=case, proposal=branch(SEP(day=1)), consultation=consultation
        )


def test_steps_one_and_two_merge_only_where_the_secretary_is_also_the_director(
    cast, case, registry, village_a1
):
    with pytest.raises(WrongState) as err:
        _merge(cast, case)
    assert err.value.code == "merge_not_allowed"
    assert not StepRecord.objects.exists()
    chen = registry["Chen"].terms.get()
    chen.ended_on = date(2025, 12, 31)
    chen.save()
    term(village_a1, registry["Li"], "villagers_committee", "director", since=date(2026, 1, 1))
    proposal, consultation = _merge(cast, case, present=5)
    assert proposal.merged and consultation.merged
    assert consultation.should_attend == 5  # Li sits on both committees


def test_a_flagged_step_holds_the_case_until_redone(cast, case):
    first = record(cast["vic"], case, branch(SEP(day=1)))
    with at(SEP(day=2)):
        flag = services.step_flag(actor=cast["sue"], record=first, reason="no sign-in sheet")
    with pytest.raises(WrongState) as err:
        record(cast["vic"], case, joint(SEP(day=2)))
    assert err.value.code == "flag_unanswered"
    with at(SEP(day=2)):
        services.flag_answer(actor=cast["vic"], flag=flag, answer="meeting held again", redo=True)
    record(cast["vic"], case, branch(SEP(day=3)))  # the redone proposal
    record(cast["vic"], case, joint(SEP(day=3)))
    assert case.records.filter(superseded=True).count() == 1


def test_the_supervision_member_sees_every_case_of_the_village(cast, case):
    assert list(selectors.cases_for_staff(cast["sue"])) == [case]
    assert list(selectors.cases_for_staff(cast["vera"])) == []


def test_a_violation_with_measures_shows_on_the_cadres_record(cast, registry, village_a1):
    li = registry["Li"]
    with at(SEP(day=10)):
        violation = services.violation_record(
            actor=cast["vic"], village=village_a1, kind="procedure_skipped",
            facts="pond leased without a meeting", cadre_ids=[li.pk],
        )  # fmt: skip
        services.accountability_add(
            actor=cast["tom"], violation=violation, kind="admonishing_talk",
            decided_on=SEP(day=10), person=li,
        )  # fmt: skip
        with pytest.raises(NotAllowed):
            services.accountability_add(
                actor=cast["vic"], violation=violation, kind="criticism_education",
                decided_on=SEP(day=10),
            )  # fmt: skip
    seen = selectors.person_record(cast["alice"], li)
    assert [m.kind for m in seen["measures"]] == ["admonishing_talk"]
    assert seen["measures"][0].deciding_level == "town"
    with pytest.raises(NotAllowed):
        selectors.person_record(cast["tina"], li)
    counts = selectors.violation_counts(cast["alice"])
    assert counts.by_kind == [("procedure_skipped", 1)]
    assert counts.by_town == [("Town A", 1)]
    assert counts.by_village == [("Village A1", 1)]


@pytest.mark.parametrize(("kind", "field"), [("bribery", "kind"), ("procedure_skipped", "facts")])
def test_a_violation_with_an_unknown_kind_or_no_facts_is_refused(cast, village_a1, kind, field):
    with pytest.raises(InvalidInput) as err:
        services.violation_record(actor=cast["vic"], village=village_a1, kind=kind, facts=" ")
    assert err.value.field == field


def test_a_contract_reported_without_its_procedure_becomes_a_violation_to_review(cast, village_a1):
    violation = services.unprocedured_report(
        actor=cast["vic"], village=village_a1, power_code="asset_lease", amount=38000,
        facts="pond lease contract signed without a villagers' meeting",
    )  # fmt: skip
    assert violation.status == ViolationStatus.TO_REVIEW
    assert violation.kind == "procedure_skipped"
    with pytest.raises(InvalidInput) as err:
        services.unprocedured_report(
            actor=cast["vic"], village=village_a1, power_code="pond", amount=1, facts="x"
        )
    assert err.value.field == "power_code"


def test_a_list_with_an_unknown_body_is_refused_naming_power_step_and_field(cast):
    from openvillage.decisions import store

    text = store.default_text().replace("body: branch_committee", "body: party_cell", 1)
    text = text.replace('version: "2025.1"', 'version: "2026.9"', 1)
    with pytest.raises(InvalidInput) as err:
        services.powerlist_publish(actor=cast["alice"], yaml_text=text)
    assert err.value.field == "body"
    assert "step proposal" in err.value.translated()
    with pytest.raises(NotAllowed):
        services.powerlist_publish(actor=cast["tom"], yaml_text=store.default_text())
