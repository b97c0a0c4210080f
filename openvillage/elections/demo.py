"""A general election under way in the demo county (`openvillage demo`, after the registry).

The demo county administrator opens the county's general election through the real service
(election day 45 days ahead, so that every deadline of the timetable is still to come); in the
first villages of the first town the clerk has built the roll of the villagers' committee
election from the registry, and in the first village it is published (objections open). A trial
user thus finds the county's board, a town with villages at different steps, and a public roll.
"""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model

from openvillage.core.clock import local_today
from openvillage.core.roles import Role
from openvillage.elections import services
from openvillage.elections.models import Law, VillageElection
from openvillage.org.models import Level

#: How many villages of the first town have their roll built (the first also publishes it).
ROLL_VILLAGES = 3
DAYS_AHEAD = 45


def build_demo_election() -> dict[str, int]:
    users = {u.username: u for u in get_user_model().objects.select_related("unit")}
    admin, clerk = users.get(Role.COUNTY_ADMIN), users.get(Role.VILLAGE_CLERK)
    if admin is None or admin.unit is None or admin.unit.level != Level.COUNTY:
        return {}
    general = services.election_open(
        actor=admin,
        county=admin.unit,
        name=f"{local_today().year}年村“两委”换届选举",
        election_day=local_today() + timedelta(days=DAYS_AHEAD),
    )
    built = published = 0
    if clerk is not None and clerk.unit is not None:
        town_path = clerk.unit.parent.path
        elections = (
            VillageElection.objects.filter(general=general, law=Law.VILLAGERS_COMMITTEE)
            .filter(village__path__startswith=town_path)
            .select_related("village")
            .order_by("village__code")[:ROLL_VILLAGES]
        )
        officer = users.get(Role.TOWN_OFFICER)
        for election in elections:
            actor = clerk if election.village_id == clerk.unit_id else officer or admin
            services.roll_build(actor=actor, election=election)
            built += 1
            if election.village_id == clerk.unit_id:
                services.roll_publish(actor=clerk, election=election)
                published += 1
    return {
        "villages": VillageElection.objects.filter(general=general)
        .values("village")
        .distinct()
        .count(),
        "rolls_built": built,
        "rolls_published": published,
    }


def demo_builder(options: Any) -> str:
    started = time.perf_counter()
    counts = build_demo_election()
    if not counts:
        return ""
    return (
        f"Opened the demo general election in {time.perf_counter() - started:.1f} s: "
        f"{counts['villages']} villages, {counts['rolls_built']} rolls built, "
        f"{counts['rolls_published']} published."
    )
