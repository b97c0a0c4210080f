"""Audit actions of the registry (see :func:`openvillage.core.audit.register_actions`)."""

from django.utils.translation import gettext_lazy as _

from openvillage.core.audit import register_actions

UNIT = register_actions("org.unit", {"create": _("Unit created")})
DIVISIONS = register_actions(
    "org.divisions", {"load": _("County's towns and villages loaded from the division lists")}
)
PERSON = register_actions(
    "org.person", {"create": _("Person registered"), "update": _("Person's record changed")}
)
TERM = register_actions(
    "org.term", {"start": _("Term of office started"), "end": _("Term of office ended")}
)
PARTY_ORGANIZATION = register_actions(
    "org.party_organization", {"create": _("Party organization created")}
)
HOUSEHOLD = register_actions("org.household", {"create": _("Household registered")})
ROLL = register_actions("org.roll", {"add": _("Person added to the household roll")})
REGISTRY = register_actions(
    "org.registry", {"import": _("Registry imported from a spreadsheet")},
    legacy={"org.import": "import"},
)  # fmt: skip
DEMO = register_actions("org.demo", {"build": _("Demo county built")}, legacy={"org.demo": "build"})
