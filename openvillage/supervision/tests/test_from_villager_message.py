"""A villager's message taken up by the town: from feedback's staff page (a page extra, the two
apps not naming each other's pages) onto the one list, once, as a villager-originated problem."""

import pytest

from openvillage.core.errors import WrongState
from openvillage.feedback.tests.conftest import post, zhang  # noqa: F401
from openvillage.supervision import services
from openvillage.supervision.models import Problem

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


@pytest.fixture
def message(zhang):  # noqa: F811
    return post(zhang, kind="complaint", text="村口路灯坏了三个月没人修。")


def test_the_town_puts_a_message_on_the_problem_list_from_the_message_page(client, cast, message):
    client.force_login(cast["tom"])
    page = client.get(f"/staff/feedback/{message.pk}/", **ZH).content.decode()
    assert "销号时征询村民是否满意" in page and "列入问题清单" in page
    response = client.post(
        f"/staff/supervision/from-message/{message.pk}/", {"severity": "serious"}, **ZH
    )
    problem = Problem.objects.get()
    assert response["Location"] == f"/staff/supervision/{problem.pk}/"
    assert (problem.source, problem.source_id, problem.village) == (
        "villager",
        message.pk,
        message.village,
    )
    assert problem.from_villager and problem.public and problem.title.startswith("村口路灯")
    page = client.get(f"/staff/feedback/{message.pk}/", **ZH).content.decode()
    assert "该留言已列入问题清单" in page


def test_the_same_message_goes_on_the_list_once(client, cast, message):
    client.force_login(cast["tom"])
    url = f"/staff/supervision/from-message/{message.pk}/"
    client.post(url, {"severity": "general"}, **ZH)
    response = client.post(url, {"severity": "general"}, follow=True, **ZH)
    assert "该记录已列入问题清单" in response.content.decode()
    assert Problem.objects.count() == 1
    with pytest.raises(WrongState):
        services.problem_raise(
            actor=cast["tom"], village=message.village, title="x", severity="general",
            source="villager", source_id=message.pk,
        )  # fmt: skip


def test_the_clerk_sees_no_such_form_and_cannot_post_it(client, cast, message):
    client.force_login(cast["vic"])
    page = client.get(f"/staff/feedback/{message.pk}/", **ZH).content.decode()
    assert "销号时征询村民是否满意" not in page
    response = client.post(
        f"/staff/supervision/from-message/{message.pk}/", {"severity": "general"}
    )
    assert response.status_code == 302 and not Problem.objects.exists()


def test_another_town_cannot_reach_the_message(client, cast, message):
    client.force_login(cast["tina"])
    response = client.post(
        f"/staff/supervision/from-message/{message.pk}/", {"severity": "general"}
    )
    assert response.status_code == 404 and not Problem.objects.exists()
