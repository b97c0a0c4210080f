"""The county's analysis-and-review meetings (supervision) propose villages for weak-and-scattered
screening (supervision.md §2, §6): each proposed village's top party organization becomes a
candidate of the meeting's year, ``proposed_by`` the review meeting. The county still decides on
each candidate (identify or not): a proposal is never a label.

Subscribed in apps.py to :data:`openvillage.supervision.services.SCREENING_PROPOSED`, which is
delivered after the meeting's transaction commits.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction

from openvillage.assessment import audit_actions
from openvillage.assessment.models import WeakCandidate, WeakProposer
from openvillage.core.audit import audit_log
from openvillage.org.models import Level, PartyOrganization

log = logging.getLogger(__name__)


def propose_from_meeting(
    *,
    meeting_id: int,
    county_id: int,
    held_on: date,
    village_ids: Sequence[int],
    conclusions: str,
    actor_id: int,
) -> list[WeakCandidate]:
    """Make the proposed villages' organizations candidates of ``held_on.year`` (skipping one
    already a candidate that year, and a village with no party organization on record)."""
    actor = get_user_model().objects.get(pk=actor_id)
    year = held_on.year
    with transaction.atomic():
        orgs = list(
            PartyOrganization.objects.filter(
                unit_id__in=list(village_ids), unit__level=Level.VILLAGE, parent__isnull=True
            )
            .select_related("unit")
            .order_by("unit__path", "pk")
        )
        taken = set(
            WeakCandidate.objects.filter(year=year, organization__in=orgs).values_list(
                "organization_id", flat=True
            )
        )
        missing = set(village_ids) - {o.unit_id for o in orgs}
        if missing:
            log.warning(
                "review meeting %s: no party organization in villages %s", meeting_id, missing
            )
        made = []
        for org in orgs:
            if org.pk in taken:
                continue
            taken.add(org.pk)
            candidate = WeakCandidate.objects.create(
                year=year,
                organization=org,
                village=org.unit,
                unit_path=org.unit.path,
                proposed_by=WeakProposer.REVIEW_MEETING,
                details={
                    "review_meeting": {
                        "id": meeting_id,
                        "held_on": held_on.isoformat(),
                        "conclusions": conclusions[:2000],
                    }
                },
            )
            audit_log(actor=actor, action=audit_actions.WEAK["propose"], obj=candidate)
            made.append(candidate)
    return made
