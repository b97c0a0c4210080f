"""The one place that turns the clock into local dates (Asia/Shanghai, settings.TIME_ZONE)."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone


def now() -> datetime:
    return timezone.now()


def local_now() -> datetime:
    return timezone.localtime(timezone.now())


def local_today() -> date:
    """Today's date where the villages are, whatever the server's clock zone."""
    return local_now().date()


def local_day_bounds(day: date) -> tuple[datetime, datetime]:
    """The aware instants ``[start, end)`` of a local day, for filtering timestamps by day."""
    zone = timezone.get_default_timezone()
    start = datetime.combine(day, time.min, tzinfo=zone)
    return start, datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)
