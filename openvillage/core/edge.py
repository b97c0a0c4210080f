"""Middleware at the edge of the app: refuse what no view should see, add security headers.

- :class:`NulRefusalMiddleware` answers 400 to a request holding a NUL character (U+0000) in its
  path, query, cookies, form fields, file names or JSON body. PostgreSQL cannot store or even
  compare text holding NUL (psycopg raises ValueError, a 500 in every view that queries with it);
  no legitimate text holds one, so it is refused once, here, before any view runs.
- :class:`ContentSecurityPolicyMiddleware` sends ``Content-Security-Policy`` (settings
  ``CONTENT_SECURITY_POLICY``): the pages load nothing from a third-party origin and run no inline
  script or style, so ``default-src 'self'`` holds for every page.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _

NUL = "\x00"
PATH, COOKIE = "\x00path", "\x00cookie"  # not a parameter name: NUL never reaches a view


def _nul_in_json(value: Any, name: str = "") -> str | None:
    """The key (dotted path) of the first string holding NUL in a parsed JSON value."""
    if isinstance(value, str):
        return name or "body" if NUL in value else None
    if isinstance(value, dict):
        for key, inner in value.items():
            path = f"{name}.{key}" if name else str(key)
            if NUL in str(key):
                return path
            found = _nul_in_json(inner, path)
            if found:
                return found
    if isinstance(value, list):
        for index, inner in enumerate(value):
            found = _nul_in_json(inner, f"{name}[{index}]" if name else f"[{index}]")
            if found:
                return found
    return None


def _pairs(request: HttpRequest) -> Iterator[tuple[str, str]]:
    """(where, text) for every piece of text of the request a view could read."""
    yield PATH, request.path_info
    for key, values in request.GET.lists():
        yield key, key
        for value in values:
            yield key, value
    for key, value in request.COOKIES.items():
        yield COOKIE, key + value
    if request.method in ("POST", "PUT", "PATCH") and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        for key, values in request.POST.lists():
            yield key, key
            for value in values:
                yield key, value
        for key, files in request.FILES.lists():
            for upload in files:
                yield key, key + (upload.name or "")


def nul_field(request: HttpRequest) -> str | None:
    """Where the request holds a NUL character, or None."""
    for where, text in _pairs(request):
        if NUL in text:
            return where
    if request.content_type == "application/json":
        body = request.body
        if b"\\u0000" in body or b"\x00" in body:
            try:
                return _nul_in_json(json.loads(body)) or "body"
            except ValueError:
                return "body"
    return None


class NulRefusalMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        field = nul_field(request)
        if field is None:
            return self.get_response(request)
        with translation.override(translation.get_language_from_request(request)):
            field = {PATH: _("The address"), COOKIE: _("A cookie")}.get(field, field)
            message = _(
                "%(field)s holds a NUL character (an invisible zero byte); "
                "remove it and send again."
            ) % {"field": field}
        if request.path_info.startswith("/api/"):
            return JsonResponse(
                {"detail": message, "code": "InvalidInput", "field": field}, status=400
            )
        return HttpResponseBadRequest(
            f'<!doctype html><meta charset="utf-8"><p>{escape(message)}</p>',
            content_type="text/html; charset=utf-8",
        )


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = settings.CONTENT_SECURITY_POLICY
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy
        return response
