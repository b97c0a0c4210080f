"""Sign-in counters that count nothing any more are removed daily; live ones stay."""

from datetime import timedelta

from django.utils import timezone

from openvillage.accounts.models import LoginCounter
from openvillage.accounts.throttle import purge_counters
from openvillage.core import periodic


def test_counters_idle_for_a_whole_window_go_and_live_ones_stay(db, settings):
    now = timezone.now()
    window = timedelta(seconds=settings.LOGIN_FAILURE_WINDOW)
    LoginCounter.objects.create(key="old", failures=9, last_at=now - window - timedelta(seconds=1))
    LoginCounter.objects.create(
        key="recent", failures=2, last_at=now - window + timedelta(seconds=60)
    )
    LoginCounter.objects.create(
        key="still-blocked",
        failures=40,
        last_at=now - window - timedelta(hours=1),
        blocked_until=now + timedelta(minutes=5),
    )
    assert purge_counters(now) == 1
    assert set(LoginCounter.objects.values_list("key", flat=True)) == {"recent", "still-blocked"}
    assert purge_counters(now) == 0


def test_the_purge_is_a_registered_daily_job():
    job = periodic.JOBS["accounts.throttle_purge"]
    assert str(job.label)
