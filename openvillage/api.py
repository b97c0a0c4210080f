"""The HTTP API root: django-ninja at /api/v1/ (OpenAPI at openapi.json, browsable docs at docs)."""

from django.http import HttpRequest
from ninja import NinjaAPI

from openvillage.core.errors import DomainError

api = NinjaAPI(
    title="OpenVillage API",
    version="1",
    description="Public reads of the village registry and disclosures; staff writes by scope.",
    urls_namespace="api-v1",
)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError):
    body = {"detail": exc.translated(), "code": exc.code}
    if exc.field:
        body["field"] = exc.field
    return api.create_response(request, body, status=exc.http_status)


def register_routers() -> None:
    from openvillage.disclosure.api import router as disclosure_router
    from openvillage.disclosure.api import staff as disclosure_staff_router
    from openvillage.ledger.api import router as ledger_router
    from openvillage.org.api import router as org_router

    api.add_router("/", org_router)
    api.add_router("/", disclosure_router)
    api.add_router("/staff", disclosure_staff_router)
    api.add_router("/ledger", ledger_router)
    from openvillage.feedback.api import router as feedback_router
    from openvillage.feedback.api import staff as feedback_staff_router
    from openvillage.feedback.api import villager as feedback_villager_router

    api.add_router("/", feedback_router)
    api.add_router("/villager", feedback_villager_router)
    api.add_router("/staff/feedback", feedback_staff_router)

    from openvillage.decisions.api import router as decisions_router
    from openvillage.decisions.api import staff as decisions_staff_router

    api.add_router("/", decisions_router)
    api.add_router("/staff", decisions_staff_router)

    from openvillage.elections.api import router as elections_router
    from openvillage.elections.api import staff as elections_staff_router

    api.add_router("/", elections_router)
    api.add_router("/staff", elections_staff_router)


register_routers()
