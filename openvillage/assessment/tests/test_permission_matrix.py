"""Every assessment write, tried by every role of the cast on village A1 (town A)."""

from datetime import date

import pytest

from openvillage.assessment import services
from openvillage.assessment.models import Grade, OrgLifeKind, TrainingArea, TrainingMode
from openvillage.core.errors import NotAllowed

EVERYONE = ["alice", "cora", "tom", "tina", "vic", "vera", "bill", "sam", "sue", "oscar"]


def open_cycle(actor, ctx):
    services.cycle_open(
        actor=actor, unit=ctx["town_a"], name="x", scheme_code="organization_five_star",
        starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31),
    )  # fmt: skip


def claim(actor, ctx):
    services.entry_add(
        actor=actor, cycle=ctx["cycle"], organization=ctx["org"], item_code="innovation_project",
        count=1, reason="申报", claim=True,
    )  # fmt: skip


def record_meeting(actor, ctx):
    services.org_life_record(
        actor=actor, organization=ctx["org"], kind=OrgLifeKind.PARTY_LESSON,
        held_on=date(2026, 3, 1), topic="党课", expected=0,
    )  # fmt: skip


def record_training(actor, ctx):
    services.training_record(
        actor=actor, unit=ctx["village_a1"], course="培训", area=TrainingArea.LAW,
        mode=TrainingMode.ONLINE, starts_on=date(2026, 3, 1), ends_on=date(2026, 3, 1), hours=2,
    )  # fmt: skip


def appraise(actor, ctx):
    services.appraisal_record(
        actor=actor, person=ctx["person"], year=2026, grade=Grade.COMPETENT,
        appraised_on=date(2026, 12, 1),
    )  # fmt: skip


WRITES = {
    open_cycle: {"alice", "tom"},
    claim: {"alice", "tom", "vic", "sam"},
    record_meeting: {"alice", "tom", "vic", "sam"},
    record_training: {"alice", "tom", "vic", "sam"},
    appraise: {"alice", "tom"},
}


@pytest.fixture
def ctx(cast, town_a, village_a1, branches, members):
    cycle = services.cycle_open(
        actor=cast["tom"], unit=town_a, name="c", scheme_code="organization_five_star",
        starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31),
    )  # fmt: skip
    return {
        "town_a": town_a, "village_a1": village_a1, "cycle": cycle,
        "org": branches[village_a1.code], "person": members[0],
    }  # fmt: skip


@pytest.mark.parametrize("write", list(WRITES), ids=lambda w: w.__name__)
@pytest.mark.parametrize("name", EVERYONE)
def test_an_assessment_write_is_allowed_only_within_scope_and_role(cast, ctx, write, name):
    if name in WRITES[write]:
        write(cast[name], ctx)
    else:
        with pytest.raises(NotAllowed):
            write(cast[name], ctx)


def test_the_cycle_page_reads_a_fixed_number_of_queries(
    cast, ctx, client, django_assert_max_num_queries
):
    services.cycle_collect(actor=cast["tom"], cycle=ctx["cycle"])
    services.cycle_score(actor=cast["tom"], cycle=ctx["cycle"])
    client.force_login(cast["tom"])
    with django_assert_max_num_queries(20):
        assert client.get(f"/staff/assessment/cycles/{ctx['cycle'].pk}/").status_code == 200
