"""A step dated before its case was opened is refused (issue 12: such steps were accepted)."""

from __future__ import annotations

from datetime import date

import pytest

from openvillage.core.errors import InvalidInput
from openvillage.decisions import services
from openvillage.decisions.models import StepRecord
from openvillage.decisions.tests.conftest import at, branch, record


def test_a_step_before_the_case_began_is_refused_naming_both_dates(cast, registry, village_a1):
    with at(date(2026, 9, 10)):
        case = services.case_open(
            actor=cast["vic"], village=village_a1, power_code="major_decision", amount=None,
            description="repairing the village road",
        )  # fmt: skip
        with pytest.raises(InvalidInput) as err:
            record(cast["vic"], case, branch(date(2026, 9, 1)))
        assert err.value.field == "held_on"
        assert "2026-09-10" in str(err.value) and "2026-09-01" in str(err.value)
        assert not StepRecord.objects.filter(case=case).exists()
        record(cast["vic"], case, branch(date(2026, 9, 10)))  # the day it began is fine
    assert StepRecord.objects.filter(case=case).count() == 1


def test_a_disclosure_published_late_is_flagged_on_the_case_page(
    cast, registry, village_a1, client
):
    from django.urls import reverse

    from openvillage.decisions.tests.conftest import publish, walk_to_resolution

    with at(date(2026, 9, 1)):
        case = services.case_open(
            actor=cast["vic"], village=village_a1, power_code="major_decision", amount=None,
            description="repairing the village road",
        )  # fmt: skip
    walk_to_resolution(cast["vic"], case)  # resolved on 15 September: disclosure due by the 20th
    publish("resolution_disclosure", cast["vic"], cast["tom"], case, date(2026, 9, 27))
    client.force_login(cast["tom"])
    with at(date(2026, 9, 28)):
        html = client.get(
            reverse("decisions-case", args=[case.pk]), HTTP_ACCEPT_LANGUAGE="zh-CN"
        ).content.decode()
    assert "逾期7天公开" in html
    assert html.count('class="tag late"') == 1
