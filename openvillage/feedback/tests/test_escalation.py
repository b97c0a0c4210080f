"""Overdue messages escalate one level up and show as late, then very late (Q5)."""

import time_machine

from openvillage.feedback import services
from openvillage.feedback.models import Reminder
from openvillage.feedback.tests.conftest import post


def test_reminder_then_late_then_very_late(settings, zhang, town_a, county):
    settings.FEEDBACK_REPLY_WORKING_DAYS = {**settings.FEEDBACK_REPLY_WORKING_DAYS, "question": 5}
    settings.FEEDBACK_VERY_LATE_WORKING_DAYS = 10
    with time_machine.travel("2026-03-02 09:00 +08:00", tick=False):  # a Monday
        message = post(zhang)
    assert str(message.due_on) == "2026-03-09"
    with time_machine.travel("2026-03-07 09:00 +08:00", tick=False):
        assert services.messages_daily()["reminded"] == 1
    assert Reminder.objects.filter(message=message, kind="due_soon").exists()
    with time_machine.travel("2026-03-10 09:00 +08:00", tick=False):
        services.messages_daily()
    message.refresh_from_db()
    assert (message.lateness, message.assigned_unit) == ("late", town_a)
    with time_machine.travel("2026-03-17 09:00 +08:00", tick=False):
        services.messages_daily()
    message.refresh_from_db()
    assert (message.lateness, message.assigned_unit) == ("very_late", county)
    assert message.assignments.filter(kind="escalate").count() == 2


def test_reminders_reach_the_clerk_by_mail_and_on_the_staff_home(
    settings, zhang, cast, client, mailoutbox
):
    settings.FEEDBACK_REPLY_WORKING_DAYS = {**settings.FEEDBACK_REPLY_WORKING_DAYS, "question": 5}
    cast["vic"].email = "vic@example.org"
    cast["vic"].save()
    with time_machine.travel("2026-03-02 09:00 +08:00", tick=False):
        post(zhang)
    with time_machine.travel("2026-03-07 09:00 +08:00", tick=False):
        assert services.messages_daily()["mailed"] == 1
        client.force_login(cast["vic"])
        page = client.get("/staff/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert [m.to for m in mailoutbox] == [["vic@example.org"]]
    assert "/staff/feedback/" in mailoutbox[0].body
    assert "1 message is due for a reply within days" in page
    with time_machine.travel("2026-03-10 09:00 +08:00", tick=False):
        services.messages_daily()
        client.force_login(cast["tom"])
        page = client.get("/staff/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "1 message is past its reply deadline" in page
