"""The home page is each role's own queue: a reviewer gets the submissions to review, a role that
only watches disclosures gets a count and the timeliness page, not another's to-do list."""

import time_machine

from openvillage.disclosure import services
from openvillage.disclosure.tests.conftest import content
from openvillage.disclosure.tests.test_overdue import (  # noqa: F401 (fixtures)
    A1_DUE,
    AFTER_DEADLINE,
    overdue,
    small_catalogue,
)


def home(client, user) -> str:
    client.force_login(user)
    with time_machine.travel(AFTER_DEADLINE, tick=False):
        return client.get("/staff/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()


def test_the_town_officer_is_led_to_the_submission_waiting_for_review(client, cast, village_a1):
    item = services.item_create(actor=cast["vic"], village=village_a1, content=content())
    services.item_submit(actor=cast["vic"], item=item)
    body = home(client, cast["tom"])
    assert 'href="/staff/disclosure/review/"' in body and "1 项已提交的公开事项等待您审核" in body
    assert "等待您审核" not in home(client, cast["tina"])  # another town's officer


def test_the_supervision_member_watches_a_count_not_a_to_do_list(client, cast, overdue):  # noqa: F811
    body = home(client, cast["sue"])
    assert A1_DUE not in body
    assert "辖区内有 1 项公开事项逾期" in body and "/staff/disclosure/timeliness/?sort=rate" in body


def test_the_clerk_still_gets_the_lines_that_start_the_work(client, cast, overdue):  # noqa: F811
    body = home(client, cast["vic"])
    assert A1_DUE in body and "/staff/disclosure/new/?" in body and "等待您审核" not in body
