"""Every pre-aggregated figure agrees with the list behind it, and a killed fill heals itself."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.utils import timezone

from openvillage.analytics import fill
from openvillage.analytics.models import FillState, UnitCount
from openvillage.core import extensions
from openvillage.core.clock import local_day_bounds
from openvillage.feedback.models import Message
from openvillage.feedback.tests.conftest import li, post, wu, zhang  # noqa: F401 (fixtures)
from openvillage.org.models import Level, Unit

FIRST = date(2026, 11, 2)
DAYS = [FIRST + timedelta(days=i) for i in range(6)]


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_default_timezone())


@pytest.fixture
def messages(cast, zhang, li, wu):  # noqa: F811
    """Fifteen messages from three villagers on random days, some just before local midnight."""
    rnd = random.Random(7)
    for i in range(15):
        villager = rnd.choice([zhang, li, wu])
        day = rnd.choice(DAYS)
        hour, minute = rnd.choice([(0, 5), (12, 0), (23, 55)])
        with time_machine.travel(at(day, hour, minute), tick=False):
            post(villager, text=f"第{i}条：请问村里的路什么时候修？")
    return Message.objects.count()


def expected(stat: str, unit: Unit, day: date) -> int:
    """The figure recomputed from the raw messages for every village under ``unit``."""
    start, end = local_day_bounds(day)
    mine = Message.objects.filter(village__path__startswith=unit.path)
    if stat == "feedback.received":
        return mine.filter(created_at__gte=start, created_at__lt=end).count()
    return mine.filter(created_at__lt=end).exclude(closed_at__lt=end).count()


def figure(stat: str, unit: Unit, day: date) -> int:
    row = UnitCount.objects.filter(stat=stat, unit=unit, day=day).first()
    return row.value if row else 0


def test_every_stat_agrees_with_the_raw_tables_at_every_level(messages):
    assert messages == 15
    fill.fill_all(through=DAYS[-1])
    units = list(Unit.objects.all())
    assert {u.level for u in units} == {Level.COUNTY, Level.TOWN, Level.VILLAGE}
    for stat in ("feedback.received", "feedback.open"):
        for day in [FIRST - timedelta(days=1), *DAYS]:
            for unit in units:
                assert figure(stat, unit, day) == expected(stat, unit, day), (stat, unit, day)
    county = Unit.objects.get(level=Level.COUNTY)
    received = UnitCount.objects.filter(stat="feedback.received", unit=county)
    assert sum(received.values_list("value", flat=True)) == 15


def test_a_second_fill_adds_only_the_new_days(messages):
    fill.fill_all(through=DAYS[2])
    rows = UnitCount.objects.count()
    assert fill.fill_all(through=DAYS[2])["feedback.received"] == 0
    assert UnitCount.objects.count() == rows
    assert fill.fill_all(through=DAYS[-1])["feedback.received"] == 3


def test_a_fill_killed_half_way_is_redone_and_gives_the_same_numbers(messages):
    fill.fill_all(through=DAYS[-1])
    clean = sorted(UnitCount.objects.values_list("stat", "day", "unit_id", "value"))
    UnitCount.objects.all().delete()
    FillState.objects.all().delete()

    spec = extensions.analytics_stats.get("feedback.received")
    calls = {"n": 0}

    def dies_on_the_fourth_day(day):
        calls["n"] += 1
        if calls["n"] == 4:
            raise KeyboardInterrupt("worker killed")
        return spec.fill(day)

    broken = extensions.StatSpec(
        name=spec.name, label=spec.label, fill=dies_on_the_fourth_day, kind=spec.kind
    )
    days = list(fill.days_to_fill(spec.name, DAYS[-1]))
    with pytest.raises(KeyboardInterrupt):
        for day in days:
            fill.fill_day(broken, day)
    state = FillState.objects.get(stat=spec.name)
    assert state.state == FillState.State.STARTED
    # What a crash between the insert and the "done" mark would leave behind for that day.
    village = Unit.objects.filter(level=Level.VILLAGE).first()
    UnitCount.objects.create(stat=spec.name, day=state.day, unit=village, level="village", value=99)

    fill.fill_all(through=DAYS[-1])
    assert sorted(UnitCount.objects.values_list("stat", "day", "unit_id", "value")) == clean
    assert FillState.objects.get(stat=spec.name).state == FillState.State.DONE
