"""Audit actions of villagers' messages (see :func:`openvillage.core.audit.register_actions`)."""

from django.utils.translation import gettext_lazy as _

from openvillage.core.audit import register_actions

MESSAGE = register_actions(
    "feedback.message",
    {
        "post": _("Message left by a villager"),
        "reassign": _("Message reassigned"),
        "reply": _("Message answered"),
        "note": _("Staff note added to a message"),
        "hide": _("Message hidden from the public"),
        "rate": _("Answer rated by the villager"),
        "reopen": _("Message reopened by the villager"),
        "close": _("Message closed"),
        "escalate": _("Overdue message escalated"),
    },
)
TOPIC = register_actions(
    "feedback.topic",
    {"confirm": _("Topic of a message confirmed"), "correct": _("Topic of a message corrected")},
)
