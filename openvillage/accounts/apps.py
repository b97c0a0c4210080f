from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "openvillage.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from openvillage.accounts import jobs  # noqa: F401  (registers the daily job)
        from openvillage.core import extensions as ext

        ext.register_public_urls("accounts", "openvillage.accounts.urls:public_urlpatterns")
        ext.register_staff_urls("accounts", "openvillage.accounts.urls:staff_urlpatterns")
        from openvillage.core.roles import Role

        ext.register_menu_entry(
            "accounts.api_tokens",
            label=_("API tokens"),
            url_name="staff-api-tokens",
            roles=[Role.COUNTY_ADMIN],
            order=95,
        )
