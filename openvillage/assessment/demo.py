"""The step of ``openvillage demo``: a small assessment year in the first town of the county.

Organizational life and a training session in each village, a rating cycle scored from the
ledger and published, and one screening of weak and scattered organizations.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from openvillage.org.models import Level, PartyOrganization, PartyStatus, Person, Unit

from . import services
from .models import Cycle, OrgLifeKind, TrainingArea, TrainingMode
from .rules import orglife


def build(options: Mapping[str, Any]) -> str:
    town = Unit.objects.filter(level=Level.TOWN).order_by("path").first()
    if town is None or Cycle.objects.exists():
        return ""
    actor = get_user_model().objects.filter(is_superuser=True).first()
    if actor is None:
        return ""
    rng = random.Random(options.get("seed", 1))
    year = date.today().year - 1
    orgs = list(
        PartyOrganization.objects.filter(
            unit__path__startswith=town.path, unit__level=Level.VILLAGE, parent__isnull=True
        ).select_related("unit")[:10]
    )
    with transaction.atomic():
        meetings = 0
        for index, org in enumerate(orgs):
            members = list(
                Person.objects.filter(village=org.unit, party_status=PartyStatus.FULL)[:30]
            )
            # The last two villages hold fewer meetings than required: the screening finds them.
            share = 2 if index >= len(orgs) - 2 else 4
            for kind, per_year in orglife.PER_YEAR.items():
                for n in range(per_year * share // 4):
                    services.org_life_record(
                        actor=actor, organization=org, kind=kind,
                        held_on=date(year, 1 + (n * 12 // max(per_year, 1)) % 12, 10),
                        topic=str(OrgLifeKind(kind).label), expected=len(members),
                        attendees=[m for m in members if rng.random() < 0.8],
                    )  # fmt: skip
                    meetings += 1
        attendees = list(
            Person.objects.filter(
                village__path__startswith=town.path, party_status=PartyStatus.FULL
            )[:200]
        )
        services.training_record(
            actor=actor, unit=town, course="村“两委”干部乡村振兴专题培训",
            area=TrainingArea.RURAL_GOVERNANCE, mode=TrainingMode.CLASSROOM, base="县委党校",
            starts_on=date(year, 6, 3), ends_on=date(year, 6, 5), hours=24, attendees=attendees,
        )  # fmt: skip
        cycle = services.cycle_open(
            actor=actor, unit=town, name=f"{year} 年度党组织星级评定",
            scheme_code="organization_five_star", starts_on=date(year, 1, 1),
            ends_on=date(year, 12, 31),
        )  # fmt: skip
        services.cycle_collect(actor=actor, cycle=cycle)
        services.cycle_score(actor=actor, cycle=cycle)
        services.cycle_publish(actor=actor, cycle=cycle, today=date.today() - timedelta(days=1))
        found = services.weak_screen(actor=actor, unit=town, year=year, today=date(year, 12, 31))
    return (
        f"Assessment: {meetings} organizational life meetings, 1 training session, a rating "
        f"cycle of {len(orgs)} branches in publicity, {len(found)} weak and scattered candidates."
    )
