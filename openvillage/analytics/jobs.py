"""The daily fill of the county's view, run once a day across all workers."""

from django.utils.translation import gettext_lazy as _

from openvillage.analytics.fill import fill_all
from openvillage.core import periodic


@periodic.register("analytics.fill", hour=2, label=_("Dashboard figures filled"))
def daily_fill() -> str:
    filled = fill_all()
    return ", ".join(f"{name}: {days} days" for name, days in filled.items()) or "no stats"
