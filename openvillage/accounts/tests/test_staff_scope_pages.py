from datetime import date

from openvillage.core.audit import audit_log
from openvillage.org.models import Person


def test_a_town_officer_cannot_open_another_towns_village(client, cast, village_b1):
    client.force_login(cast["tom"])
    assert client.get(f"/staff/units/{village_b1.code}/").status_code == 403


def test_a_clerk_sees_only_their_villages_people(client, cast, village_a1, village_a2):
    Person.objects.create(
        village=village_a1, name="甲村民", gender="male", birth_date=date(1980, 1, 1)
    )
    Person.objects.create(
        village=village_a2, name="乙村民", gender="male", birth_date=date(1980, 1, 1)
    )
    client.force_login(cast["vic"])
    page = client.get("/staff/people/").content.decode()
    assert "甲村民" in page and "乙村民" not in page


def test_a_clerk_cannot_open_a_person_of_another_village(client, cast, village_a2):
    other = Person.objects.create(
        village=village_a2, name="乙", gender="male", birth_date=date(1980, 1, 1)
    )
    client.force_login(cast["vic"])
    assert client.get(f"/staff/people/{other.pk}/").status_code == 403


def test_only_county_roles_browse_the_audit_log_and_it_is_filtered(client, cast, village_a1):
    audit_log(
        actor=cast["vic"],
        action="org.person.create",
        unit_path=village_a1.path,
        object_label="某人",
    )
    client.force_login(cast["vic"])
    assert client.get("/staff/audit/").status_code == 403
    client.force_login(cast["cora"])
    page = client.get("/staff/audit/?action=org.person").content.decode()
    assert "某人" in page
    assert "某人" not in client.get("/staff/audit/?action=disclosure").content.decode()


def test_the_people_list_paginates(client, cast, village_a1):
    Person.objects.bulk_create(
        [
            Person(
                village=village_a1, name=f"村民{n:03}", gender="male", birth_date=date(1980, 1, 1)
            )
            for n in range(120)
        ]
    )
    client.force_login(cast["vic"])
    page = client.get("/staff/people/?page=3", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "村民100" in page and "Page 3 of 3" in page
