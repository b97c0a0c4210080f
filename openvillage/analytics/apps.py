from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "openvillage.analytics"
    verbose_name = _("The county's view")

    def ready(self) -> None:
        from openvillage.analytics import fill, jobs  # noqa: F401  (jobs: the daily fill)
        from openvillage.analytics.views import stale_attention
        from openvillage.core import extensions as ext
        from openvillage.core.roles import Role

        ext.register_staff_urls(
            "analytics", "openvillage.analytics.urls:staff_urlpatterns", order=90
        )
        ext.register_menu_entry(
            "analytics", label=_("Dashboard"), url_name="analytics-home", order=15
        )
        ext.register_api_router(
            "analytics", "openvillage.analytics.api:router", prefix="/analytics", order=90
        )
        ext.register_demo_builder("analytics", fill.demo_builder, after=["disclosure"], order=90)
        ext.register_attention(
            "analytics.stale",
            roles=[Role.COUNTY_ADMIN, Role.COUNTY_SUPERVISOR],
            items=stale_attention,
            title=_("The county's view"),
            order=5,
        )
