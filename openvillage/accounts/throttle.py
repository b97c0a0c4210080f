"""Login throttling: too many failures for a username or from an address block new attempts."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from openvillage.accounts.models import LoginFailure
from openvillage.core.masking import mask_text


def client_address(request) -> str | None:
    """The address a request came from, for rate limits.

    Behind a reverse proxy every request comes from the proxy, so the proxy's own addresses are
    listed in ``TRUSTED_PROXIES``: from those, and only those, the last address the proxy added
    to X-Forwarded-For is taken. A header from anyone else is ignored (it could be forged).
    """
    peer = request.META.get("REMOTE_ADDR") or None
    if peer in settings.TRUSTED_PROXIES:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1][:45]
    return peer


def is_blocked(username: str, address: str | None) -> bool:
    since = timezone.now() - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW)
    recent = LoginFailure.objects.filter(at__gte=since)
    if (
        recent.filter(username=mask_text(username.lower()[:150])).count()
        >= settings.LOGIN_FAILURES_PER_USER
    ):
        return True
    return bool(
        address and recent.filter(address=address).count() >= settings.LOGIN_FAILURES_PER_ADDRESS
    )


def record_failure(username: str, address: str | None) -> None:
    LoginFailure.objects.create(username=mask_text(username.lower()[:150]), address=address)


def clear_failures(username: str) -> None:
    LoginFailure.objects.filter(username=mask_text(username.lower()[:150])).delete()
