"""Daily jobs of the accounts app, run once a day across all workers."""

from django.utils.translation import gettext_lazy as _

from openvillage.accounts.throttle import purge_counters
from openvillage.core import periodic


@periodic.register("accounts.throttle_purge", hour=3, label=_("Old sign-in counters removed"))
def throttle_purge() -> str:
    return f"{purge_counters()} counters removed"
