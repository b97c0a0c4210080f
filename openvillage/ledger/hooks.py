"""What the ledger registers in the shell (see :mod:`openvillage.core.extensions`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from openvillage.core.extensions import Attention


def attention(user: Any, today: date) -> list[Attention]:
    """For county roles: the last self-audit, when it found the stored public record altered."""
    from openvillage.ledger.models import AuditRun

    run = AuditRun.objects.filter(finished_at__isnull=False).first()
    if run is None or run.ok:
        return []
    when = timezone.localtime(run.finished_at).strftime("%Y-%m-%d %H:%M")
    sentence = _(
        "The self-audit of %(when)s found the stored public record altered, first at entry "
        "%(index)s."
    ) % {"when": when, "index": run.broken_index}
    label = f"{sentence} {run.message}".strip()
    return [Attention(1, reverse("ledger-index"), label, _("Public record"), "warn")]
