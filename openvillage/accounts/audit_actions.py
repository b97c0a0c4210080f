"""Audit actions of staff and villager accounts (see :func:`core.audit.register_actions`)."""

from django.utils.translation import gettext_lazy as _

from openvillage.core.audit import register_actions

USER = register_actions(
    "accounts.user",
    {
        "create": _("Staff account created"),
        "active": _("Staff account switched on or off"),
        "password": _("Password of a staff account set"),
        "link_person": _("Staff account linked to a person of the registry"),
    },
)
VILLAGER = register_actions(
    "accounts.villager",
    {
        "verify_sms": _("Villager account verified by text message"),
        "verify_in_person": _("Villager account verified in person"),
        "verify_identity_provider": _("Villager account verified by the identity service"),
        "restore_in_person": _("Villager account restored in person"),
        "revoke": _("Villager account revoked"),
    },
)
API_TOKEN = register_actions(
    "accounts.api_token",
    {
        "issue": _("API token issued"),
        "revoke": _("API token revoked"),
    },
)
