"""Turn domain errors raised in views into pages with the right status and a clear sentence."""

from django.shortcuts import render

from openvillage.core.errors import DomainError


class DomainErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DomainError):
            return None
        return render(
            request,
            "web/error.html",
            {"message": exception.translated(), "status": exception.http_status},
            status=exception.http_status,
        )
