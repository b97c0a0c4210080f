from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "openvillage.ledger"
    label = "ledger"
    verbose_name = _("Public record")

    def ready(self) -> None:
        from openvillage.core import extensions as ext
        from openvillage.core.roles import Role
        from openvillage.core.writes import register_publisher
        from openvillage.ledger import (
            hooks,
            jobs,  # noqa: F401  (registers the daily job)
        )
        from openvillage.ledger.services import ledger_append

        register_publisher(ledger_append)  # core.writes.publish appends through it
        ext.register_public_urls("ledger", "openvillage.ledger.urls", prefix="ledger/", order=10)
        ext.register_api_router(
            "ledger", "openvillage.ledger.api:router", prefix="/ledger", order=30
        )
        ext.register_attention(
            "ledger",
            roles=[Role.COUNTY_ADMIN, Role.COUNTY_SUPERVISOR],
            items=hooks.attention,
            order=10,
        )
