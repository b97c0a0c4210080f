"""The daily disclosure job: create dues, pre-aggregate timeliness, send notices (K7)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from openvillage.core import periodic
from openvillage.core.clock import local_today


@periodic.register("disclosure.dues", hour=1, label=_("Disclosure dues and notices"))
def run_daily() -> str:
    from openvillage.disclosure import schedules

    today = local_today()
    offered = schedules.refresh_dues(today)
    schedules.recompute_timeliness(today)
    sent = schedules.send_notices(today)
    return f"dues offered {offered}, notices {sent}"
