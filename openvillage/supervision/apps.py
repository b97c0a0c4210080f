from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "openvillage.supervision"
    verbose_name = _("Supervision")

    def ready(self) -> None:
        from openvillage.core import extensions as ext
        from openvillage.supervision import (
            hooks,
            jobs,  # noqa: F401  (registers the daily escalation)
            stats,
        )

        for name, label, order in hooks.BUILT_IN_SOURCES:
            ext.problem_sources.register(
                ext.ProblemSource(name, label, describe=hooks.describe_nothing, order=order)
            )
        ext.register_staff_urls(
            "supervision", "openvillage.supervision.urls:staff_urlpatterns", order=60
        )
        ext.register_public_urls("supervision", "openvillage.supervision.urls", order=60)
        ext.register_api_router(
            "supervision", "openvillage.supervision.api:router", prefix="/supervision", order=60
        )
        ext.register_menu_entry(
            "supervision",
            label=_("Problem list"),
            url_name="supervision-problems",
            roles=hooks.STAFF_ROLES,
            order=60,
        )
        ext.register_attention(
            "supervision", items=hooks.attention, title=_("Problem list"), roles=hooks.STAFF_ROLES,
            order=40,
        )  # fmt: skip
        ext.register_village_section(
            "supervision", template="supervision/public/_section.html",
            context=hooks.village_section, stamp=hooks.village_stamp, order=60,
        )  # fmt: skip
        ext.register_stat(
            "supervision.open", label=_("Problems not yet closed"), fill=stats.open_at_end,
            order=60, link=stats.board_link,
        )  # fmt: skip
        ext.register_stat(
            "supervision.overdue", label=_("Problems past their rectification deadline"),
            fill=stats.overdue_at_end, order=61, link=stats.overdue_link,
        )  # fmt: skip
        ext.register_page_extra(
            "supervision.from_message", slot="feedback.message",
            template="supervision/staff/_from_message.html", context=hooks.from_message,
        )  # fmt: skip
        # The button on each source record's page: the sources' apps come before supervision in
        # INSTALLED_APPS, so their ready() has registered them (a test checks every slot).
        for source in ext.problem_sources:
            if source.slot and source.locate is not None:
                ext.register_page_extra(
                    f"supervision.from_{source.name}", slot=source.slot,
                    template="supervision/staff/_from_source.html",
                    context=hooks.from_source(source.name),
                )  # fmt: skip
        ext.register_demo_builder("supervision", hooks.build_demo, after=hooks.DEMO_AFTER, order=60)
