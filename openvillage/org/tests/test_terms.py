from datetime import date

import pytest

from openvillage.core.errors import InvalidInput, WrongState
from openvillage.core.models import AuditEntry
from openvillage.org import services
from openvillage.org.models import Term


@pytest.fixture
def people(cast, village_a1):
    vic = cast["vic"]
    make = lambda name, gender="male": services.person_create(  # noqa: E731
        actor=vic, village=village_a1, name=name, gender=gender, birth_date=date(1975, 3, 1)
    )
    return {"li": make("李明"), "wang": make("王芳", "female"), "zhao": make("赵强")}


def test_a_secretary_can_also_be_director_and_is_shown_as_concurrent(cast, village_a1, people):
    from openvillage.org.selectors import village_team

    vic, li = cast["vic"], people["li"]
    services.term_start(
        actor=vic,
        village=village_a1,
        person=li,
        body="branch_committee",
        post="secretary",
        started_on=date(2021, 1, 10),
    )
    services.term_start(
        actor=vic,
        village=village_a1,
        person=li,
        body="villagers_committee",
        post="director",
        started_on=date(2021, 2, 1),
    )
    team = village_team(village_a1, date(2026, 11, 23))
    assert team.members[0].is_concurrent_secretary_director
    assert team.structure.concurrent_secretary_director


def test_two_secretaries_at_once_are_refused_naming_the_start(cast, village_a1, people):
    vic = cast["vic"]
    services.term_start(
        actor=vic,
        village=village_a1,
        person=people["li"],
        body="branch_committee",
        post="secretary",
        started_on=date(2021, 1, 10),
    )
    with pytest.raises(InvalidInput) as err:
        services.term_start(
            actor=vic,
            village=village_a1,
            person=people["zhao"],
            body="branch_committee",
            post="secretary",
            started_on=date(2023, 5, 1),
        )
    assert err.value.field == "started_on"
    assert "2021-01-10" in str(err.value)


def test_a_term_that_overlaps_an_earlier_holders_term_is_refused(cast, village_a1, people):
    vic = cast["vic"]
    services.term_start(
        actor=vic,
        village=village_a1,
        person=people["li"],
        body="villagers_committee",
        post="director",
        started_on=date(2016, 1, 1),
        ended_on=date(2020, 12, 31),
    )
    with pytest.raises(InvalidInput):
        services.term_start(
            actor=vic,
            village=village_a1,
            person=people["zhao"],
            body="villagers_committee",
            post="director",
            started_on=date(2020, 6, 1),
            ended_on=date(2021, 1, 1),
        )
    services.term_start(
        actor=vic,
        village=village_a1,
        person=people["zhao"],
        body="villagers_committee",
        post="director",
        started_on=date(2021, 1, 1),
    )


def test_a_committee_member_cannot_sit_on_the_supervision_committee(cast, village_a1, people):
    vic, wang = cast["vic"], people["wang"]
    services.term_start(
        actor=vic,
        village=village_a1,
        person=wang,
        body="villagers_committee",
        post="committee_member",
        started_on=date(2021, 1, 1),
    )
    with pytest.raises(InvalidInput, match="Art. 32"):
        services.term_start(
            actor=vic,
            village=village_a1,
            person=wang,
            body="supervision_committee",
            post="committee_member",
            started_on=date(2022, 1, 1),
        )


def test_a_post_that_the_body_does_not_have_is_refused(cast, village_a1, people):
    with pytest.raises(InvalidInput) as err:
        services.term_start(
            actor=cast["vic"],
            village=village_a1,
            person=people["li"],
            body="supervision_committee",
            post="secretary",
            started_on=date(2022, 1, 1),
        )
    assert err.value.field == "post"


def test_ending_a_term_keeps_it_in_the_history_and_audits_it(cast, village_a1, people):
    vic = cast["vic"]
    term = services.term_start(
        actor=vic,
        village=village_a1,
        person=people["li"],
        body="branch_committee",
        post="secretary",
        started_on=date(2021, 1, 1),
    )
    services.term_end(actor=vic, term=term, ended_on=date(2026, 1, 1), reason="term_ended")
    term.refresh_from_db()
    assert term.ended_on == date(2026, 1, 1)
    assert Term.objects.filter(person=people["li"]).count() == 1
    entry = AuditEntry.objects.filter(action="org.term.end").get()
    assert entry.changes["ended_on"] == [None, "2026-01-01"]
    assert entry.actor == vic
    with pytest.raises(WrongState):
        services.term_end(actor=vic, term=term, ended_on=date(2026, 2, 1))
