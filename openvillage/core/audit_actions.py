"""Audit actions of core (see :func:`openvillage.core.audit.register_actions`)."""

from django.utils.translation import gettext_lazy as _

from openvillage.core.audit import register_actions

CALENDAR = register_actions(
    "core.calendar",
    {"load_year": _("Holiday calendar loaded"), "seed": _("Holiday calendar filled in")},
)
