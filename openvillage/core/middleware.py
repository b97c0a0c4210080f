"""The safety net for domain errors: whatever view raises one, the reader gets its status
(403, 404, 409, 422) and its sentence in their language: a page for people, JSON for programs.

Views still show a refusal on the form when they can (``core.forms.attach_error``); this
middleware catches what they let through, so no view needs its own ``try``. The API's ninja
handler (``openvillage.api``) answers with the same body as :func:`error_body`.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from openvillage.core.errors import DomainError


def error_body(exc: DomainError) -> dict[str, Any]:
    """The JSON body of a refusal: the translated sentence, its code and the field, if any."""
    body: dict[str, Any] = {"detail": exc.translated(), "code": exc.code}
    if exc.field:
        body["field"] = exc.field
    return body


def wants_json(request: HttpRequest) -> bool:
    """A program, not a person: the API, or a client that asks for JSON and not for HTML."""
    if request.path.startswith("/api/"):
        return True
    accept = request.headers.get("Accept", "")
    return "application/json" in accept and "text/html" not in accept


class DomainErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception) -> HttpResponse | None:
        if not isinstance(exception, DomainError):
            return None  # a bug stays a bug: Django's 500 handling and logging
        status = exception.http_status
        if wants_json(request):
            return JsonResponse(error_body(exception), status=status)
        return render(
            request,
            "web/error.html",
            {"message": exception.translated(), "status": status},
            status=status,
        )
