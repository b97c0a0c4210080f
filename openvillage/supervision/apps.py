from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "openvillage.supervision"
    verbose_name = _("Supervision")

    def ready(self) -> None:
        # Extension points (menu entry, URLs, API routers, demo builder) are registered here.
        pass
