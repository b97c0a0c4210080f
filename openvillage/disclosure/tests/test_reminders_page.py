"""Reminders open a page of their own: each leads to its work and can be marked read."""

import time_machine

from openvillage.disclosure.models import Notice
from openvillage.disclosure.tests.test_overdue import (  # noqa: F401 (fixtures)
    AFTER_DEADLINE,
    overdue,
    small_catalogue,
)


def get(client, user, path):
    client.force_login(user)
    with time_machine.travel(AFTER_DEADLINE, tick=False):
        return client.get(path, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()


def test_the_home_page_links_to_the_reminders(client, cast, overdue):  # noqa: F811
    assert Notice.objects.filter(recipient=cast["vic"], read_at__isnull=True).exists()
    body = get(client, cast["vic"], "/staff/")
    assert 'href="/staff/disclosure/notices/"' in body and "条新提醒" in body


def test_the_reminders_page_leads_to_the_work_with_the_period_in_words(client, cast, overdue):  # noqa: F811
    body = get(client, cast["vic"], "/staff/disclosure/notices/")
    assert "/staff/disclosure/new/?" in body
    assert "2025年12月" in body and "2025-12<" not in body
    assert "逾期" in body and "overdue" not in body.split("<main>")[1].split("</main>")[0].lower()


def test_marking_one_reminder_read_leaves_the_others_and_touches_nobody_elses(
    client,
    cast,
    overdue,  # noqa: F811
):
    mine = Notice.objects.filter(recipient=cast["vic"]).first()
    tom_unread = Notice.objects.filter(recipient=cast["tom"], read_at__isnull=True).count()
    client.force_login(cast["vic"])
    response = client.post("/staff/disclosure/notices/read/", {"notice": mine.pk})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.read_at is not None
    # Tom's notice id posted by Vic changes nothing.
    theirs = Notice.objects.filter(recipient=cast["tom"]).first()
    client.post("/staff/disclosure/notices/read/", {"notice": theirs.pk})
    assert Notice.objects.filter(recipient=cast["tom"], read_at__isnull=True).count() == tom_unread


def test_mark_all_read_clears_the_home_page_link(client, cast, overdue):  # noqa: F811
    client.force_login(cast["vic"])
    client.post("/staff/disclosure/notices/read/")
    assert not Notice.objects.filter(recipient=cast["vic"], read_at__isnull=True).exists()
    body = get(client, cast["vic"], "/staff/")
    assert "条新提醒" not in body
    assert "已读" in get(client, cast["vic"], "/staff/disclosure/notices/")


def test_reading_reminders_needs_a_signed_in_user(client):
    assert client.get("/staff/disclosure/notices/").status_code == 302
    assert client.post("/staff/disclosure/notices/read/").status_code == 302


def test_the_reminders_page_takes_a_fixed_number_of_queries(
    client,
    cast,
    overdue,  # noqa: F811
    django_assert_max_num_queries,
):
    client.force_login(cast["tom"])
    with django_assert_max_num_queries(10):
        assert client.get("/staff/disclosure/notices/").status_code == 200
