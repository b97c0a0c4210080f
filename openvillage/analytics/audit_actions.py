"""Audit actions of the county's view (see :func:`openvillage.core.audit.register_actions`)."""

from django.utils.translation import gettext_lazy as _

from openvillage.core.audit import register_actions

BULLETIN = register_actions(
    "analytics.bulletin",
    {
        "generate": _("Bulletin generated"),
        "regenerate": _("Bulletin generated again from the latest figures"),
        "review": _("Bulletin reviewed"),
        "reopen": _("Bulletin sent back to draft"),
        "publish": _("Bulletin published"),
    },
)
