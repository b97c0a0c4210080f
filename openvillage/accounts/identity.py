"""The hook for an outside identity provider (face recognition, a government ID app).

OpenVillage does not do face recognition itself. A deployment that has a provider writes a
class implementing :class:`IdentityProvider` and names it in ``settings.IDENTITY_PROVIDER``
(environment variable ``IDENTITY_PROVIDER``, a dotted path). The sign-up flow then calls
:func:`openvillage.accounts.villagers.villager_verify_with_provider`, which asks the provider
to confirm that the person behind ``request`` is the person of ``roll_entry`` and, if it says
yes, creates the account with the method ``identity_provider`` and an audit row.

A provider must not store or log the ID number in clear; it receives the roll entry (name,
masked ID number, keyed hash) and the request (for its own redirect or token exchange).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string


class IdentityProvider:
    """Interface of an identity provider; subclass and implement :meth:`verify`."""

    #: A short name recorded in the audit log.
    name = "identity_provider"

    def verify(self, request: Any, roll_entry: Any) -> bool:
        """Return True when the person making ``request`` is the person of ``roll_entry``."""
        raise NotImplementedError


def get_identity_provider() -> IdentityProvider | None:
    """Return the configured provider, or None when the deployment has none."""
    path = getattr(settings, "IDENTITY_PROVIDER", None)
    return import_string(path)() if path else None
