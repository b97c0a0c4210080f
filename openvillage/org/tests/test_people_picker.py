"""People are picked by name within the user's scope; namesakes are told apart by the masked
ID number; a form without JavaScript works by typing the name (issue 12, item 3)."""

from __future__ import annotations

from datetime import date

import pytest

from openvillage.core.errors import InvalidInput
from openvillage.elections.tests.conftest import villager
from openvillage.org import picker
from openvillage.org.models import Person


@pytest.fixture
def namesakes(village_a1):
    first = Person.objects.create(
        village=village_a1,
        name="王伟",
        gender="male",
        birth_date=date(1980, 1, 1),
        id_masked="990101********0014",
    )
    second = Person.objects.create(
        village=village_a1, name="王伟", gender="male", birth_date=date(1990, 7, 9)
    )
    return first, second


def test_the_matches_are_those_in_scope_with_the_masked_id(cast, namesakes, village_a2, client):
    villager(village_a2, "王伟强")
    client.force_login(cast["vic"])
    rows = client.get("/staff/people/pick/?q=王伟&format=json").json()["results"]
    assert [r["label"] for r in rows] == ["王伟（990101********0014）", "王伟（1990-07-09）"]
    client.force_login(cast["tom"])  # the town sees both of its villages
    rows = client.get("/staff/people/pick/?q=王伟&format=json").json()["results"]
    assert {r["name"] for r in rows} == {"王伟", "王伟强"}


def test_a_village_outside_the_scope_gives_no_matches(cast, namesakes, village_a1, client):
    client.force_login(cast["vera"])
    answer = client.get(f"/staff/people/pick/?q=王伟&village={village_a1.code}&format=json")
    assert answer.json()["results"] == []


def test_without_javascript_the_search_page_lists_the_text_to_type(cast, namesakes, client):
    client.force_login(cast["vic"])
    page = client.get("/staff/people/pick/?q=王伟", HTTP_ACCEPT_LANGUAGE="zh-CN")
    text = page.content.decode()
    assert page.status_code == 200
    assert "王伟（990101********0014）" in text and "填入表单" in text


def test_the_picker_needs_a_signed_in_user(client):
    assert client.get("/staff/people/pick/?q=王").status_code == 302


def test_a_unique_name_resolves_and_namesakes_need_the_tag(cast, namesakes, village_a1):
    first, second = namesakes
    only = villager(village_a1, "陈明")
    resolve = picker.resolve
    assert resolve(cast["vic"], "陈明", village=village_a1, field="person") == only
    tagged = "王伟（990101********0014）"
    assert resolve(cast["vic"], tagged, village=village_a1, field="person") == first
    assert resolve(cast["vic"], "王伟 (1990-07-09)", village=village_a1, field="person") == second
    with pytest.raises(InvalidInput) as several:
        resolve(cast["vic"], "王伟", village=village_a1, field="person")
    assert several.value.field == "person"
    assert "990101********0014" in str(several.value)
    with pytest.raises(InvalidInput):
        resolve(cast["vic"], "张三", village=village_a1, field="proxy")


def test_a_person_of_another_village_cannot_be_picked(cast, village_a1, village_a2):
    stranger = villager(village_a2, "李四")
    with pytest.raises(InvalidInput):
        picker.resolve(cast["vic"], "李四", village=village_a1, field="person")
    with pytest.raises(InvalidInput):
        picker.resolve(cast["vic"], str(stranger.pk), village=village_a1, field="person")
