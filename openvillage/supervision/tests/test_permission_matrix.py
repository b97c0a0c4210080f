"""Every supervision write, tried by every role of the cast on village A1 (in scope) and on
village B1 (out of scope for the town and villages of town A)."""

from datetime import date

import pytest

from openvillage.core.errors import NotAllowed
from openvillage.org.models import Person
from openvillage.supervision import services

EVERYONE = ["alice", "cora", "tom", "tina", "vic", "vera", "bill", "sam", "sue", "oscar"]


@pytest.fixture
def independent(cast, village_b1):
    """Every account linked to its own registry person, on no committee of A1."""
    for name in EVERYONE:
        user = cast[name]
        user.person = Person.objects.create(
            village=village_b1, name=f"{name}-person", gender="male", birth_date=date(1970, 1, 1)
        )
        user.save(update_fields=["person"])
    return cast


def _raised(cast, village):
    officer = cast["tom"] if village.parent.code.endswith("1000") else cast["tina"]
    return services.problem_raise(actor=officer, village=village, title="问题", severity="general")


def _ordered(cast, village):
    p = _raised(cast, village)
    person = Person.objects.create(
        village=village, name="责任人", gender="male", birth_date=date(1970, 1, 1)
    )
    officer = cast["tom"] if village.parent.code.endswith("1000") else cast["tina"]
    return services.problem_order(actor=officer, problem=p, responsible=person)


def _submitted(cast, village):
    clerk = cast["vic"] if village.code.endswith("1001") else cast["bill"]
    p = _ordered(cast, village)
    return services.problem_submit(actor=clerk, problem=p, rectification="done", note="photo")


def write_round(actor, cast, village):
    services.round_create(
        actor=actor, unit=village, mode="inspection", title="巡察", started_on=date(2026, 3, 1)
    )


def write_raise(actor, cast, village):
    services.problem_raise(actor=actor, village=village, title="问题", severity="urgent")


def write_order(actor, cast, village):
    p = _raised(cast, village)
    person = Person.objects.create(
        village=village, name="责任人", gender="male", birth_date=date(1970, 1, 1)
    )
    services.problem_order(actor=actor, problem=p, responsible=person)


def write_extend(actor, cast, village):
    p = _ordered(cast, village)
    services.problem_extend(actor=actor, problem=p, new_deadline=date(2099, 1, 1), reason="雨季")


def write_submit(actor, cast, village):
    services.problem_submit(
        actor=actor, problem=_ordered(cast, village), rectification="done", note="photo"
    )


def write_verify(actor, cast, village):
    services.problem_verify(actor=actor, problem=_submitted(cast, village), record="ok")


def write_reject(actor, cast, village):
    services.problem_reject(actor=actor, problem=_submitted(cast, village), reason="no")


def write_close(actor, cast, village):
    p = services.problem_verify(actor=cast["cora"], problem=_submitted(cast, village), record="ok")
    services.problem_close(actor=actor, problem=p)


def write_review(actor, cast, village):
    services.review_meeting_record(
        actor=actor,
        unit=village.parent.parent,
        held_on=date(2026, 3, 1),
        conclusions="点名",
        screening_proposed=[village],
    )


# Who may make each write on village A1 (a problem found by town A).
ALLOWED_ON_A1 = {
    write_round: {"cora", "tom", "sam"},
    write_raise: {"cora", "tom", "sam"},
    write_order: {"cora", "tom"},  # the issuing town, or the county above it
    write_extend: {"cora", "tom"},
    write_submit: {"vic", "sam"},  # the village team (or the responsible person's own account)
    write_verify: {"cora"},  # R5: a town-found problem is checked by the county
    write_reject: {"cora"},
    write_close: {"cora", "tom"},
    write_review: {"cora"},
}


@pytest.mark.parametrize("write", list(ALLOWED_ON_A1), ids=lambda w: w.__name__)
@pytest.mark.parametrize("name", EVERYONE)
def test_a_supervision_write_on_village_a1_is_allowed_only_by_role_and_scope(
    independent, village_a1, write, name
):
    actor = independent[name]
    if name in ALLOWED_ON_A1[write]:
        write(actor, independent, village_a1)
    else:
        with pytest.raises(NotAllowed):
            write(actor, independent, village_a1)


@pytest.mark.parametrize(
    "write", [w for w in ALLOWED_ON_A1 if w is not write_review], ids=lambda w: w.__name__
)
@pytest.mark.parametrize("name", ["tom", "vic", "sam", "sue"])
def test_nobody_of_town_a_writes_on_a_village_of_town_b(independent, village_b1, write, name):
    with pytest.raises(NotAllowed):
        write(independent[name], independent, village_b1)


def test_the_responsible_persons_own_account_may_submit(cast, linked, ordered):
    tina = cast["tina"]  # any account linked to the responsible person
    tina.person = ordered.responsible
    tina.save(update_fields=["person"])
    with pytest.raises(NotAllowed):  # ... but only within its scope (town B cannot read A1)
        services.problem_submit(actor=tina, problem=ordered, rectification="x", note="y")
    sue = cast["sue"]
    sue.person = ordered.responsible
    sue.save(update_fields=["person"])
    services.problem_submit(actor=sue, problem=ordered, rectification="x", note="y")
