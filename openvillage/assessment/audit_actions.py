"""Audit actions of the assessment app (see :func:`openvillage.core.audit.register_actions`)."""

from django.utils.translation import gettext_lazy as _

from openvillage.core.audit import register_actions

CYCLE = register_actions(
    "assessment.cycle",
    {
        "open": _("Rating cycle opened"),
        "collect": _("Points collected from the platform's records"),
        "score": _("Rating cycle scored"),
        "publish": _("Proposed star ratings published"),
        "rescore": _("Appealed rating re-scored"),
        "finalize": _("Star ratings made final"),
    },
)
ENTRY = register_actions(
    "assessment.entry",
    {
        "add": _("Points item entered"),
        "claim": _("Points claimed with evidence"),
        "approve": _("Points claim approved"),
        "reject": _("Points claim rejected"),
    },
)
RATING = register_actions(
    "assessment.rating",
    {
        "appeal": _("Appeal against a proposed rating"),
        "rescore": _("Rating re-scored after an appeal"),
        "finalize": _("Star rating made final"),
        "demote": _("Star rating lowered: a standard lapsed"),
    },
)
WEAK = register_actions(
    "assessment.weak",
    {
        "screen": _("Weak and scattered screening run"),
        "propose": _("Weak and scattered candidate proposed by the review meeting"),
        "identify": _("Identified as weak and scattered by the county"),
        "dismiss": _("Not identified as weak and scattered"),
        "plan": _("Rectification plan recorded"),
        "follow_up": _("Rectification followed up"),
        "delist": _("Accepted and delisted"),
    },
)
APPRAISAL = register_actions("assessment.appraisal", {"record": _("Democratic appraisal recorded")})
ORG_LIFE = register_actions("assessment.org_life", {"record": _("Organizational life recorded")})
TRAINING = register_actions("assessment.training", {"record": _("Training session recorded")})
