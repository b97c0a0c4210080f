"""Login throttling: too many failures for a username or from an address block new attempts."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from openvillage.accounts.models import LoginFailure


def client_address(request) -> str | None:
    # Behind nginx, set the real address in REMOTE_ADDR (deploy/nginx.conf); never trust a header.
    return request.META.get("REMOTE_ADDR") or None


def is_blocked(username: str, address: str | None) -> bool:
    since = timezone.now() - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW)
    recent = LoginFailure.objects.filter(at__gte=since)
    if recent.filter(username=username.lower()).count() >= settings.LOGIN_FAILURES_PER_USER:
        return True
    return bool(
        address and recent.filter(address=address).count() >= settings.LOGIN_FAILURES_PER_ADDRESS
    )


def record_failure(username: str, address: str | None) -> None:
    LoginFailure.objects.create(username=username.lower(), address=address)


def clear_failures(username: str) -> None:
    LoginFailure.objects.filter(username=username.lower()).delete()
