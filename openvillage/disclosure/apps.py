from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "openvillage.disclosure"
    verbose_name = _("Disclosure")

    def ready(self) -> None:
        from openvillage.core import extensions as ext
        from openvillage.disclosure import (
            demo,
            hooks,
            jobs,  # noqa: F401  (registers the daily job)
        )

        ext.register_public_urls("disclosure", "openvillage.disclosure.urls", order=20)
        ext.register_staff_urls(
            "disclosure", "openvillage.disclosure.urls:staff_urlpatterns", order=20
        )
        ext.register_api_router("disclosure", "openvillage.disclosure.api:router", order=20)
        ext.register_api_router(
            "disclosure.staff", "openvillage.disclosure.api:staff", prefix="/staff", order=21
        )
        ext.register_village_section(
            "disclosure",
            template="disclosure/public/_village_modules.html",
            context=hooks.village_section,
            stamp=hooks.village_stamp,
            order=40,
        )
        ext.register_page_extra(
            "disclosure.posters", slot="staff.unit", template="core/_links.html",
            context=hooks.town_posters_link,
        )  # fmt: skip
        ext.problem_sources.register(
            ext.ProblemSource(
                "late_disclosure", _("Disclosure not published on time"),
                describe=hooks.describe_due, order=55, slot="disclosure.due",
                locate=hooks.locate_due,
            )
        )  # fmt: skip
        ext.register_menu_entry(
            "disclosure", label=_("Disclosures"), url_name="staff-disclosure", order=35
        )
        ext.register_attention(
            "disclosure",
            template="disclosure/staff/_attention.html",
            context=hooks.attention,
            order=30,
        )
        ext.register_demo_builder(
            "disclosure", demo.demo_builder, add_arguments=demo.add_demo_arguments, order=20
        )
        from openvillage.disclosure import stats

        ext.register_stat(
            "disclosure.published", label=_("Disclosures published"), fill=stats.published,
            kind="flow", order=10, link=stats.published_link,
        )  # fmt: skip
