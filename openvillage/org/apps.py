from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "openvillage.org"
    label = "org"
    verbose_name = _("Organization registry")

    def ready(self) -> None:
        from openvillage.core import extensions as ext

        ext.register_api_router("org", "openvillage.org.api:router", order=10)
        ext.register_staff_urls("org", "openvillage.org.urls:staff_urlpatterns", order=10)
