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
        from openvillage.elections import stats

        for name, label, fill, link, order in (
            ("elections.held", _("Village elections held"), stats.elections_held,
             stats.elections_link, 40),
            ("elections.published", _("Election results published"), stats.results_published,
             stats.elections_link, 41),
            ("elections.team", _("Members of the two committees"), stats.team_members,
             stats.team_link, 42),
            ("elections.team_women", _("Women in the two committees"), stats.team_women,
             stats.team_link, 43),
            ("elections.team_young", _("Committee members under 40"), stats.team_young,
             stats.team_link, 44),
            ("elections.team_college", _("Committee members with college education or higher"),
             stats.team_higher_education, stats.team_link, 45),
            ("elections.one_shoulder", _("Secretary also committee director"),
             stats.one_shoulder, stats.team_link, 46),
        ):  # fmt: skip
            ext.register_stat(name, label=label, fill=fill, kind="snapshot", order=order, link=link)


def _village_links(request, village, stamp) -> dict:
    from django.urls import reverse
    from django.utils.translation import gettext

    url = reverse("elections-public", args=[village.code])
    return {"box": "card", "links": [(url, gettext("General election of the two committees"), "")]}
