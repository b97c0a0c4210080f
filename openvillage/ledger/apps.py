from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "openvillage.ledger"
    label = "ledger"
    verbose_name = _("Public record")

    def ready(self) -> None:
        from openvillage.core.writes import register_publisher
        from openvillage.ledger import jobs  # noqa: F401  (registers the daily job)
        from openvillage.ledger.services import ledger_append

        register_publisher(ledger_append)  # core.writes.publish appends through it
