from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ElectionsConfig(AppConfig):
    name = "openvillage.elections"
    verbose_name = _("Elections")

    def ready(self) -> None:
        from openvillage.core import extensions as ext

        ext.register_public_urls("elections", "openvillage.elections.urls:public_urlpatterns")
        ext.register_staff_urls("elections", "openvillage.elections.urls:staff_urlpatterns")
        ext.register_api_router("elections", "openvillage.elections.api:router", order=60)
        ext.register_api_router(
            "elections.staff", "openvillage.elections.api:staff", prefix="/staff", order=61
        )
        ext.register_village_section(
            "elections", template="core/_links.html", context=_village_links, order=20
        )
        ext.register_menu_entry(
            "elections", label=_("Elections"), url_name="elections-list", order=60
        )
        from openvillage.elections import demo

        ext.register_demo_builder("elections.general", demo.demo_builder, order=50)


def _village_links(request, village, stamp) -> dict:
    from django.urls import reverse
    from django.utils.translation import gettext

    url = reverse("elections-public", args=[village.code])
    return {"box": "card", "links": [(url, gettext("General election of the two committees"), "")]}
