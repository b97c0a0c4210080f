from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "openvillage.feedback"
    verbose_name = _("Villagers' messages")

    def ready(self) -> None:
        from openvillage.core import extensions as ext
        from openvillage.feedback import (
            hooks,
            jobs,  # noqa: F401  (registers the daily jobs)
        )

        ext.register_public_urls("feedback", "openvillage.feedback.urls", order=30)
        ext.register_staff_urls("feedback", "openvillage.feedback.urls:staff_urlpatterns", order=30)
        ext.register_api_router("feedback", "openvillage.feedback.api:router", order=40)
        ext.register_api_router(
            "feedback.villager", "openvillage.feedback.api:villager", prefix="/villager", order=41
        )
        ext.register_api_router(
            "feedback.staff", "openvillage.feedback.api:staff", prefix="/staff/feedback", order=42
        )
        ext.register_village_section(
            "feedback", template="core/_links.html", context=hooks.village_links, order=30
        )
        ext.register_page_extra(
            "feedback.item", slot="disclosure.item", template="core/_links.html",
            context=hooks.item_links,
        )  # fmt: skip
        ext.register_page_extra(
            "feedback.module", slot="disclosure.module.bottom", template="core/_links.html",
            context=hooks.module_links,
        )  # fmt: skip
        from openvillage.feedback import demo

        ext.register_demo_builder("feedback", demo.demo_builder, after=["disclosure"], order=40)
        ext.register_menu_entry(
            "feedback", label=_("Messages"), url_name="feedback-inbox", order=50
        )
        ext.register_attention(
            "feedback", items=hooks.attention, title=_("Villagers' messages"), order=20
        )
        from openvillage.feedback import stats

        ext.register_stat(
            "feedback.received", label=_("Messages received"), fill=stats.received,
            kind="flow", order=20, link=stats.inbox_link("received"),
        )  # fmt: skip
        ext.register_stat(
            "feedback.open", label=_("Messages not yet closed"), fill=stats.open_at_end,
            kind="snapshot", order=21, link=stats.inbox_link("open"),
        )  # fmt: skip
        for name, label, fill, order in (  # the figure's name after "feedback."
            ("feedback.replied", _("Messages replied to"), stats.replied, 22),
            ("feedback.replied_on_time", _("Messages replied to on time"),
             stats.replied_on_time, 23),
            ("feedback.rated", _("Replies rated by villagers"), stats.rated, 24),
            ("feedback.satisfied", _("Ratings of satisfied or better"), stats.satisfied, 25),
        ):  # fmt: skip
            ext.register_stat(
                name, label=label, fill=fill, kind="flow", order=order,
                link=stats.inbox_link(name.removeprefix("feedback.")),
            )  # fmt: skip
