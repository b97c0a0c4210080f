"""Assessment in the county's view (registered in apps.py, filled by analytics).

Each function answers one local day with the value per village id: levels (snapshots) read
from the dates the states were reached, so that a day filled late gives the same figure.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from openvillage.org import listfilter

from .models import Cycle, CycleState, RatingState, Subject, WeakCandidate

#: The stars a branch must hold to count as a five-star party organization.
TOP_STARS = 5


def five_star(day: date) -> Mapping[int, int]:
    """Branches whose latest rating final by ``day`` has five stars or more (a level).

    A later final cycle replaces an earlier one for the organizations it rates; a demotion
    counts with its lowered stars (the state "demoted" follows "final"). One query per final
    cycle, of which a county has a few a year.
    """
    latest: dict[int, tuple[int, int]] = {}  # organization -> (village, stars)
    cycles = Cycle.objects.filter(
        subject=Subject.PARTY_ORGANIZATION, state=CycleState.FINAL, finalized_on__lte=day
    ).order_by("finalized_on", "pk")
    for cycle in cycles:
        rows = cycle.ratings.filter(
            organization__isnull=False, state__in=[RatingState.FINAL, RatingState.DEMOTED]
        ).values_list("organization_id", "village_id", "stars")
        for org, village, stars in rows:
            latest[org] = (village, stars)
    out: dict[int, int] = {}
    for village, stars in latest.values():
        if stars >= TOP_STARS:
            out[village] = out.get(village, 0) + 1
    return out


def weak_q(start: date, end: date) -> Q:
    """Organizations identified as weak and scattered by ``end`` and not delisted (a level)."""
    return Q(identified_on__lte=end) & (Q(delisted_on__isnull=True) | Q(delisted_on__gt=end))


#: The weak-and-scattered list's figure (the fill and the list read the same filter).
WEAK_FIGURES: listfilter.Figures = {
    "weak": (_("Weak and scattered organizations under rectification"), weak_q)
}


def weak_rectifying(day: date) -> Mapping[int, int]:
    """Organizations identified as weak and scattered by ``day`` and not delisted (a level)."""
    rows = (
        WeakCandidate.objects.filter(weak_q(day, day))
        .values(v=F("village_id"))
        .annotate(n=Count("id"))
    )
    return {row["v"]: row["n"] for row in rows}


def ratings_link(unit, start: date | None = None, end: date | None = None) -> str:
    """The assessment cycles (no list of five-star organizations of a unit yet)."""
    return reverse("assessment-home")


def weak_link(unit, start: date | None = None, end: date | None = None) -> str:
    return listfilter.link(reverse("assessment-weak"), unit, start, end, figure="weak")
