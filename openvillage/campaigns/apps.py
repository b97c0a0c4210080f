from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "openvillage.campaigns"
    verbose_name = _("Five Clears campaign")

    def ready(self) -> None:
        from openvillage.campaigns import hooks
        from openvillage.core import extensions as ext
        from openvillage.core import periodic

        ext.register_staff_urls("campaigns", "openvillage.campaigns.urls:staff_urlpatterns")
        ext.register_menu_entry(
            "campaigns", label=_("Five Clears campaign"), url_name="campaigns", order=60
        )
        ext.problem_sources.register(
            ext.ProblemSource(
                "campaign_item", _("Campaign item"), describe=hooks.describe_item, order=60,
                slot="campaigns.item", locate=hooks.locate_item,
            )
        )  # fmt: skip
        ext.problem_sources.register(
            ext.ProblemSource(
                "red_card", _("Red card of the campaign"), describe=hooks.describe_card,
                order=61, slot="campaigns.red_card", locate=hooks.locate_card,
            )
        )  # fmt: skip
        ext.register_attention(
            "campaigns", items=hooks.attention, title=_("Five Clears campaign"),
            roles=("town_officer", "county_admin", "campaign_working_group"), order=60,
        )  # fmt: skip
        ext.register_village_section(
            "campaigns", template="campaigns/_village.html", context=hooks.village_section,
            stamp=hooks.village_stamp, order=60,
        )  # fmt: skip
        ext.register_stat(
            "campaigns.items_closed",
            label=_("Campaign items closed"),
            fill=hooks.closed_items,
            link=hooks.closed_items_link,
        )
        ext.subscribe(ext.CASE_CLOSED, hooks.decision_closed)
        ext.register_demo_builder("campaigns", hooks.demo, after=("disclosure",), order=120)
        periodic.register("campaigns.red_flags", hour=2, label=_("Nightly red-flag run"))(
            hooks.nightly
        )
        periodic.register("campaigns.monthly_ranking", hour=3, label=_("Monthly campaign ranking"))(
            hooks.monthly_ranking
        )
