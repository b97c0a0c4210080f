"""Facts the points ledger counts from the other apps' records, at every boundary: a disclosure
published on its deadline is on time and missed from the day after; a rectification submitted on
its deadline is on time; a deadline outside the period does not count; nothing counts before its
deadline has passed. Then through the ledger: collected once, corrected by deltas."""

from datetime import date, timedelta

import pytest

from openvillage.assessment import facts, services
from openvillage.assessment.models import PointEntry, Rating
from openvillage.core import extensions
from openvillage.decisions.tests.conftest import at
from openvillage.disclosure.models import Due
from openvillage.supervision.models import Problem, State

PERIOD = (date(2026, 1, 1), date(2026, 12, 31))
DEADLINE = date(2026, 4, 20)


def _due(village, deadline=DEADLINE, published_on=None, matter="finance"):
    return Due.objects.create(
        village=village, unit_path=village.path, matter=matter, label="Q1",
        period_start=date(deadline.year, 1, 1), period_end=date(deadline.year, 3, 31),
        deadline=deadline, published_on=published_on,
    )  # fmt: skip


def _problem(village, issuer, actor, deadline=DEADLINE, submitted_on=None, **extra):
    return Problem.objects.create(
        village=village, source="inspection", issuer=issuer, title="账目未公开",
        severity="general", state=State.SUBMITTED if submitted_on else State.ORDERED,
        ordered_on=deadline - timedelta(days=30), deadline=deadline, submitted_on=submitted_on,
        unit_path=village.path, created_by=actor, **extra,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("deadline", "published_on", "today", "missed"),
    [
        (DEADLINE, None, date(2026, 4, 20), 0),  # the deadline day itself: not missed yet
        (DEADLINE, None, date(2026, 4, 21), 1),  # the day after: missed
        (DEADLINE, date(2026, 4, 20), date(2026, 5, 1), 0),  # published on the deadline
        (DEADLINE, date(2026, 4, 21), date(2026, 5, 1), 1),  # published a day late
        (date(2025, 12, 31), None, date(2026, 5, 1), 0),  # deadline before the period
        (date(2026, 1, 1), None, date(2026, 5, 1), 1),  # first day of the period
        (date(2026, 12, 31), None, date(2027, 1, 1), 1),  # last day of the period
        (date(2027, 1, 1), None, date(2027, 2, 1), 0),  # deadline after the period
    ],
)
def test_a_disclosure_is_missed_from_the_day_after_its_deadline(
    village_a1, deadline, published_on, today, missed
):
    _due(village_a1, deadline, published_on)
    with at(today):
        assert facts.disclosures_missed([village_a1.pk], *PERIOD).get(village_a1.pk, 0) == missed


@pytest.mark.parametrize(
    ("deadline", "submitted_on", "today", "overdue"),
    [
        (DEADLINE, None, date(2026, 4, 20), 0),
        (DEADLINE, None, date(2026, 4, 21), 1),
        (DEADLINE, date(2026, 4, 20), date(2026, 5, 1), 0),  # submitted on the deadline
        (DEADLINE, date(2026, 4, 21), date(2026, 5, 1), 1),  # submitted a day late
        (date(2025, 12, 31), None, date(2026, 5, 1), 0),
        (date(2026, 12, 31), None, date(2027, 1, 1), 1),
        (date(2027, 1, 1), None, date(2027, 2, 1), 0),
    ],
)
def test_a_rectification_is_overdue_from_the_day_after_its_deadline(
    cast, town_a, village_a1, deadline, submitted_on, today, overdue
):
    _problem(village_a1, town_a, cast["tom"], deadline, submitted_on)
    with at(today):
        found = facts.rectifications_overdue([village_a1.pk], *PERIOD).get(village_a1.pk, 0)
    assert found == overdue


def test_a_problem_raised_by_a_villager_counts_against_the_village_only(
    cast, town_a, village_a1, village_a2
):
    _problem(village_a1, town_a, cast["tom"], from_villager=True)
    with at(date(2026, 5, 1)):
        found = facts.rectifications_overdue([village_a1.pk, village_a2.pk], *PERIOD)
    assert found == {village_a1.pk: 1}


def test_the_facts_are_in_the_platform_registry():
    names = {source.name for source in extensions.assessment_facts}
    assert {"disclosure_missed", "rectification_overdue"} <= names


def test_the_facts_enter_the_ledger_with_their_caps_and_later_collections_add_deltas(
    cast, town_a, branches, village_a1
):
    with at(date(2026, 1, 10)):
        cycle = services.cycle_open(
            actor=cast["tom"], unit=town_a, name="2026 年度", scheme_code="organization_five_star",
            starts_on=PERIOD[0], ends_on=PERIOD[1],
        )  # fmt: skip
    for n, deadline in enumerate((date(2026, 4, 20), date(2026, 7, 20), date(2026, 10, 20))):
        _due(village_a1, deadline, matter=f"m{n}")
    _problem(village_a1, town_a, cast["tom"])
    with at(date(2026, 8, 1)):  # two dues and the problem are past their deadline
        services.cycle_collect(actor=cast["tom"], cycle=cycle)
    with at(date(2027, 1, 3)):  # the third due too
        services.cycle_collect(actor=cast["tom"], cycle=cycle)
        services.cycle_score(actor=cast["tom"], cycle=cycle)
    lines = PointEntry.objects.filter(cycle=cycle, item_code="disclosure_missed")
    assert list(lines.values_list("count", flat=True)) == [2, 1]
    assert {line.evidence for line in lines} == {"disclosure_missed:2026-01-01..2026-12-31"}
    rating = Rating.objects.get(cycle=cycle, organization=branches[village_a1.code])
    assert rating.items["disclosure_missed"] == -3
    assert rating.items["rectification_overdue"] == -2
