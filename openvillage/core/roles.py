"""Staff roles. Plain constants so that the permission policy needs no model import."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    # Reads the province's figures and rankings (its counties' dashboards); writes nothing.
    PROVINCE_ADMIN = "province_admin", _("Province administrator (organization department)")
    COUNTY_ADMIN = "county_admin", _("County administrator (organization department)")
    COUNTY_SUPERVISOR = "county_supervisor", _("County supervisor")
    TOWN_OFFICER = "town_officer", _("Town officer")
    VILLAGE_CLERK = "village_clerk", _("Village clerk")
    VILLAGE_SECRETARY = "village_secretary", _("Village secretary")
    SUPERVISION_MEMBER = "supervision_member", _("Supervision committee member")
    ELECTION_OBSERVER = "election_observer", _("Election observer")
    # Roles the next capabilities need; they read their scope and write nothing yet.
    LEGAL_ADVISER = "legal_adviser", _("Legal adviser")
    CAMPAIGN_WORKING_GROUP = "campaign_working_group", _("Campaign working group")
    COUNTY_DISCIPLINE = "county_discipline", _("County discipline inspection and supervision")
    COUNTY_CIVIL_AFFAIRS = "county_civil_affairs", _("County civil affairs")
    COUNTY_FINANCE = "county_finance", _("County finance")
    COUNTY_AGRICULTURE = "county_agriculture", _("County agriculture and rural affairs")
    PARTY_MEMBER = "party_member", _("Party member (acting for themselves)")


# The unit level each role is bound to (an account of another level is refused at creation).
ROLE_LEVELS: dict[str, tuple[str, ...]] = {
    Role.PROVINCE_ADMIN: ("province",),
    Role.COUNTY_ADMIN: ("county",),
    Role.COUNTY_SUPERVISOR: ("county",),
    Role.TOWN_OFFICER: ("town",),
    Role.VILLAGE_CLERK: ("village",),
    Role.VILLAGE_SECRETARY: ("village",),
    Role.SUPERVISION_MEMBER: ("village",),
    Role.ELECTION_OBSERVER: ("county", "town", "village"),
    Role.LEGAL_ADVISER: ("town", "village"),  # one adviser per village, or for a whole town
    Role.CAMPAIGN_WORKING_GROUP: ("county", "town", "village"),
    Role.COUNTY_DISCIPLINE: ("county",),
    Role.COUNTY_CIVIL_AFFAIRS: ("county",),
    Role.COUNTY_FINANCE: ("county",),
    Role.COUNTY_AGRICULTURE: ("county",),
    Role.PARTY_MEMBER: ("village",),
}
