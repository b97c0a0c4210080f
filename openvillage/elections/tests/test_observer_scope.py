"""Issue 11 §12: an observer works only where they belong and reads only their assignments.

- observer_assign checks the observer's own area (not only the actor's): an observer of town B
  cannot be sent to village A1, whoever sends them;
- the election observer role reads no villagers' messages and no register of people; the
  observer's page lists their assigned villages and checklists.
"""

from __future__ import annotations

from datetime import date

import pytest

from openvillage.accounts.models import User
from openvillage.core.errors import InvalidInput
from openvillage.core.roles import Role
from openvillage.elections import services
from openvillage.elections.models import ObserverAssignment
from openvillage.org.services import person_create


@pytest.fixture
def olga(cast, town_b):
    """An election observer of town B."""
    user = User(username="olga", role=Role.ELECTION_OBSERVER, unit=town_b, first_name="Olga")
    user.set_password("pw-olga")
    user.save()
    return user


@pytest.mark.parametrize("actor", ["tom", "alice"])
def test_an_observer_of_another_town_cannot_be_assigned_to_a_village(
    cast, general, village_a1, olga, actor
):
    with pytest.raises(InvalidInput) as err:
        services.observer_assign(
            actor=cast[actor], general=general, observer=olga, village=village_a1
        )
    assert err.value.field == "observer"
    assert not ObserverAssignment.objects.exists()


def test_an_observer_of_the_town_is_assigned_to_its_village(cast, general, village_a1):
    row = services.observer_assign(
        actor=cast["tom"], general=general, observer=cast["oscar"], village=village_a1
    )
    assert row.village == village_a1


def test_the_office_page_refuses_an_observer_of_another_town(
    client, cast, general, village_a1, olga
):
    client.force_login(cast["alice"])
    client.post(
        f"/staff/elections/general/{general.pk}/observers/",
        {"village": village_a1.pk, "observer": olga.pk},
    )
    assert not ObserverAssignment.objects.exists()


def test_the_observer_reads_no_villagers_messages_and_no_register(
    client, cast, general, village_a1
):
    from openvillage.feedback.tests.conftest import _villager, post

    zhang = _villager(cast["vic"], village_a1, "张三", "A1-001", "13800138000")
    post(zhang, kind="report", text="村里有人拉票")
    person_create(
        actor=cast["vic"],
        village=village_a1,
        name="李明",
        gender="male",
        birth_date=date(1980, 1, 1),
    )
    services.observer_assign(
        actor=cast["tom"], general=general, observer=cast["oscar"], village=village_a1
    )
    client.force_login(cast["oscar"])
    inbox = client.get("/api/v1/staff/feedback/messages")
    assert inbox.status_code == 200 and inbox.json()["count"] == 0
    assert "村里有人拉票" not in client.get("/staff/feedback/").content.decode()
    people = client.get("/staff/people/")
    assert "李明" not in people.content.decode() and "张三" not in people.content.decode()
    home = client.get("/staff/elections/observe/")
    assert home.status_code == 200 and village_a1.name in home.content.decode()


def test_the_town_officer_still_reads_the_messages_and_register(client, cast, village_a1):
    from openvillage.feedback.tests.conftest import _villager, post

    zhang = _villager(cast["vic"], village_a1, "张三", "A1-001", "13800138000")
    post(zhang, kind="question", text="账目什么时候公开")
    client.force_login(cast["tom"])
    assert client.get("/api/v1/staff/feedback/messages").json()["count"] == 1
    assert "张三" in client.get("/staff/people/").content.decode()
