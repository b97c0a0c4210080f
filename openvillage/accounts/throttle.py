"""Sign-in throttling for the staff console and the admin site: growing delays, never a hard lock.

Failures are counted in the database (:class:`LoginCounter`, read and written under a row lock,
so that attempts made in parallel all count) under several keys at once:

- the account from this address: ``LOGIN_FAILURES_PER_USER`` free failures;
- the account from anywhere: ``LOGIN_FAILURES_PER_ACCOUNT`` (slows guessing from many addresses);
- this address for any account: ``LOGIN_FAILURES_PER_ADDRESS``.

Past its free failures a key makes the next attempt wait ``LOGIN_DELAY_SECONDS``, doubling with
each further failure up to ``LOGIN_FAILURE_WINDOW``; failures older than the window are forgotten.
A device on which the account signed in before carries a signed cookie; from it, only the
failures made on that device count, so that wrong passwords typed elsewhere (an attacker, or a
whole town behind one proxy address) never keep the account's owner out.

Each attempt is counted as a failure *before* the password is checked (:func:`begin`), and the
count is given back when it turns out right (:func:`succeeded`): parallel guesses cannot all slip
through between a check and a write.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext

from openvillage.accounts.models import LoginCounter, LoginFailure
from openvillage.core.masking import mask_text

DEVICE_COOKIE_PREFIX = "ov_device_"
DEVICE_SALT = "openvillage.accounts.device"
DEVICE_MAX_AGE = 180 * 24 * 3600


class Throttled(Exception):
    """Too many recent failures: the attempt is refused without checking the password."""

    def __init__(self, seconds: int) -> None:
        super().__init__(seconds)
        self.seconds = seconds

    def message(self) -> str:
        minutes = max(1, math.ceil(self.seconds / 60))
        return gettext("Too many failed sign-ins. Wait %(minutes)s minutes and try again.") % {
            "minutes": minutes
        }


@dataclass
class Attempt:
    """One sign-in attempt in progress: the keys it was counted under and their previous state."""

    username: str
    address: str | None
    keys: dict[str, int]  # hashed key -> free failures
    pair_key: str
    before: dict[str, datetime | None] = field(default_factory=dict)


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


def _hash(*parts: str) -> str:
    message = "\x1f".join(parts).encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def _cookie_name(username: str) -> str:
    return DEVICE_COOKIE_PREFIX + _hash("device-cookie", username)[:16]


def known_device(request: HttpRequest, username: str) -> str | None:
    """The id of this device if ``username`` signed in on it before (a valid signed cookie)."""
    value = request.get_signed_cookie(
        _cookie_name(username), default=None, salt=DEVICE_SALT, max_age=DEVICE_MAX_AGE
    )
    if not value or not value.startswith(username + ":"):
        return None
    return value


def _keys(username: str, address: str | None, device: str | None) -> tuple[dict[str, int], str]:
    if device:
        pair = _hash("device", device)
        return {pair: settings.LOGIN_FAILURES_PER_USER}, pair
    pair = _hash("user-address", username, address or "")
    keys = {pair: settings.LOGIN_FAILURES_PER_USER}
    keys[_hash("user", username)] = settings.LOGIN_FAILURES_PER_ACCOUNT
    if address:
        keys[_hash("address", address)] = settings.LOGIN_FAILURES_PER_ADDRESS
    return keys, pair


def _stored_name(username: str) -> str:
    return mask_text(username.lower()[:150])


def delay(failures: int, free: int) -> int:
    """Seconds to wait after ``failures`` recent failures of a key allowing ``free`` of them."""
    if failures < free:
        return 0
    return min(settings.LOGIN_DELAY_SECONDS * 2 ** min(failures - free, 30), _window())


def _window() -> int:
    return settings.LOGIN_FAILURE_WINDOW


def _locked(keys) -> list[LoginCounter]:
    # In key order, so that two attempts lock the same rows in the same order (no deadlock).
    return [
        LoginCounter.objects.select_for_update().get_or_create(key=key)[0] for key in sorted(keys)
    ]


def begin(request: HttpRequest, username: str) -> Attempt:
    """Count an attempt to sign in as ``username`` as a failure, or raise :class:`Throttled`."""
    username = username.lower()
    address = client_address(request)
    keys, pair = _keys(username, address, known_device(request, username))
    attempt = Attempt(username=username, address=address, keys=keys, pair_key=pair)
    now = timezone.now()
    with transaction.atomic():
        counters = _locked(keys)
        waits = [(c.blocked_until - now).total_seconds() for c in counters if c.blocked_until]
        if waits and max(waits) > 0:
            raise Throttled(math.ceil(max(waits)))
        for counter in counters:
            attempt.before[counter.key] = counter.blocked_until
            if counter.last_at < now - timedelta(seconds=_window()):
                counter.failures = 0
            counter.failures += 1
            counter.last_at = now
            wait = delay(counter.failures, keys[counter.key])
            counter.blocked_until = now + timedelta(seconds=wait) if wait else None
            counter.save(update_fields=["failures", "last_at", "blocked_until"])
    return attempt


def failed(attempt: Attempt) -> None:
    """The password was wrong: the attempt stays counted; keep a row for the audit."""
    # A name typed into the sign-in box may be an ID or phone number: stored masked (issue 11 §1).
    LoginFailure.objects.create(username=_stored_name(attempt.username), address=attempt.address)


def succeeded(request: HttpRequest, attempt: Attempt) -> None:
    """The password was right: give back the count, forget this pair's failures."""
    with transaction.atomic():
        for counter in _locked(attempt.keys):
            if counter.key == attempt.pair_key:
                counter.failures = 0
                counter.blocked_until = None
            else:
                counter.failures = max(0, counter.failures - 1)
                counter.blocked_until = attempt.before.get(counter.key)
            counter.save(update_fields=["failures", "blocked_until"])
    LoginFailure.objects.filter(username=_stored_name(attempt.username)).delete()
    request.openvillage_signed_in = attempt.username  # remember_device sets the cookie


def remember_device(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """After a successful sign-in, mark this device as known for the account (signed cookie)."""
    username = getattr(request, "openvillage_signed_in", None)
    if username and not known_device(request, username):
        response.set_signed_cookie(
            _cookie_name(username),
            f"{username}:{secrets.token_urlsafe(16)}",
            salt=DEVICE_SALT,
            max_age=DEVICE_MAX_AGE,
            secure=settings.SECURE_COOKIES,
            httponly=True,
            samesite="Lax",
        )
    return response


def purge_counters(now: datetime | None = None) -> int:
    """Delete the counters nobody has failed on for a whole window (they count nothing any more);
    return how many. Run daily (``accounts.throttle.purge``), so the table does not grow with
    every name and address ever tried."""
    now = now or timezone.now()
    stale = LoginCounter.objects.filter(last_at__lt=now - timedelta(seconds=_window())).filter(
        Q(blocked_until__isnull=True) | Q(blocked_until__lt=now)
    )
    deleted, _ = stale.delete()
    return deleted
