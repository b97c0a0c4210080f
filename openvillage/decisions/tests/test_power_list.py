"""The power list as data: the shipped default, money tiers, validation of broken lists, CLI."""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from openvillage.core.errors import InvalidInput
from openvillage.decisions.rules import (
    DEFAULT_POWER_LIST,
    PowerListInvalid,
    Problem,
    load_power_list,
    read_power_list,
    validate_cli,
    validate_power_list,
)

RAW: dict[str, Any] = yaml.safe_load(DEFAULT_POWER_LIST.read_text(encoding="utf-8"))
DEFAULT = read_power_list()


def raw() -> dict[str, Any]:
    """Return a fresh copy with YAML aliases unshared, so a mutation hits one place only."""
    return json.loads(json.dumps(RAW))


def step_of(data: dict[str, Any], procedure: str, step: str) -> dict[str, Any]:
    return next(s for s in data["procedures"][procedure]["steps"] if s["code"] == step)


def power_of(data: dict[str, Any], code: str) -> dict[str, Any]:
    return next(p for p in data["powers"] if p["code"] == code)


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


# The shipped default ---------------------------------------------------------------------------


def test_the_shipped_default_list_validates_with_30_powers() -> None:
    assert validate_power_list(RAW) == []
    assert len(DEFAULT.powers) == 30
    assert DEFAULT.version == "2025.1"
    assert DEFAULT.region == "default"
    assert DEFAULT.amount_unit == "yuan"


def test_the_default_list_is_grouped_into_public_power_and_convenience_service_matters() -> None:
    assert len(DEFAULT.in_category("public_power_matter")) == 17
    assert len(DEFAULT.in_category("convenience_service_matter")) == 13


def test_the_default_list_follows_the_order_and_codes_of_the_domain_notes() -> None:
    codes = [p.code for p in DEFAULT.powers]
    assert codes[:3] == ["major_decision", "project_tendering", "procurement"]
    assert codes[-1] == "family_planning"
    assert len(set(codes)) == 30


def test_four_discussions_two_disclosures_has_the_six_steps_and_rules_of_the_notes() -> None:
    procedure = DEFAULT.procedure("four_discussions_two_disclosures")
    assert [s.code for s in procedure.steps] == [
        "proposal",
        "consultation",
        "deliberation",
        "resolution",
        "resolution_disclosure",
        "result_disclosure",
    ]
    proposal, consultation, deliberation, resolution, disclosure, result = procedure.steps
    assert (proposal.body, proposal.options[0].quorum, proposal.options[0].pass_rule) == (
        "branch_committee",
        "majority_of_should_attend",
        "majority_of_should_attend",
    )
    assert consultation.mergeable_with_previous
    assert deliberation.options[0].notice is not None
    assert deliberation.options[0].notice.days == 3
    assert [(o.body, o.notice.days if o.notice else None) for o in resolution.options] == [
        ("villagers_meeting", 10),
        ("representatives_meeting", 3),
    ]
    assert resolution.options[1].requires_authorization
    assert disclosure.publicity is not None and disclosure.publicity.days == 5
    assert disclosure.deadline is not None and disclosure.deadline.days == 5
    assert result.deadline_after == "completion"
    for step in (consultation, deliberation, resolution):
        assert step.on_failure.return_to == "proposal"
        assert step.on_failure.may_close


def test_every_power_names_existing_procedures_and_every_meeting_has_rules() -> None:
    for power in DEFAULT.powers:
        codes = [
            power.procedure,
            *(t.procedure for t in power.tiers),
            *dict(power.variants).values(),
        ]
        for code in filter(None, codes):
            procedure = DEFAULT.procedure(code)
            for step in procedure.steps:
                assert step.evidence
                for option in step.options if step.is_meeting else ():
                    assert option.quorum and option.pass_rule


def test_the_loaded_list_is_frozen() -> None:
    with pytest.raises(AttributeError):
        DEFAULT.powers[0].code = "other"  # type: ignore[misc]


# Money tiers -----------------------------------------------------------------------------------

TIERED = [(p.code, tier_index) for p in DEFAULT.powers for tier_index in range(len(p.tiers))]


@pytest.mark.parametrize(("power_code", "tier_index"), TIERED, ids=lambda v: str(v))
def test_a_tier_starts_exactly_at_its_boundary_amount(power_code: str, tier_index: int) -> None:
    power = DEFAULT.power(power_code)
    tier = power.tiers[tier_index]
    boundary = tier.from_amount
    assert power.procedure_code(boundary) == tier.procedure
    assert power.procedure_code(boundary + 1) == tier.procedure
    if tier_index > 0:
        assert power.procedure_code(boundary - 1) == power.tiers[tier_index - 1].procedure
    if tier.below is not None:
        assert power.procedure_code(tier.below - 1) == tier.procedure
        assert power.procedure_code(tier.below) == power.tiers[tier_index + 1].procedure


def test_the_default_list_has_tiered_powers() -> None:
    assert {code for code, _ in TIERED} == {
        "project_tendering",
        "procurement",
        "asset_purchase",
        "reimbursement",
    }


@pytest.mark.parametrize(
    ("amount", "procedure"),
    [
        (0, "approval_by_cooperative_head"),
        (1999, "approval_by_cooperative_head"),
        (2000, "approval_by_joint_meeting"),
        (49999, "approval_by_joint_meeting"),
        (50000, "approval_by_representatives_meeting"),
        (199999, "approval_by_representatives_meeting"),
        (200000, "four_discussions_two_disclosures"),
        (10**9, "four_discussions_two_disclosures"),
    ],
)
def test_procurement_of_an_amount_in_yuan_follows_the_tier_of_section_6(
    amount: int, procedure: str
) -> None:
    assert DEFAULT.procedure_for("procurement", amount).code == procedure


def test_reimbursement_of_200000_yuan_needs_the_major_decision_first() -> None:
    assert DEFAULT.procedure_for("reimbursement", 199999).code == (
        "reimbursement_by_representatives_meeting"
    )
    assert DEFAULT.procedure_for("reimbursement", 200000).code == (
        "reimbursement_after_major_decision"
    )


@pytest.mark.parametrize("amount", [None, -1, 2000.0, True, "2000"])
def test_a_tiered_power_refuses_a_missing_negative_or_non_integer_amount(amount: Any) -> None:
    with pytest.raises(InvalidInput) as err:
        DEFAULT.procedure_for("procurement", amount)
    assert err.value.field == "amount"


def test_a_power_without_tiers_ignores_the_amount() -> None:
    assert DEFAULT.procedure_for("major_decision", 5).code == "four_discussions_two_disclosures"


def test_variants_choose_a_regional_or_conditional_procedure() -> None:
    assert DEFAULT.procedure_for("major_decision", variant="ninghai").code == (
        "ninghai_five_discussions"
    )
    assert DEFAULT.procedure_for("asset_lease", variant="contracting_to_outsiders").code == (
        "land_contracting_to_outsiders"
    )
    assert DEFAULT.procedure_for("seal_use", variant="routine_certificate").code == (
        "seal_use_routine"
    )
    with pytest.raises(InvalidInput) as err:
        DEFAULT.procedure_for("seal_use", variant="blank_paper")
    assert err.value.field == "variant"


def test_an_unknown_power_is_refused() -> None:
    with pytest.raises(InvalidInput) as err:
        DEFAULT.power("village_lottery")
    assert err.value.field == "power"


# Broken lists ----------------------------------------------------------------------------------


def test_an_unknown_body_is_named_with_power_procedure_step_and_field() -> None:
    data = raw()
    step_of(data, "four_discussions_two_disclosures", "deliberation")["body"] = "party_congress"
    problem = only(validate_power_list(data))
    assert (problem.procedure, problem.step, problem.field) == (
        "four_discussions_two_disclosures",
        "deliberation",
        "body",
    )
    assert problem.power is not None and "major_decision" in problem.power
    assert "party_congress" in str(problem)


def test_an_office_cannot_hold_a_meeting() -> None:
    data = raw()
    step_of(data, "approval_by_joint_meeting", "approval")["body"] = "director"
    problem = only(validate_power_list(data))
    assert (problem.step, problem.field) == ("approval", "body")


@pytest.mark.parametrize(("key", "value"), [("quorum", "most_people"), ("pass", "loudest")])
def test_an_unknown_quorum_or_pass_rule_is_named(key: str, value: str) -> None:
    data = raw()
    step_of(data, "social_assistance_application", "democratic_appraisal")[key] = value
    problem = only(validate_power_list(data))
    assert (problem.procedure, problem.step, problem.field) == (
        "social_assistance_application",
        "democratic_appraisal",
        key,
    )
    assert problem.power == "subsistence_allowance, extreme_poverty_support"
    assert value in str(problem)


def test_an_unknown_rule_in_an_alternative_body_is_named() -> None:
    data = raw()
    step_of(data, "four_discussions_two_disclosures", "resolution")["alternatives"][0]["pass"] = (
        "acclamation"
    )
    problem = only(validate_power_list(data))
    assert (problem.step, problem.field) == ("resolution", "pass")


@pytest.mark.parametrize("key", ["kind", "body", "evidence", "code"])
def test_a_missing_step_field_is_named(key: str) -> None:
    data = raw()
    del step_of(data, "certificate", "verification")[key]
    problems = validate_power_list(data)
    assert any(p.procedure == "certificate" and p.field == key for p in problems), problems


def test_a_meeting_step_without_a_quorum_rule_is_refused() -> None:
    data = raw()
    del step_of(data, "staff_engagement", "resolution")["quorum"]
    problem = only(validate_power_list(data))
    assert (problem.power, problem.step, problem.field) == (
        "staff_engagement",
        "resolution",
        "quorum",
    )


def test_a_misspelt_step_field_is_refused() -> None:
    data = raw()
    step = step_of(data, "staff_engagement", "resolution")
    step["qourum"] = step.pop("quorum")
    fields = {p.field for p in validate_power_list(data)}
    assert fields == {"qourum", "quorum"}


@pytest.mark.parametrize(
    ("period", "field"),
    [
        ({"days": "three"}, "notice.days"),
        ({"days": -1}, "notice.days"),
        ({"days": 3, "count": "lunar"}, "notice.count"),
        ({"days": True}, "notice.days"),
        (3, "notice"),
    ],
)
def test_a_badly_typed_period_is_named(period: Any, field: str) -> None:
    data = raw()
    step_of(data, "four_discussions_two_disclosures", "deliberation")["notice"] = period
    problem = only(validate_power_list(data))
    assert (problem.step, problem.field) == ("deliberation", field)


def test_unknown_evidence_is_named() -> None:
    data = raw()
    step_of(data, "certificate", "verification")["evidence"] = ["selfie"]
    problem = only(validate_power_list(data))
    assert (problem.step, problem.field) == ("verification", "evidence")


def test_a_step_may_only_return_to_itself_or_an_earlier_step() -> None:
    data = raw()
    step_of(data, "four_discussions_two_disclosures", "consultation")["on_failure"] = {
        "return_to": "resolution"
    }
    problem = only(validate_power_list(data))
    assert (problem.step, problem.field) == ("consultation", "on_failure.return_to")


def test_only_a_meeting_after_a_meeting_may_be_merged() -> None:
    data = raw()
    step_of(data, "certificate", "verification")["mergeable_with_previous"] = True
    problem = only(validate_power_list(data))
    assert (problem.step, problem.field) == ("verification", "mergeable_with_previous")


def test_a_repeated_step_code_is_refused() -> None:
    data = raw()
    steps = data["procedures"]["certificate"]["steps"]
    steps.append(copy.deepcopy(steps[0]))
    problem = only(validate_power_list(data))
    assert (problem.procedure, problem.field) == ("certificate", "code")


def tiers_of(data: dict[str, Any], code: str) -> list[dict[str, Any]]:
    return power_of(data, code)["tiers"]


def test_overlapping_tiers_are_named() -> None:
    data = raw()
    tiers_of(data, "procurement")[2]["from"] = 49000
    problem = only(validate_power_list(data))
    assert (problem.power, problem.field) == ("procurement", "tiers[2].from")
    assert "overlap" in str(problem)


def test_a_gap_between_tiers_is_named() -> None:
    data = raw()
    tiers_of(data, "procurement")[1]["below"] = 40000
    problem = only(validate_power_list(data))
    assert (problem.power, problem.field) == ("procurement", "tiers[2].from")
    assert "Gap" in str(problem)


def test_tiers_must_start_at_zero_and_end_open() -> None:
    data = raw()
    tiers = tiers_of(data, "reimbursement")
    tiers[0]["from"] = 1
    tiers[-1]["below"] = 10**7
    fields = {p.field for p in validate_power_list(data)}
    assert fields == {"tiers[0].from", "tiers[3].below"}


def test_an_empty_or_reversed_tier_is_named() -> None:
    data = raw()
    tiers = tiers_of(data, "asset_purchase")
    tiers[1]["below"] = 2000
    tiers[2]["from"] = 2000
    problem = only(validate_power_list(data))
    assert (problem.power, problem.field) == ("asset_purchase", "tiers[1].below")


def test_tier_amounts_must_be_whole_yuan() -> None:
    data = raw()
    tiers_of(data, "procurement")[1]["from"] = 1999.5
    problem = only(validate_power_list(data))
    assert (problem.power, problem.field) == ("procurement", "tiers[1]")


def test_a_power_needs_either_a_procedure_or_tiers() -> None:
    data = raw()
    power_of(data, "procurement")["procedure"] = "four_discussions_two_disclosures"
    del power_of(data, "certificate")["procedure"]
    problems = validate_power_list(data)
    assert {(p.power, p.field) for p in problems} == {
        ("procurement", "procedure"),
        ("certificate", "procedure"),
    }


def test_an_unknown_procedure_category_or_post_is_named() -> None:
    data = raw()
    power_of(data, "certificate")["procedure"] = "rubber_stamp"
    power_of(data, "seal_use")["category"] = "private_matter"
    power_of(data, "dispute_mediation")["responsible_post"] = "village_elder"
    problems = validate_power_list(data)
    assert {(p.power, p.field) for p in problems} == {
        ("certificate", "procedure"),
        ("seal_use", "category"),
        ("dispute_mediation", "responsible_post"),
    }


def test_a_duplicate_power_is_refused() -> None:
    data = raw()
    data["powers"].append(copy.deepcopy(data["powers"][0]))
    problem = only(validate_power_list(data))
    assert (problem.power, problem.field) == ("major_decision", "code")


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda d: d.pop("version"), "version"),
        (lambda d: d.pop("region"), "region"),
        (lambda d: d.update(amount_unit="fen"), "amount_unit"),
        (lambda d: d.update(powers=[]), "powers"),
        (lambda d: d.update(procedures="none"), "procedures"),
    ],
)
def test_a_broken_header_is_named(mutate: Any, field: str) -> None:
    data = raw()
    mutate(data)
    assert field in {p.field for p in validate_power_list(data)}


def test_something_that_is_not_a_mapping_is_refused() -> None:
    assert only(validate_power_list(["powers"])).field == "(top)"


def test_loading_a_broken_list_raises_invalid_input_naming_the_first_fault() -> None:
    data = raw()
    step_of(data, "four_discussions_two_disclosures", "deliberation")["quorum"] = "most_people"
    with pytest.raises(PowerListInvalid) as err:
        load_power_list(data)
    assert isinstance(err.value, InvalidInput)
    assert err.value.field == "quorum"
    assert len(err.value.problems) == 1
    message = str(err.value)
    assert "procedure four_discussions_two_disclosures" in message
    assert "step deliberation" in message
    assert "most_people" in message


# Command line ----------------------------------------------------------------------------------


def test_the_validate_command_checks_the_shipped_list_by_default() -> None:
    out, err = io.StringIO(), io.StringIO()
    assert validate_cli(None, out, err) == 0
    assert out.getvalue() == "30 powers\n"
    assert err.getvalue() == ""


def test_the_validate_command_names_the_power_step_and_field_of_a_fault(tmp_path: Path) -> None:
    data = raw()
    step_of(data, "homestead_application", "group_discussion")["body"] = "clan_council"
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert validate_cli(str(path), out, err) == 1
    assert out.getvalue() == ""
    first = err.getvalue().splitlines()[0]
    assert first.startswith(
        "power homestead_application, procedure homestead_application, step group_discussion, "
        "field body:"
    )
    assert "clan_council" in first


def test_the_validate_command_reports_an_unreadable_file(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert validate_cli(str(tmp_path / "missing.yaml"), out, err) == 2
    bad = tmp_path / "bad.yaml"
    bad.write_text("powers: [unclosed", encoding="utf-8")
    assert validate_cli(str(bad), out, err) == 2
    assert "not valid YAML" in err.getvalue()
