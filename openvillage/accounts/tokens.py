"""API tokens: a county administrator issues a key for another system and revokes it.

A key acts as the account that issued it (its role, unit and scope), and stops working when the
token is revoked or the account is switched off. Only the key's SHA-256 is stored; the key is
returned once by :func:`api_token_issue` and never again.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from openvillage.accounts.audit_actions import API_TOKEN
from openvillage.accounts.models import ApiToken, User
from openvillage.core.audit import audit_log
from openvillage.core.errors import InvalidInput, NotAllowed, WrongState
from openvillage.core.roles import Role
from openvillage.core.text import gettext_noop

ISSUERS = {Role.COUNTY_ADMIN}
KEY_PREFIX = "ov_"
MAX_ACTIVE = 20  # active tokens per account: a county has a few systems, not hundreds
TOUCH_EVERY = timedelta(minutes=5)  # how stale "last used" may be: not one write per request


def may_issue(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False) or getattr(user, "role", None) in ISSUERS)


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _require_issuer(actor: Any) -> None:
    if not may_issue(actor):
        raise NotAllowed(gettext_noop("Only a county administrator issues API tokens."))


def api_token_issue(*, actor: Any, name: str) -> tuple[ApiToken, str]:
    """Issue a token acting as ``actor``; return it with its key, shown this once only."""
    _require_issuer(actor)
    name = (name or "").strip()
    if not name:
        raise InvalidInput(gettext_noop("Name the system that will use the token."), field="name")
    if len(name) > 80:
        raise InvalidInput(gettext_noop("The name is longer than 80 characters."), field="name")
    with transaction.atomic():
        active = ApiToken.objects.filter(user=actor, revoked_at__isnull=True).count()
        if active >= MAX_ACTIVE:
            raise WrongState(
                gettext_noop("You have %(n)s tokens in use: revoke one before issuing another."),
                {"n": MAX_ACTIVE},
            )
        key = KEY_PREFIX + secrets.token_urlsafe(32)
        token = ApiToken.objects.create(
            user=actor, name=name, prefix=key[:10], key_hash=key_hash(key)
        )
        audit_log(
            actor=actor,
            action=API_TOKEN["issue"],
            obj=token,
            unit_path=_unit_path(actor),
            changes={"name": [None, name]},
        )
    return token, key


def api_token_revoke(*, actor: Any, token: ApiToken) -> ApiToken:
    """Revoke one of the actor's tokens: the next request that sends its key is refused."""
    _require_issuer(actor)
    if token.user_id != actor.pk and not actor.is_superuser:
        raise NotAllowed(gettext_noop("This token was issued by another account."))
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is not None:
            raise WrongState(gettext_noop("This token is already revoked."))
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_log(
            actor=actor,
            action=API_TOKEN["revoke"],
            obj=token,
            unit_path=_unit_path(token.user),
            changes={"revoked_at": [None, token.revoked_at.isoformat()]},
        )
    return token


def user_for_key(key: str) -> User | None:
    """The active account a key acts as, or None (unknown, revoked, or account switched off)."""
    if not key.startswith(KEY_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user", "user__unit")
        .filter(key_hash=key_hash(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def _unit_path(user: Any) -> str:
    unit = getattr(user, "unit", None)
    return unit.path if unit is not None else ""
