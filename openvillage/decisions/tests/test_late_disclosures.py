"""D6: a case whose resolution disclosure (§3 step 5, within 5 days of step 4) or result
disclosure is late is listed on the town officer's staff home (frozen time)."""

from __future__ import annotations

from datetime import date

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from openvillage.decisions import selectors, services
from openvillage.decisions.tests.conftest import at, publish, walk_to_resolution

SEP = date(2026, 9, 1).replace


@pytest.fixture
def resolved(cast, registry, village_a1):
    """Step 4 (the villagers' meeting) resolved on 15 September 2026."""
    with at(SEP(day=1)):
        case = services.case_open(
            actor=cast["vic"], village=village_a1, power_code="major_decision", amount=None,
            description="repairing the village road",
        )  # fmt: skip
    walk_to_resolution(cast["vic"], case)
    return case


@pytest.mark.parametrize(
    ("today", "late"),
    [(SEP(day=15), []), (SEP(day=20), []), (SEP(day=21), [1]), (date(2026, 10, 5), [15])],
)
def test_the_resolution_disclosure_is_late_from_the_6th_day(cast, resolved, today, late):
    found = selectors.late_disclosures(cast["tom"], today)
    assert [x.days_late for x in found] == late
    if found:
        assert (found[0].case, found[0].step_code, found[0].due) == (
            resolved,
            "resolution_disclosure",
            SEP(day=20),
        )


def test_a_published_resolution_is_no_longer_late(cast, resolved):
    publish("resolution_disclosure", cast["vic"], cast["tom"], resolved, SEP(day=18))
    assert selectors.late_disclosures(cast["tom"], SEP(day=25)) == []


def test_a_result_due_after_completion_waits_for_the_completion(cast, resolved):
    # 四议两公开 records no completion: step 6 has no deadline to miss until it is known.
    publish("resolution_disclosure", cast["vic"], cast["tom"], resolved, SEP(day=18))
    assert selectors.late_disclosures(cast["tom"], date(2027, 3, 1)) == []


def test_the_officer_of_another_town_does_not_see_it(cast, resolved):
    assert selectors.late_disclosures(cast["tina"], SEP(day=25)) == []
    assert len(selectors.late_disclosures(cast["alice"], SEP(day=25))) == 1


def test_the_attention_tag_lists_the_late_case_on_the_staff_home(cast, resolved):
    request = RequestFactory().get("/staff/")
    request.user = cast["tom"]
    tag = Template("{% load decisions_tags %}{% decisions_attention %}")
    with at(SEP(day=23)), translation.override("en"):
        html = tag.render(Context({"request": request}))
        assert tag.render(Context({"request": RequestFactory().get("/")})).strip() == ""
    assert f"/staff/decisions/cases/{resolved.pk}/" in html
    assert "Disclosure of the resolution" in html
    assert "due 2026-09-20, 3 days late" in html


def test_the_attention_tag_is_empty_when_nothing_is_late(cast, resolved):
    request = RequestFactory().get("/staff/")
    request.user = cast["tom"]
    with at(SEP(day=16)):
        html = Template("{% load decisions_tags %}{% decisions_attention %}").render(
            Context({"request": request})
        )
    assert html.strip() == ""
