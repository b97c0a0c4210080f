from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "openvillage.decisions"
    verbose_name = _("Decisions")

    def ready(self) -> None:
        from openvillage.core import extensions as ext
        from openvillage.core.roles import Role
        from openvillage.decisions import hooks
        from openvillage.decisions.services.disclosures import disclosure_published

        ext.register_public_urls("decisions", "openvillage.decisions.urls:public_urlpatterns")
        ext.register_staff_urls("decisions", "openvillage.decisions.urls:staff_urlpatterns")
        ext.register_api_router("decisions", "openvillage.decisions.api:router", order=50)
        ext.register_api_router(
            "decisions.staff", "openvillage.decisions.api:staff", prefix="/staff", order=51
        )
        ext.register_page_extra(
            "decisions.closed_cases", slot="disclosure.module.top", template="core/_links.html",
            context=hooks.closed_cases_link,
        )  # fmt: skip
        ext.register_page_extra(
            "decisions.person", slot="staff.person", template="core/_links.html",
            context=hooks.person_record_link,
        )  # fmt: skip
        ext.problem_sources.register(
            ext.ProblemSource(
                "decision_flag", _("Supervision flag on a decision step"),
                describe=hooks.describe_flag, order=50, slot="decisions.step_flag",
                locate=hooks.locate_flag,
            )
        )  # fmt: skip
        ext.register_menu_entry(
            "decisions", label=_("Decisions"), url_name="decisions-cases", order=40
        )
        ext.register_attention(
            "decisions", template="decisions/_attention.html", context=hooks.attention, order=40
        )
        ext.register_menu_entry(
            "decisions.reviews", label=_("Steps to review"), url_name="decisions-reviews",
            roles=[Role.SUPERVISION_MEMBER], order=39,
        )  # fmt: skip
        ext.register_attention(
            "decisions.reviews", roles=[Role.SUPERVISION_MEMBER], items=hooks.review_attention,
            order=39,
        )  # fmt: skip
        ext.register_attention(
            "decisions.returned", roles=[Role.VILLAGE_CLERK, Role.VILLAGE_SECRETARY],
            items=hooks.returned_attention, order=38,
        )  # fmt: skip
        from openvillage.decisions import demo

        # After the disclosures: a case's resolution is published through the town's review.
        ext.register_demo_builder("decisions", demo.demo_builder, after=["disclosure"], order=30)
        ext.register_on_publish("decisions", disclosure_published)
        from openvillage.decisions import stats

        ext.register_stat(
            "decisions.opened", label=_("Decision cases opened"), fill=stats.opened,
            kind="flow", order=30, link=stats.opened_cases_link,
        )  # fmt: skip
        ext.register_stat(
            "decisions.open", label=_("Decision cases in progress"), fill=stats.open_at_end,
            kind="snapshot", order=31, link=stats.open_cases_link,
        )  # fmt: skip
        ext.register_stat(
            "decisions.flags", label=_("Procedure flags raised"), fill=stats.flags_raised,
            kind="flow", order=32, link=stats.cases_link,
        )  # fmt: skip
        ext.register_stat(
            "decisions.violations", label=_("Violations recorded"),
            fill=stats.violations_recorded, kind="flow", order=33, link=stats.violations_link,
        )  # fmt: skip
