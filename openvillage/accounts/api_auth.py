"""How the staff API knows who calls: a session cookie (the console's own pages) or an API
token (``Authorization: Bearer ov_…``) that acts as the account that issued it.

Routers take ``auth=staff_auth``; ninja tries each in turn. A token request carries no cookie,
so it needs no CSRF token; a session request keeps ninja's CSRF check.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, django_auth

from openvillage.accounts.tokens import user_for_key


class ApiTokenAuth(HttpBearer):
    """``Authorization: Bearer <key>``: the request acts as the token's account."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_key(token)
        if user is None:
            return None
        # Services and selectors read request.user: they see the issuing account, scope and all.
        request.user = user
        return user


api_token_auth = ApiTokenAuth()
staff_auth = [api_token_auth, django_auth]
