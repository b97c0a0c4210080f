"""The one permission policy: who may read and write what, by role and by scope.

Every staff account is bound to an administrative unit and sees only that unit's subtree (the
unit's materialized ``path`` is a prefix of every unit below it). Writes are further limited by
role to *domains*: the registry (``org``), disclosure, supervision and so on. Every app calls
:func:`require_write` in its services and filters its reads with :func:`unit_scope_q`.

The policy is duck-typed on ``user.role``, ``user.unit`` (with ``.path``) and
``user.is_superuser`` so that ``core`` imports no model from the apps above it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from openvillage.core.errors import NotAllowed
from openvillage.core.roles import Role
from openvillage.core.text import gettext_noop

# Domains of writes. An app names the domain of each write it makes.
ORG = "org"  # the registry: units, people, posts, households, roll, imports
ACCOUNTS = "accounts"  # staff accounts below one's own unit
DISCLOSURE = "disclosure"
DISCLOSURE_REVIEW = "disclosure_review"  # approve or return a village's submission
FEEDBACK = "feedback"
DECISIONS = "decisions"
SUPERVISION = "supervision"
SUPERVISION_FLAG = "supervision_flag"  # the village supervision committee flags a step
# The village party organization's own self-check rounds and problems (supervision.md §2).
SUPERVISION_SELF = "supervision_self"
# The village team submits the rectification of its problems (supervision.md §3).
RECTIFICATION = "rectification"
ELECTIONS = "elections"
OBSERVATION = "observation"
LEDGER_ADMIN = "ledger_admin"
CAMPAIGN_LAUNCH = "campaign_launch"  # the county launches a Five Clears campaign
CAMPAIGNS = "campaigns"  # registers, imports and the steps of campaign items
CAMPAIGN_LEGAL = "campaign_legal"  # step 3: the legal adviser's review and classification
CAMPAIGN_CHECK = "campaign_check"  # step 7: closure checked from outside the village (G2)
ASSESSMENT = "assessment"  # score cycles, screen and identify weak organizations, appraise
ORG_LIFE = "org_life"  # record organizational life, training and points claims
BULLETIN = "bulletin"  # generate, review and publish the county's or a town's bulletins

WRITE_DOMAINS: dict[str, frozenset[str]] = {
    Role.PROVINCE_ADMIN: frozenset(),  # reads the province's figures, writes nothing
    Role.COUNTY_ADMIN: frozenset(
        {ORG, ACCOUNTS, DISCLOSURE, DISCLOSURE_REVIEW, FEEDBACK, DECISIONS, ELECTIONS, LEDGER_ADMIN}
        | {BULLETIN}
        | {CAMPAIGN_LAUNCH, CAMPAIGNS, CAMPAIGN_CHECK}
        | {ASSESSMENT, ORG_LIFE}
    ),
    Role.COUNTY_SUPERVISOR: frozenset({SUPERVISION}),
    Role.TOWN_OFFICER: frozenset(
        {ORG, ACCOUNTS, DISCLOSURE_REVIEW, FEEDBACK, DECISIONS, SUPERVISION, ELECTIONS}
        | {BULLETIN}
        | {CAMPAIGNS, CAMPAIGN_CHECK}
        | {ASSESSMENT, ORG_LIFE}
    ),
    Role.VILLAGE_CLERK: frozenset(
        {ORG, DISCLOSURE, FEEDBACK, DECISIONS, ELECTIONS, CAMPAIGNS, RECTIFICATION, ORG_LIFE}
    ),
    Role.VILLAGE_SECRETARY: frozenset(
        {ORG, DISCLOSURE, FEEDBACK, DECISIONS, CAMPAIGNS, SUPERVISION_SELF, RECTIFICATION, ORG_LIFE}
    ),
    Role.SUPERVISION_MEMBER: frozenset({SUPERVISION_FLAG}),
    Role.ELECTION_OBSERVER: frozenset({OBSERVATION}),
    # Read their scope, write nothing yet: the capabilities that give them work come next.
    Role.LEGAL_ADVISER: frozenset({CAMPAIGN_LEGAL}),
    Role.CAMPAIGN_WORKING_GROUP: frozenset({CAMPAIGNS, CAMPAIGN_LEGAL, CAMPAIGN_CHECK}),
    Role.COUNTY_DISCIPLINE: frozenset(),
    Role.COUNTY_CIVIL_AFFAIRS: frozenset(),
    Role.COUNTY_FINANCE: frozenset(),
    Role.COUNTY_AGRICULTURE: frozenset(),
    Role.PARTY_MEMBER: frozenset(),
}


# Roles that read nothing by the scope of their unit (issue 11 §12): an election observer sees
# only the villages assigned to them and their own checklists (elections.selectors and the
# observer pages filter by assignment), never the register of people nor villagers' messages.
NO_SCOPE_READ = frozenset({Role.ELECTION_OBSERVER, Role.PARTY_MEMBER})


def unit_path(user: Any) -> str | None:
    """Return the path of the subtree the user works in ("" for a superuser), or None."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if user.is_superuser:
        return ""
    unit = getattr(user, "unit", None)
    if unit is None or not getattr(user, "is_active", False):
        return None
    return unit.path


def scope_path(user: Any) -> str | None:
    """Return the path prefix of everything the user may see, or None for nothing."""
    prefix = unit_path(user)
    if prefix and getattr(user, "role", None) in NO_SCOPE_READ:
        return None
    return prefix


def covers(user: Any, path: str) -> bool:
    """Whether the unit at ``path`` lies in the user's own unit subtree (reads aside)."""
    prefix = unit_path(user)
    return prefix is not None and path.startswith(prefix)


def can_read(user: Any, path: str) -> bool:
    """Whether the user's scope covers the unit with this materialized path."""
    prefix = scope_path(user)
    return prefix is not None and path.startswith(prefix)


def can_write(user: Any, path: str, domain: str) -> bool:
    """Whether the user may write in this domain on the unit with this path."""
    if not covers(user, path):
        return False
    if user.is_superuser:
        return True
    return domain in WRITE_DOMAINS.get(user.role, frozenset())


def require_read(user: Any, path: str) -> None:
    if not can_read(user, path):
        raise NotAllowed(gettext_noop("This record is outside your area."))


def require_write(user: Any, path: str, domain: str) -> None:
    """Raise NotAllowed unless the user may write in ``domain`` on the unit at ``path``."""
    if not covers(user, path):
        raise NotAllowed(gettext_noop("This record is outside your area."))
    if not can_write(user, path, domain):
        raise NotAllowed(gettext_noop("Your role may not make this change."))


def unit_scope_q(user: Any, field: str = "path") -> Q:
    """A filter that keeps only rows whose unit path (at ``field``) is in the user's scope."""
    prefix = scope_path(user)
    if prefix is None:
        return Q(pk__in=[])
    if prefix == "":
        return Q()
    return Q(**{f"{field}__startswith": prefix})
