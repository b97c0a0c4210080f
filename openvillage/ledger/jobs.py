"""The daily job of the public record: a fresh signed head, then the self-audit."""

from __future__ import annotations

from datetime import datetime, time

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openvillage.core.clock import local_today
from openvillage.core.periodic import register


@register("ledger.daily", hour=1, label=_("Public record: signed head and self-audit"))
def ledger_daily() -> str:
    """Sign a head if none was signed today (local date), then recompute the log."""
    from openvillage.ledger.models import TreeHead
    from openvillage.ledger.services import ledger_audit, sign_tree_head

    midnight = timezone.make_aware(datetime.combine(local_today(), time.min))
    if not TreeHead.objects.filter(timestamp__gte=int(midnight.timestamp() * 1000)).exists():
        sign_tree_head(force=True)
    run = ledger_audit()
    return f"audit {'ok' if run.ok else 'FAILED'}: {run.message or run.entries}"
