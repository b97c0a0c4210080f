from datetime import date

from openvillage.conftest import VALID_IDS
from openvillage.core.models import AuditEntry
from openvillage.org.models import Person, Term


def post(client, url, data):
    return client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")


def person_data(**over):
    data = {
        "name": "李明",
        "gender": "male",
        "birth_date": "1980-01-01",
        "id_number": VALID_IDS[0],
        "education": "",
        "phone": "",
        "party_status": "none",
        "party_joined_on": "",
    }
    return {**data, **over}


def test_a_clerk_registers_a_person_and_lands_on_their_page(client, cast, village_a1):
    client.force_login(cast["vic"])
    response = post(client, f"/staff/units/{village_a1.code}/people/add/", person_data())
    person = Person.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/staff/people/{person.pk}/"
    assert person.id_masked == "990101********0014"


def test_a_wrong_check_digit_is_shown_on_the_id_field_and_nothing_is_saved(
    client, cast, village_a1
):
    client.force_login(cast["vic"])
    page = post(
        client,
        f"/staff/units/{village_a1.code}/people/add/",
        person_data(id_number=VALID_IDS[0][:-1] + "7"),
    ).content.decode()
    assert 'id="id_id_number"' in page and "check digit" in page
    assert Person.objects.count() == 0 and AuditEntry.objects.count() == 0


def test_a_party_member_without_a_joining_date_is_told_which_field(client, cast, village_a1):
    client.force_login(cast["vic"])
    page = post(
        client, f"/staff/units/{village_a1.code}/people/add/", person_data(party_status="full")
    ).content.decode()
    assert "the date they joined the party" in page


def test_a_clerk_of_another_village_cannot_open_the_form(client, cast, village_a1):
    client.force_login(cast["vera"])
    assert client.get(f"/staff/units/{village_a1.code}/people/add/").status_code == 403


def test_a_supervisor_can_read_but_not_register(client, cast, village_a1):
    client.force_login(cast["cora"])
    assert client.get(f"/staff/units/{village_a1.code}/").status_code == 200
    assert client.get(f"/staff/units/{village_a1.code}/people/add/").status_code == 403


def test_recording_and_ending_a_term_from_the_console(client, cast, village_a1):
    person = Person.objects.create(
        village=village_a1, name="王芳", gender="female", birth_date=date(1985, 5, 5)
    )
    client.force_login(cast["vic"])
    post(
        client,
        f"/staff/people/{person.pk}/terms/add/",
        {"body": "villagers_committee", "post": "director", "started_on": "2021-01-15"},
    )
    term = Term.objects.get()
    post(
        client, f"/staff/terms/{term.pk}/end/", {"ended_on": "2026-01-14", "end_reason": "resigned"}
    )
    term.refresh_from_db()
    assert (term.ended_on, term.end_reason) == (date(2026, 1, 14), "resigned")
    page = client.get(f"/staff/people/{person.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "2021-01-15" in page and "Resigned" in page


def test_a_second_director_is_refused_on_the_start_date(client, cast, village_a1):
    first, second = (
        Person.objects.create(
            village=village_a1, name=n, gender="male", birth_date=date(1970, 1, 1)
        )
        for n in ("甲", "乙")
    )
    Term.objects.create(
        village=village_a1,
        person=first,
        body="villagers_committee",
        post="director",
        started_on=date(2021, 1, 15),
    )
    client.force_login(cast["vic"])
    page = post(
        client,
        f"/staff/people/{second.pk}/terms/add/",
        {"body": "villagers_committee", "post": "director", "started_on": "2022-03-01"},
    )
    assert "Another person holds this post from 2021-01-15" in page.content.decode()
    assert Term.objects.count() == 1
