"""Every supervision write, tried by every role (the cast and one account of each role the cast
lacks) on village A1, and on village B1 (out of scope for town A and its villages); the API and
the pages call these same services, which hold the checks."""

from datetime import date

import pytest

from openvillage.accounts.models import User
from openvillage.core.errors import NotAllowed
from openvillage.core.roles import Role
from openvillage.elections.services import talk_record_beyond_election
from openvillage.org.models import Person
from openvillage.supervision import services

CAST = ["alice", "cora", "tom", "tina", "vic", "vera", "bill", "sam", "sue", "oscar"]
# The roles the cast lacks, each bound where it would be for village A1: (name, role, unit).
OTHERS = [
    ("dina", Role.COUNTY_DISCIPLINE, "county"),
    ("cal", Role.COUNTY_CIVIL_AFFAIRS, "county"),
    ("fay", Role.COUNTY_FINANCE, "county"),
    ("agnes", Role.COUNTY_AGRICULTURE, "county"),
    ("leo", Role.LEGAL_ADVISER, "village_a1"),
    ("wendy", Role.CAMPAIGN_WORKING_GROUP, "town_a"),
    ("pat", Role.PARTY_MEMBER, "village_a1"),
    # Bound here to the county above A1 and B1 (the fixtures have no province): writes nothing.
    ("petra", Role.PROVINCE_ADMIN, "county"),
]
EVERYONE = CAST + [name for name, _, _ in OTHERS]


def test_the_matrix_tries_every_role():
    roles = {
        "alice": Role.COUNTY_ADMIN, "cora": Role.COUNTY_SUPERVISOR, "tom": Role.TOWN_OFFICER,
        "vic": Role.VILLAGE_CLERK, "sam": Role.VILLAGE_SECRETARY,
        "sue": Role.SUPERVISION_MEMBER, "oscar": Role.ELECTION_OBSERVER,
    }  # fmt: skip
    assert set(roles.values()) | {role for _, role, _ in OTHERS} == set(Role.values)


@pytest.fixture
def independent(cast, county, town_a, village_a1, village_b1):
    """Every account linked to its own registry person, on no committee of A1."""
    units = {"county": county, "town_a": town_a, "village_a1": village_a1}
    for name, role, unit in OTHERS:
        user = User(username=name, role=role, unit=units[unit], first_name=name.title())
        user.set_password("pw-" + name)
        user.save()
        cast[name] = user
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


def write_notice(actor, cast, village):
    p = _raised(cast, village)
    person = Person.objects.create(
        village=village, name="责任人", gender="male", birth_date=date(1970, 1, 1)
    )
    services.notice_issue(
        actor=actor, issuer=p.issuer, title="整改通知书", orders=[(p, person, None)]
    )


def _closed(cast, village, from_villager=False):
    p = _submitted(cast, village)
    if from_villager:
        type(p).objects.filter(pk=p.pk).update(from_villager=True, public=True)
        p.refresh_from_db()
    p = services.problem_verify(actor=cast["cora"], problem=p, record="ok")
    officer = cast["tom"] if village.parent.code.endswith("1000") else cast["tina"]
    return services.problem_close(actor=officer, problem=p)


def write_reopen(actor, cast, village):
    services.problem_reopen(actor=actor, problem=_closed(cast, village), reason="复发")


def write_answer(actor, cast, village):
    p = _closed(cast, village, from_villager=True)
    services.answer_record(actor=actor, problem=p, answer="satisfied")


def write_survey(actor, cast, village):
    services.survey_record(
        actor=actor, village=village, subject="village", period="2026", respondents="villagers",
        satisfied=8, basically=1, dissatisfied=1,
    )  # fmt: skip


def write_talk(actor, cast, village):
    talk_record_beyond_election(
        actor=actor, village=village, occasion="routine", person_name="李四",
        held_on=date(2026, 1, 5), summary="谈心谈话",
    )  # fmt: skip


def write_results(actor, cast, village):
    officer = cast["tom"] if village.parent.code.endswith("1000") else cast["tina"]
    round_ = services.round_create(
        actor=officer, unit=village.parent, mode="inspection", title="巡察",
        started_on=date(2026, 3, 1),
    )  # fmt: skip
    services.round_results_record(
        actor=actor, round=round_, village=village, results={"integrity": ("passed", "")}
    )


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
    write_notice: {"cora", "tom"},  # the issuing town (or the county above it) groups its orders
    write_reopen: {"cora", "tom"},
    write_answer: {"cora", "tom", "vic", "sam"},  # R8: whoever asks the villager records it
    write_survey: {"cora", "tom"},
    write_talk: {"cora", "tom"},  # §9 beyond elections: the town or the county
    write_results: {"cora", "tom"},  # the town's round: the town, or the county above it
    write_review: {"cora"},
}

# The same writes on village B1 of town B, out of scope for town A and its villages.
ALLOWED_ON_B1 = {
    write: {
        {"tom": "tina", "vic": "bill"}.get(name, name)
        for name in allowed
        if name not in {"sam", "sue"}  # B1 has no secretary or committee account in the cast
    }
    for write, allowed in ALLOWED_ON_A1.items()
    if write is not write_review  # one county: the meeting is the same write
}
ALLOWED_ON_B1[write_submit] = {"bill"}
ALLOWED_ON_B1[write_answer] = {"cora", "tina", "bill"}


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


@pytest.mark.parametrize("write", list(ALLOWED_ON_B1), ids=lambda w: w.__name__)
@pytest.mark.parametrize("name", EVERYONE)
def test_a_supervision_write_on_village_b1_is_refused_to_town_a_and_its_villages(
    independent, village_b1, write, name
):
    actor = independent[name]
    if name in ALLOWED_ON_B1[write]:
        write(actor, independent, village_b1)
    else:
        with pytest.raises(NotAllowed):
            write(actor, independent, village_b1)


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
