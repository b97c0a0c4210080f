"""No one in the named cadre's scope can read who wrote a complaint about that cadre."""

import pytest

from openvillage.core.errors import NotFound
from openvillage.feedback import selectors
from openvillage.feedback.tests.conftest import post


@pytest.fixture
def complaint(zhang, secretary_term):
    return post(zhang, kind="report", text="书记收了好处费", named_term=secretary_term)


@pytest.mark.parametrize("name", ["vic", "sam", "sue"])
def test_no_one_in_the_village_of_the_named_secretary_reads_the_reporter(cast, complaint, name):
    user = cast[name]
    assert selectors.in_cadre_scope(user, complaint.cadre_scope_path)
    assert not selectors.reporter_visible(user, complaint)
    assert complaint.pk not in {row["id"] for row in selectors.inbox(user)}
    with pytest.raises(NotFound):
        selectors.staff_message(user, complaint.pk)


@pytest.mark.parametrize("name", ["tom", "alice"])
def test_the_levels_above_read_the_reporter(cast, complaint, name):
    view = selectors.staff_message(cast[name], complaint.pk)
    assert view.reporter is not None and view.reporter.name == "张三"


def test_the_inbox_rows_never_carry_the_reporter(cast, complaint):
    row = selectors.inbox(cast["tom"]).get(id=complaint.pk)
    assert not {"villager", "villager_id"} & set(row)


def test_a_town_officer_named_in_a_complaint_does_not_read_the_reporter(cast, zhang, county):
    message = post(zhang, kind="complaint", text="镇干部不作为", named_staff=cast["tom"])
    assert message.assigned_unit == county
    view = selectors.staff_message(cast["alice"], message.pk)
    assert view.reporter is not None
    for name in ("tom", "vic", "sam", "sue", "oscar"):
        user = cast[name]
        assert not selectors.reporter_visible(user, message)
        with pytest.raises(NotFound):
            selectors.staff_message(user, message.pk)


def test_the_staff_page_withholds_the_name_from_the_cadres_scope(client, cast, complaint):
    client.force_login(cast["tom"])
    assert "张三" in client.get(f"/staff/feedback/{complaint.pk}/").content.decode()
    client.force_login(cast["vic"])
    assert client.get(f"/staff/feedback/{complaint.pk}/").status_code == 404
