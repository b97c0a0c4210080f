"""A rectification notice groups several problems; each keeps its own responsible person and
deadline (R1 per problem), and the notice is issued all or nothing."""

from datetime import date

import pytest

from openvillage.core.errors import InvalidInput
from openvillage.org.models import Person
from openvillage.supervision import services
from openvillage.supervision.models import Notice, Problem, State


def test_one_notice_orders_two_problems_each_with_its_own_person_and_deadline(
    cast, town_a, village_a1, responsible
):
    other = Person.objects.create(
        village=village_a1, name="会计", gender="female", birth_date=date(1980, 2, 2)
    )
    a, b = (
        services.problem_raise(actor=cast["tom"], village=village_a1, title=t, severity="urgent")
        for t in ("台账", "公开")
    )
    notice = services.notice_issue(
        actor=cast["tom"], issuer=town_a, title="整改通知书〔2026〕1号",
        orders=[(a, responsible, None), (b, other, date(2026, 4, 30))], today=date(2026, 3, 2),
    )  # fmt: skip
    rows = {p.title: p for p in Problem.objects.filter(notice=notice)}
    assert rows["台账"].responsible == responsible and rows["公开"].responsible == other
    assert rows["台账"].deadline == date(2026, 3, 9)  # urgent: 7 days
    assert rows["公开"].deadline == date(2026, 4, 30)
    assert {p.state for p in rows.values()} == {State.ORDERED}


def test_a_bad_line_leaves_nothing_written(cast, town_a, village_a1, responsible):
    a = services.problem_raise(actor=cast["tom"], village=village_a1, title="a", severity="general")
    b = services.problem_raise(actor=cast["tom"], village=village_a1, title="b", severity="general")
    with pytest.raises(InvalidInput):
        services.notice_issue(
            actor=cast["tom"], issuer=town_a, title="通知",
            orders=[(a, responsible, None), (b, responsible, date(2020, 1, 1))],
            today=date(2026, 3, 2),
        )  # fmt: skip
    assert Notice.objects.count() == 0
    assert set(Problem.objects.values_list("state", flat=True)) == {State.OPEN}
