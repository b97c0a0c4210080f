from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "openvillage.ledger"
    label = "ledger"
    verbose_name = _("Public record")

    def ready(self) -> None:
        from openvillage.ledger import jobs  # noqa: F401  (registers the daily job)
