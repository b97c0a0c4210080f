"""Audit actions of the public record (see :func:`openvillage.core.audit.register_actions`)."""

from django.utils.translation import gettext_lazy as _

from openvillage.core.audit import register_actions

LOG = register_actions(
    "ledger.log",
    {"audit_failed": _("Self-check of the public record failed")},
    legacy={"ledger.audit_failed": "audit_failed"},
)
