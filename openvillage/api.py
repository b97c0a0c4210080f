"""The HTTP API root: django-ninja at /api/v1/ (OpenAPI at openapi.json, browsable docs at docs)."""

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.constants import NOT_SET
from ninja.security import django_auth

from openvillage.accounts.api_auth import staff_auth
from openvillage.core import extensions
from openvillage.core.errors import DomainError
from openvillage.core.middleware import error_body

api = NinjaAPI(
    title="OpenVillage API",
    version="1",
    description="Public reads of the village registry and disclosures; staff writes by scope.",
    urls_namespace="api-v1",
)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError):
    return api.create_response(request, error_body(exc), status=exc.http_status)


def register_routers(target: NinjaAPI) -> None:
    """Mount every router the apps registered in their ``ready()`` (core.extensions).

    A router that asks for the staff session (ninja's ``django_auth``) also takes an API token
    (``Authorization: Bearer``) acting as the account that issued it: one place, every router.
    """
    for entry in extensions.api_routers:
        router = extensions.resolve(entry.router)
        auth = staff_auth if router.auth is django_auth else NOT_SET
        target.add_router(entry.prefix, router, auth=auth)


register_routers(api)
