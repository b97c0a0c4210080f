"""Audit actions of the campaigns app."""

from django.utils.translation import gettext_lazy as _

from openvillage.core.audit import register_actions

CAMPAIGN = register_actions("campaigns.campaign", {"launch": _("Campaign launched")})
CONTRACT = register_actions(
    "campaigns.contract",
    {"create": _("Contract registered"), "update": _("Contract updated")},
)
IMPORT = register_actions("campaigns.register", {"import": _("Register imported")})
ITEM = register_actions(
    "campaigns.item",
    {
        "create": _("Campaign item registered"),
        "inventory": _("Step 1 recorded: take stock and register"),
        "fact_check": _("Step 2 recorded: check facts"),
        "classification": _("Step 3 recorded: legal review and classify"),
        "plan_decision": _("Step 4 recorded: decide the plan"),
        "negotiation": _("Step 5 recorded: negotiate and dispose"),
        "legal_action": _("Step 6 recorded: legal action"),
        "publicity_closure": _("Step 7 recorded: publish and close"),
    },
)
CARD = register_actions(
    "campaigns.red_card",
    {"show": _("Red card shown"), "withdraw": _("Red card withdrawn after a verified catch-up")},
)
