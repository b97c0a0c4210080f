from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "openvillage.feedback"
    verbose_name = _("Villagers' messages")

    def ready(self) -> None:
        from openvillage.feedback import jobs  # noqa: F401  (registers the daily jobs)
