from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "openvillage.disclosure"
    verbose_name = _("Disclosure")

    def ready(self) -> None:
        from openvillage.disclosure import jobs  # noqa: F401  (registers the daily job)
