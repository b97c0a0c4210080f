from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "openvillage.assessment"
    verbose_name = _("Assessment")

    def ready(self) -> None:
        # Extension points (menu entry, URLs, API routers, demo builder) are registered here.
        pass
