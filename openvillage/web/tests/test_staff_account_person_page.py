"""The staff accounts page links an account to its person: search by name, pick, unlink."""

from datetime import date

from openvillage.accounts.models import User
from openvillage.org.models import Person


def person(village, name):
    return Person.objects.create(
        village=village, name=name, gender="male", birth_date=date(1975, 3, 3)
    )


def test_a_town_officer_finds_the_clerk_by_name_and_links_her(client, cast, village_a1):
    wang = person(village_a1, "王建国")
    client.force_login(cast["tom"])
    url = f"/staff/accounts/{cast['vic'].pk}/person/"
    page = client.get(url, {"q": "建国"}, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "王建国" in page and "1975" in page
    assert client.post(url, {"person": wang.pk}).status_code == 302
    assert User.objects.get(pk=cast["vic"].pk).person == wang
    listing = client.get("/staff/accounts/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "王建国" in listing and "花名册中的人员" in listing
    client.post(url, {"unlink": "1"})
    assert User.objects.get(pk=cast["vic"].pk).person is None


def test_people_of_another_village_are_neither_listed_nor_linkable(client, cast, village_a2):
    li = person(village_a2, "李建国")
    client.force_login(cast["tom"])
    url = f"/staff/accounts/{cast['vic'].pk}/person/"
    assert "李建国" not in client.get(url, {"q": "建国"}).content.decode()
    assert client.post(url, {"person": li.pk}).status_code == 404
    assert User.objects.get(pk=cast["vic"].pk).person is None


def test_an_account_outside_ones_scope_cannot_be_opened(client, cast):
    client.force_login(cast["tom"])
    assert client.get(f"/staff/accounts/{cast['bill'].pk}/person/").status_code == 403
    client.force_login(cast["vic"])
    assert client.get(f"/staff/accounts/{cast['sam'].pk}/person/").status_code == 403


def test_the_accounts_list_reads_linked_people_in_a_fixed_number_of_queries(
    client, cast, village_a1, django_assert_max_num_queries
):
    for user in (cast["vic"], cast["sam"], cast["sue"]):
        user.person = person(village_a1, f"人{user.pk}")
        user.save(update_fields=["person"])
    client.force_login(cast["tom"])
    with django_assert_max_num_queries(8):
        assert client.get("/staff/accounts/").status_code == 200
