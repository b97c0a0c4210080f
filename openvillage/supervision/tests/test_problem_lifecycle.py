"""A problem from the list to closure: ordered, submitted, rejected, resubmitted, verified,
closed; reopened by a dissatisfied villager once (R1-R8)."""

from datetime import date

import pytest

from openvillage.core.audit import AuditEntry
from openvillage.core.errors import InvalidInput, WrongState
from openvillage.supervision import services
from openvillage.supervision.models import Problem, State
from openvillage.supervision.tests.conftest import png_photo


def test_the_order_gives_the_default_deadline_by_severity(ordered):
    # R2: serious = 15 days from 2026-03-02 (Art. 201: the day of the order does not count).
    assert ordered.state == State.ORDERED
    assert ordered.deadline == date(2026, 3, 17)


def test_a_deadline_before_the_order_is_refused(cast, problem, responsible):
    with pytest.raises(InvalidInput) as error:
        services.problem_order(
            actor=cast["tom"],
            problem=problem,
            responsible=responsible,
            deadline=date(2026, 3, 1),
            today=date(2026, 3, 2),
        )
    assert error.value.field == "deadline"


def test_the_responsible_person_comes_from_the_village(cast, problem, linked):
    with pytest.raises(InvalidInput) as error:
        services.problem_order(actor=cast["tom"], problem=problem, responsible=cast["cora"].person)
    assert error.value.field == "responsible"


def test_a_submission_without_evidence_is_refused(cast, ordered):
    with pytest.raises(InvalidInput) as error:
        services.problem_submit(actor=cast["vic"], problem=ordered, rectification="done")
    assert error.value.field == "evidence"


def test_a_photo_is_evidence(cast, ordered):
    p = services.problem_submit(
        actor=cast["vic"], problem=ordered, rectification="done", files=[("a.png", png_photo())]
    )
    assert p.state == State.SUBMITTED
    assert p.evidence.count() == 1


def test_the_whole_loop_closes_with_one_audit_row_per_step(cast, linked, submitted):
    tom, cora = linked["tom"], linked["cora"]
    p = services.problem_reject(
        actor=cora, problem=submitted, reason="照片不清", today=date(2026, 3, 10)
    )
    assert (p.state, p.rejections, p.deadline) == (State.ORDERED, 1, date(2026, 3, 25))
    p = services.problem_submit(actor=cast["vic"], problem=p, rectification="重拍", note="新照片")
    p = services.problem_verify(actor=cora, problem=p, record="现场核实")  # R5: one level up
    p = services.problem_close(actor=tom, problem=p)
    assert p.state == State.CLOSED
    actions = list(
        AuditEntry.objects.filter(object_id=str(p.pk), object_type="supervision.problem")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "supervision.problem.raise",
        "supervision.problem.order",
        "supervision.problem.submit",
        "supervision.problem.reject",
        "supervision.problem.submit",
        "supervision.problem.verify",
        "supervision.problem.close",
    ]


def test_a_closure_needs_a_verified_rectification(cast, submitted):
    with pytest.raises(WrongState):
        services.problem_close(actor=cast["tom"], problem=submitted)


def test_one_extension_at_most(cast, ordered):
    p = services.problem_extend(
        actor=cast["tom"], problem=ordered, new_deadline=date(2026, 4, 1), reason="雨季施工"
    )
    assert (p.deadline, p.extensions) == (date(2026, 4, 1), 1)
    with pytest.raises(WrongState):
        services.problem_extend(
            actor=cast["tom"], problem=p, new_deadline=date(2026, 4, 20), reason="再延"
        )


def _closed_villager_problem(cast, linked, village_a1, responsible):
    tom = linked["tom"]
    p = services.problem_raise(
        actor=tom, village=village_a1, title="路灯不亮", severity="general", source="villager",
        from_villager=True,
    )  # fmt: skip
    p = services.problem_order(actor=tom, problem=p, responsible=responsible)
    p = services.problem_submit(actor=cast["vic"], problem=p, rectification="已修", note="照片")
    p = services.problem_verify(actor=linked["cora"], problem=p, record="已核实")
    return services.problem_close(actor=tom, problem=p, today=date(2026, 3, 1))


def test_a_dissatisfied_villager_within_30_days_reopens_once_checked_one_level_up(
    cast, linked, village_a1, responsible
):
    p = _closed_villager_problem(cast, linked, village_a1, responsible)
    services.answer_record(
        actor=cast["tom"], problem=p, answer="dissatisfied", answered_on=date(2026, 3, 31)
    )
    p = Problem.objects.get(pk=p.pk)
    assert (p.state, p.checked_above, p.dissatisfied_reopens) == (State.REOPENED, True, 1)


def test_a_dissatisfied_answer_after_30_days_does_not_reopen(cast, linked, village_a1, responsible):
    p = _closed_villager_problem(cast, linked, village_a1, responsible)
    services.answer_record(
        actor=cast["tom"], problem=p, answer="dissatisfied", answered_on=date(2026, 4, 1)
    )
    assert Problem.objects.get(pk=p.pk).state == State.CLOSED


def test_a_public_closure_goes_to_the_public_record(cast, linked, village_a1, responsible):
    from openvillage.ledger.models import Entry

    before = Entry.objects.count()
    _closed_villager_problem(cast, linked, village_a1, responsible)
    assert Entry.objects.count() == before + 1
