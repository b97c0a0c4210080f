from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "openvillage.campaigns"
    verbose_name = _("Five Clears campaign")

    def ready(self) -> None:
        # Extension points (menu entry, URLs, API routers, demo builder) are registered here.
        pass
