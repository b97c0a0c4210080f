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
