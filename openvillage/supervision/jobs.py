"""Daily job of supervision: overdue problems escalate to the issuer's superior (R9)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from openvillage.core import periodic


@periodic.register("supervision.escalate", hour=1, label=_("Escalation of overdue problems"))
def run_daily() -> str:
    from openvillage.supervision.services import problems_escalate

    return f"escalated {problems_escalate()}"


@periodic.register("supervision.digest", hour=7, label=_("Daily digest of rectifications due"))
def run_digest() -> str:
    from openvillage.supervision.reminders import send_digests

    return f"digests {send_digests()}"
