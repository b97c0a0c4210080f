"""Who the signed-in villager is. Villagers are not staff ``User`` objects: their account id sits
under its own session key, so a staff sign-in and a villager sign-in never stand in for each
other (``request.user`` stays the staff side only)."""

from __future__ import annotations

from functools import wraps

from django.shortcuts import redirect

from openvillage.accounts.models import Villager

SESSION_KEY = "villager_id"
TICKET_KEY = "villager_ticket"


def villager_login(request, villager: Villager) -> None:
    # A new session key on sign-in stops session fixation; the staff side of the session stays.
    request.session.cycle_key()
    request.session[SESSION_KEY] = villager.pk
    request._villager = villager


def villager_logout(request) -> None:
    request.session.pop(SESSION_KEY, None)
    request.session.pop(TICKET_KEY, None)
    request._villager = None


def current_villager(request) -> Villager | None:
    """The signed-in villager with an active (not revoked) account, or None."""
    if hasattr(request, "_villager"):
        return request._villager
    villager = None
    pk = request.session.get(SESSION_KEY)
    if pk is not None:
        villager = (
            Villager.objects.select_related("roll_entry__person", "village")
            .filter(pk=pk, revoked_at__isnull=True)
            .first()
        )
        if villager is None:  # revoked since: the session no longer speaks for anyone
            request.session.pop(SESSION_KEY, None)
    request._villager = villager
    return villager


def villager_required(view):
    """Send a visitor who is not a signed-in villager to the public home page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if current_villager(request) is None:
            return redirect("public-home")
        return view(request, *args, **kwargs)

    return wrapper
