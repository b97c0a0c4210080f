"""The one place that turns the clock into local dates (Asia/Shanghai, settings.TIME_ZONE)."""

from datetime import date, datetime

from django.utils import timezone


def now() -> datetime:
    return timezone.now()


def local_now() -> datetime:
    return timezone.localtime(timezone.now())


def local_today() -> date:
    """Today's date where the villages are, whatever the server's clock zone."""
    return local_now().date()
