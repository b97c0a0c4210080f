"""R5: the checker is never the responsible person nor on the village's two committees (people
compared by registry identity through the account's link, never by name), and checks from the
right level."""

import pytest

from openvillage.core.errors import NotAllowed
from openvillage.org.models import Person
from openvillage.supervision import services
from openvillage.supervision.models import State


def test_the_responsible_person_cannot_check_their_own_rectification(linked, submitted):
    cora = linked["cora"]
    cora.person = submitted.responsible  # the county account of the same registry person
    cora.save(update_fields=["person"])
    with pytest.raises(NotAllowed, match="responsible cannot check"):
        services.problem_verify(actor=cora, problem=submitted, record="ok")


def test_a_member_of_the_villages_committees_cannot_check(linked, submitted, member):
    cora = linked["cora"]
    cora.person = member
    cora.save(update_fields=["person"])
    with pytest.raises(NotAllowed, match="two committees"):
        services.problem_verify(actor=cora, problem=submitted, record="ok")


def test_a_namesake_is_not_the_responsible_person(linked, submitted, village_b1):
    cora = linked["cora"]
    cora.person = Person.objects.create(
        village=village_b1, name=submitted.responsible.name, gender="male", birth_date="1960-1-1"
    )
    cora.save(update_fields=["person"])
    assert services.problem_verify(actor=cora, problem=submitted, record="ok").state == (
        State.VERIFIED
    )


def test_an_account_not_linked_to_the_registry_cannot_check(cast, submitted):
    with pytest.raises(NotAllowed, match="not linked"):
        services.problem_verify(actor=cast["cora"], problem=submitted, record="ok")


def test_a_town_found_problem_is_checked_by_the_county_not_the_town(linked, submitted):
    with pytest.raises(NotAllowed, match="level above"):
        services.problem_verify(actor=linked["tom"], problem=submitted, record="ok")
    with pytest.raises(NotAllowed, match="level above"):
        services.problem_reject(actor=linked["tom"], problem=submitted, reason="x")


def test_a_village_self_check_problem_is_checked_by_its_supervision_committee(
    cast, linked, village_a1, responsible
):
    p = services.problem_raise(
        actor=cast["sam"], village=village_a1, title="会议记录不全", severity="general"
    )
    p = services.problem_order(actor=cast["sam"], problem=p, responsible=responsible)
    p = services.problem_submit(actor=cast["vic"], problem=p, rectification="补记", note="记录")
    p = services.problem_verify(actor=linked["sue"], problem=p, record="已查看记录")
    assert p.checker == linked["sue"]


def test_the_supervision_committee_cannot_check_a_town_found_problem(linked, submitted):
    with pytest.raises(NotAllowed):
        services.problem_verify(actor=linked["sue"], problem=submitted, record="ok")


def test_a_former_committee_member_may_check(linked, submitted, member):
    from openvillage.org.models import Term

    Term.objects.filter(person=member).update(ended_on="2025-12-31", end_reason="resigned")
    cora = linked["cora"]
    cora.person = member
    cora.save(update_fields=["person"])
    assert services.problem_verify(actor=cora, problem=submitted, record="ok").checker == cora


def test_the_responsible_person_cannot_reject_their_own_rectification_either(linked, submitted):
    cora = linked["cora"]
    cora.person = submitted.responsible
    cora.save(update_fields=["person"])
    with pytest.raises(NotAllowed, match="responsible cannot check"):
        services.problem_reject(actor=cora, problem=submitted, reason="重做")
    submitted.refresh_from_db()
    assert submitted.state == State.SUBMITTED and submitted.rejections == 0


def test_a_supervision_member_who_sits_on_a_committee_cannot_check_the_self_check(
    cast, linked, village_a1, responsible, member
):
    p = services.problem_raise(
        actor=cast["sam"], village=village_a1, title="会议记录不全", severity="general"
    )
    p = services.problem_order(actor=cast["sam"], problem=p, responsible=responsible)
    p = services.problem_submit(actor=cast["vic"], problem=p, rectification="补记", note="记录")
    sue = linked["sue"]
    sue.person = member  # the same registry person also sits on the branch committee
    sue.save(update_fields=["person"])
    with pytest.raises(NotAllowed, match="two committees"):
        services.problem_verify(actor=sue, problem=p, record="已查看")


def test_a_refused_checker_reads_why_on_the_page_in_chinese(client, linked, submitted, member):
    cora = linked["cora"]
    cora.person = member
    cora.save(update_fields=["person"])
    client.force_login(cora)
    response = client.post(
        f"/staff/supervision/{submitted.pk}/verify/",
        {"verification": "ok"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 403
    assert "两委" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.state == State.SUBMITTED and submitted.checker is None


def test_after_a_villagers_dissatisfaction_the_fix_is_checked_one_level_up(
    cast, linked, village_a1, responsible
):
    from datetime import date

    sam, vic, sue, tom = cast["sam"], cast["vic"], linked["sue"], linked["tom"]
    p = services.problem_raise(
        actor=sam, village=village_a1, title="垃圾清运不及时", severity="general",
        source="villager", from_villager=True,
    )  # fmt: skip
    p = services.problem_order(actor=sam, problem=p, responsible=responsible)
    p = services.problem_submit(actor=vic, problem=p, rectification="已清运", note="照片")
    p = services.problem_verify(actor=sue, problem=p, record="已查看")  # the committee checks
    p = services.problem_close(actor=sam, problem=p, today=date(2026, 3, 1))
    services.answer_record(
        actor=sam, problem=p, answer="dissatisfied", answered_on=date(2026, 3, 5)
    )
    p.refresh_from_db()
    p = services.problem_order(actor=sam, problem=p, responsible=responsible)
    p = services.problem_submit(actor=vic, problem=p, rectification="每日清运", note="记录")
    # R8 "checked one level up": the village's own problem is checked one level above the
    # village, by the town (or the county); no longer by the village's supervision committee.
    with pytest.raises(NotAllowed, match="level above"):
        services.problem_verify(actor=sue, problem=p, record="已查看")
    assert services.problem_verify(actor=tom, problem=p, record="实地查看").checker == tom


def test_after_dissatisfaction_the_county_may_also_check_a_village_problem(
    cast, linked, village_a1, responsible
):
    from datetime import date

    sam, vic = cast["sam"], cast["vic"]
    p = services.problem_raise(
        actor=sam, village=village_a1, title="路灯不亮", severity="general",
        source="villager", from_villager=True,
    )  # fmt: skip
    p = services.problem_order(actor=sam, problem=p, responsible=responsible)
    p = services.problem_submit(actor=vic, problem=p, rectification="已修", note="照片")
    p = services.problem_verify(actor=linked["sue"], problem=p, record="已查看")
    p = services.problem_close(actor=sam, problem=p, today=date(2026, 3, 1))
    services.answer_record(
        actor=sam, problem=p, answer="dissatisfied", answered_on=date(2026, 3, 5)
    )
    p.refresh_from_db()
    p = services.problem_order(actor=sam, problem=p, responsible=responsible)
    p = services.problem_submit(actor=vic, problem=p, rectification="每日检查", note="记录")
    cora = linked["cora"]
    assert services.problem_verify(actor=cora, problem=p, record="实地查看").checker == cora
