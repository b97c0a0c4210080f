"""Heart-to-heart talks beyond elections (§9): occasions, the four aspects, risks and follow-up,
visible only to the interviewer's chain and the organization department."""

from datetime import date

import pytest

from openvillage.core.errors import InvalidInput, NotAllowed
from openvillage.elections import selectors, services
from openvillage.elections.models import HeartToHeartTalk


def _talk(actor, village, occasion="problem"):
    return services.talk_record_beyond_election(
        actor=actor, village=village, occasion=occasion, person_name="王书记",
        person_post="村党支部书记", held_on=date(2026, 3, 1), summary="谈整改",
        aspects={"state_of_mind": "情绪稳定"}, risks="宗族矛盾", follow_up="一月后回访",
    )  # fmt: skip


def test_a_town_officer_records_a_talk_about_a_problem(cast, village_a1):
    talk = _talk(cast["tom"], village_a1)
    assert (talk.general, talk.occasion, talk.state_of_mind) == (None, "problem", "情绪稳定")


def test_a_pre_election_talk_belongs_to_an_election(cast, village_a1):
    with pytest.raises(InvalidInput):
        _talk(cast["tom"], village_a1, occasion="pre_election")


@pytest.mark.parametrize("name", ["vic", "sam", "sue", "tina", "alice"])
def test_only_supervising_roles_in_scope_record_talks(cast, village_a1, name):
    with pytest.raises(NotAllowed):
        _talk(cast[name], village_a1)


def test_a_talk_is_seen_by_its_chain_and_the_organization_department_only(cast, village_a1, town_a):
    from openvillage.accounts.models import User

    talk = _talk(cast["tom"], village_a1)
    colleague = User.objects.create(username="ted", role="town_officer", unit=town_a)
    seen = {
        name: selectors.talks_visible(user).filter(pk=talk.pk).exists()
        for name, user in {**cast, "ted": colleague}.items()
    }
    assert {name for name, yes in seen.items() if yes} == {"tom", "alice", "cora"}
    assert HeartToHeartTalk.objects.count() == 1


def test_the_talks_page_records_and_hides_from_the_village(client, cast, village_a1):
    client.force_login(cast["tom"])
    response = client.post(
        "/staff/supervision/talks/",
        {"village": village_a1.code, "occasion": "routine", "person_name": "李主任",
         "summary": "日常谈心", "risks": "无", "held_on": "2026-03-02"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )  # fmt: skip
    assert response.status_code == 302
    page = client.get("/staff/supervision/talks/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "日常谈心" in page.content.decode()
    client.force_login(cast["sam"])
    page = client.get("/staff/supervision/talks/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "日常谈心" not in page.content.decode()
