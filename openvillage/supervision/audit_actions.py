"""Audit actions of supervision (see :func:`openvillage.core.audit.register_actions`)."""

from django.utils.translation import gettext_lazy as _

from openvillage.core.audit import register_actions

PROBLEM = register_actions(
    "supervision.problem",
    {
        "raise": _("Problem put on the problem list"),
        "order": _("Rectification ordered"),
        "extend": _("Rectification deadline extended"),
        "submit": _("Rectification submitted with evidence"),
        "reject": _("Rectification rejected"),
        "verify": _("Rectification verified"),
        "close": _("Problem closed"),
        "reopen": _("Problem reopened"),
        "escalate": _("Overdue problem escalated to the superior"),
    },
)
ROUND = register_actions(
    "supervision.round",
    {
        "create": _("Inspection round started"),
        "results": _("Checklist results of a village recorded"),
    },
)
REVIEW = register_actions(
    "supervision.review", {"record": _("Analysis-and-review meeting recorded")}
)
ANSWER = register_actions(
    "supervision.answer", {"record": _("Villager's satisfaction answer recorded")}
)
SURVEY = register_actions("supervision.survey", {"record": _("Satisfaction survey recorded")})
NOTICE = register_actions("supervision.notice", {"issue": _("Rectification notice issued")})
