"""Staff roles. Plain constants so that the permission policy needs no model import."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COUNTY_ADMIN = "county_admin", _("County administrator (organization department)")
    COUNTY_SUPERVISOR = "county_supervisor", _("County supervisor")
    TOWN_OFFICER = "town_officer", _("Town officer")
    VILLAGE_CLERK = "village_clerk", _("Village clerk")
    VILLAGE_SECRETARY = "village_secretary", _("Village secretary")
    SUPERVISION_MEMBER = "supervision_member", _("Supervision committee member")
    ELECTION_OBSERVER = "election_observer", _("Election observer")


# The unit level each role is bound to (an account of another level is refused at creation).
ROLE_LEVELS: dict[str, tuple[str, ...]] = {
    Role.COUNTY_ADMIN: ("county",),
    Role.COUNTY_SUPERVISOR: ("county",),
    Role.TOWN_OFFICER: ("town",),
    Role.VILLAGE_CLERK: ("village",),
    Role.VILLAGE_SECRETARY: ("village",),
    Role.SUPERVISION_MEMBER: ("village",),
    Role.ELECTION_OBSERVER: ("county", "town", "village"),
}
