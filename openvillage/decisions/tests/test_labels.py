"""Labels, not codes: every code of the vocabulary, the shipped power list and misconduct.yaml
has an English source label (translated through Django's i18n), shown on pages, PDF and API."""

from __future__ import annotations

from datetime import date

import pytest
import yaml
from django.template import Context, Template
from django.utils import translation

from openvillage.decisions import labels, services
from openvillage.decisions.rules import DEFAULT_POWER_LIST, vocabulary
from openvillage.decisions.store import MISCONDUCT_PATH
from openvillage.decisions.tests.conftest import at, branch, joint, record

SEP = date(2026, 9, 1).replace


def _shipped_steps() -> list[dict]:
    data = yaml.safe_load(DEFAULT_POWER_LIST.read_text(encoding="utf-8"))
    return [step for proc in data["procedures"].values() for step in proc["steps"]]


def _missing(group: str, codes) -> list[str]:
    return sorted(set(codes) - set(labels.GROUPS[group]))


@pytest.mark.parametrize(
    ("group", "codes"),
    [
        ("body", vocabulary.BODIES),
        ("kind", vocabulary.KINDS),
        ("day_count", vocabulary.DAY_COUNTS),
        ("category", vocabulary.CATEGORIES),
        ("post", vocabulary.POSTS),
        ("evidence", vocabulary.EVIDENCE),
    ],
)
def test_every_code_of_the_vocabulary_has_a_label(group, codes):
    assert _missing(group, codes) == []


def test_every_step_code_body_and_evidence_of_the_shipped_list_has_a_label():
    steps = _shipped_steps()
    assert len({s["code"] for s in steps}) == 55
    assert _missing("step", (s["code"] for s in steps)) == []
    bodies = {s["body"] for s in steps}
    bodies |= {a["body"] for s in steps for a in s.get("alternatives", [])}
    assert _missing("body", bodies) == []
    assert _missing("evidence", (e for s in steps for e in s.get("evidence", []))) == []


def test_every_misconduct_kind_and_measure_has_a_label():
    data = yaml.safe_load(MISCONDUCT_PATH.read_text(encoding="utf-8"))
    assert _missing("misconduct", (m["code"] for m in data["misconduct"])) == []
    assert _missing("measure", (m["code"] for m in data["measures"])) == []


@pytest.mark.parametrize(
    ("group", "code", "text"),
    [
        ("step", "joint_signature", "Joint signature"),
        ("body", "joint_meeting", "Joint meeting of the two committees"),
        ("measure", "criticism_education", "Criticism and education"),
        ("case_status", "rejected", "Rejected"),
        ("step", "a_regional_step", "a_regional_step"),
    ],
)
def test_the_filter_shows_the_label_or_an_unknown_code_as_itself(group, code, text):
    page = Template("{% load decisions_tags %}{{ code|decision_label:group }}")
    with translation.override("en"):
        assert page.render(Context({"code": code, "group": group})) == text


def test_a_refusal_names_the_steps_by_their_labels(cast, registry, village_a1):
    from openvillage.core.errors import WrongState

    with at(SEP(day=1)):
        case = services.case_open(
            actor=cast["vic"], village=village_a1, power_code="major_decision", amount=None,
            description="road",
        )  # fmt: skip
    with pytest.raises(WrongState) as err:
        record(cast["vic"], case, joint(SEP(day=2)))
    with translation.override("en"):
        assert labels.explain(err.value) == (
            "Step Consultation cannot start: step Proposal has not passed."
        )


def test_the_case_page_and_the_api_carry_labels(client, cast, registry, village_a1):
    with at(SEP(day=1)):
        case = services.case_open(
            actor=cast["vic"], village=village_a1, power_code="major_decision", amount=None,
            description="road",
        )  # fmt: skip
    record(cast["vic"], case, branch(SEP(day=1)))
    record(cast["vic"], case, joint(SEP(day=2)))
    client.force_login(cast["vic"])
    with at(SEP(day=3)), translation.override("en"):
        page = client.get(f"/staff/decisions/cases/{case.pk}/", HTTP_ACCEPT_LANGUAGE="en")
        api = client.get(f"/api/v1/staff/cases/{case.pk}", HTTP_ACCEPT_LANGUAGE="en").json()
    html = page.content.decode()
    assert "Joint meeting of the two committees" in html
    assert "Party branch committee" in html
    assert "Deliberation" in html and "· joint_meeting ·" not in html
    assert api["records"][1]["step_code"] == "consultation"
    assert api["records"][1]["body_label"] == "Joint meeting of the two committees"
    assert api["next_step"] == "deliberation"
    assert api["next_step_label"] == "Deliberation"
    assert api["status_label"] == "Open"
