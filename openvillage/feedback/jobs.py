"""Daily jobs of villagers' messages: reminders, escalation, closure; topic model training."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from openvillage.core import periodic


@periodic.register("feedback.deadlines", hour=1, label=_("Message reminders and escalations"))
def run_daily() -> str:
    from openvillage.feedback.services import messages_daily

    counts = messages_daily()
    return ", ".join(f"{k} {v}" for k, v in counts.items())


@periodic.register("feedback.train", hour=2, label=_("Message topic training"))
def run_training() -> str:
    from openvillage.feedback.classify import train_from_history

    return train_from_history()
