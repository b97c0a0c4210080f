from django.apps import AppConfig
from django.db.models import F
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "openvillage.web"
    label = "web"
    verbose_name = _("Web")

    def ready(self) -> None:
        from openvillage.core import extensions as ext
        from openvillage.core.roles import Role
        from openvillage.web import public_views

        ext.register_village_section(
            "team",
            template="web/public/_team_section.html",
            context=public_views.team_section,
            stamp=lambda: {"team_version": F("public_version")},
            order=10,
        )
        county_admin, town = Role.COUNTY_ADMIN, Role.TOWN_OFFICER
        supervisor = Role.COUNTY_SUPERVISOR
        menu = [
            ("home", _("Home"), "staff-home", None, 0),
            ("units", _("Units"), "staff-units", None, 10),
            ("people", _("People"), "staff-people", None, 20),
            ("imports", _("Import"), "staff-imports", None, 30),
            ("accounts", _("Accounts"), "staff-accounts", [county_admin, town], 80),
            ("audit", _("Audit log"), "staff-audit", [county_admin, supervisor], 90),
        ]
        for name, label, url_name, roles, order in menu:
            ext.register_menu_entry(name, label=label, url_name=url_name, roles=roles, order=order)
