"""Reads of assessment filtered by the reader's scope (a town sees its villages, a clerk one)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db.models import Count, F, QuerySet, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from openvillage.core.errors import NotFound
from openvillage.core.extensions import Attention
from openvillage.core.permissions import scope_path, unit_scope_q
from openvillage.core.text import gettext_noop
from openvillage.org.models import Level, PostKind, Term

from .models import (
    Appraisal,
    Cycle,
    CycleState,
    EntryState,
    Grade,
    OrgLifeMeeting,
    PointEntry,
    Rating,
    RatingState,
    TrainingSession,
    WeakCandidate,
    WeakState,
)


def cycles_for(user: Any) -> QuerySet[Cycle]:
    """Cycles run by a unit the user sees, or covering the user's village."""
    prefix = scope_path(user)
    if prefix is None:
        return Cycle.objects.none()
    if prefix == "":
        return Cycle.objects.all()
    ancestors = [prefix[: i + 1] for i, ch in enumerate(prefix) if ch == "/"] + [prefix]
    return Cycle.objects.filter(unit_path__in=ancestors) | Cycle.objects.filter(
        unit_path__startswith=prefix
    )


def cycle_for(user: Any, pk: int) -> Cycle:
    cycle = cycles_for(user).filter(pk=pk).select_related("unit").first()
    if cycle is None:
        raise NotFound(gettext_noop("No such rating cycle."))
    return cycle


def ratings_for(user: Any, cycle: Cycle) -> QuerySet[Rating]:
    return (
        cycle.ratings.filter(unit_scope_q(user, "unit_path"))
        .select_related("village", "organization", "person")
        .order_by("rank", "unit_path", "pk")
    )


def rating_for(user: Any, pk: int) -> Rating:
    rating = Rating.objects.filter(unit_scope_q(user, "unit_path"), pk=pk).first()
    if rating is None:
        raise NotFound(gettext_noop("No such rating."))
    return rating


def entries_for(user: Any, cycle: Cycle) -> QuerySet[PointEntry]:
    return (
        cycle.entries.filter(unit_scope_q(user, "unit_path"))
        .select_related("village", "organization", "person")
        .order_by("-pk")
    )


def entry_for(user: Any, pk: int) -> PointEntry:
    entry = PointEntry.objects.filter(unit_scope_q(user, "unit_path"), pk=pk).first()
    if entry is None:
        raise NotFound(gettext_noop("No such points entry."))
    return entry


def weak_for(user: Any, *, year: int | None = None, state: str = "") -> QuerySet[WeakCandidate]:
    qs = WeakCandidate.objects.filter(unit_scope_q(user, "unit_path")).select_related(
        "organization", "village", "village__parent"
    )
    if year:
        qs = qs.filter(year=year)
    if state:
        qs = qs.filter(state=state)
    return qs


def weak_one(user: Any, pk: int) -> WeakCandidate:
    found = weak_for(user).filter(pk=pk).first()
    if found is None:
        raise NotFound(gettext_noop("No such candidate."))
    return found


def appraisals_for(user: Any, *, year: int | None = None) -> QuerySet[Appraisal]:
    qs = Appraisal.objects.filter(unit_scope_q(user, "unit_path")).select_related(
        "person", "village"
    )
    return qs.filter(year=year) if year else qs


def incompetent_twice(user: Any, year: int) -> list[Appraisal]:
    """Members rated incompetent in ``year`` and the year before: the procedure that ends their
    office is due (Shaanxi's measures, supervision.md §7)."""
    before = set(
        appraisals_for(user, year=year - 1)
        .filter(grade=Grade.INCOMPETENT)
        .values_list("person_id", flat=True)
    )
    return list(
        appraisals_for(user, year=year).filter(grade=Grade.INCOMPETENT, person_id__in=before)
    )


def committee_members(user: Any, today: date) -> QuerySet[Term]:
    return (
        Term.objects.filter(unit_scope_q(user, "village__path"), started_on__lte=today)
        .exclude(ended_on__lt=today)
        .select_related("person", "village")
        .order_by("village__path", "pk")
    )


def meetings_for(user: Any, *, kind: str = "", year: int | None = None) -> QuerySet[OrgLifeMeeting]:
    qs = (
        OrgLifeMeeting.objects.filter(unit_scope_q(user, "unit_path"))
        .select_related("organization", "village")
        .annotate(attended=Count("attendees"))
        .order_by("-held_on", "pk")
    )
    if kind:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(held_on__year=year)
    return qs


def trainings_for(
    user: Any, *, year: int | None = None, area: str = ""
) -> QuerySet[TrainingSession]:
    prefix = scope_path(user)
    if prefix is None:
        return TrainingSession.objects.none()
    qs = TrainingSession.objects.filter(unit_scope_q(user, "unit_path")).select_related("unit")
    if year:
        qs = qs.filter(starts_on__year=year)
    if area:
        qs = qs.filter(area=area)
    return qs.annotate(
        attended=Count("attendees"), person_hours=F("hours") * Count("attendees")
    ).order_by("-starts_on", "pk")


def training_hours(user: Any, year: int) -> dict[str, int]:
    """Hours per person in the year and the share of secretaries trained (whole percent)."""
    through = TrainingSession.attendees.through
    rows = through.objects.filter(
        unit_scope_q(user, "person__village__path"), trainingsession__starts_on__year=year
    )
    total = rows.aggregate(h=Sum("trainingsession__hours"))["h"] or 0
    people = rows.values("person_id").distinct().count()
    secretaries = set(
        Term.objects.filter(
            unit_scope_q(user, "village__path"), post=PostKind.SECRETARY, ended_on__isnull=True
        ).values_list("person_id", flat=True)
    )
    trained = set(rows.filter(person_id__in=secretaries).values_list("person_id", flat=True))
    share = 100 * len(trained) // len(secretaries) if secretaries else 0
    return {
        "hours": total,
        "people": people,
        "hours_per_person": total // people if people else 0,
        "secretaries": len(secretaries),
        "secretaries_trained": len(trained),
        "secretaries_share": share,
    }


def attention(user: Any, today: date) -> Sequence[Attention]:
    """What waits for the user: claims to approve, appeals to re-score, candidates to decide."""
    out = []
    q = unit_scope_q(user, "unit_path")
    claims = PointEntry.objects.filter(q, state=EntryState.CLAIMED).count()
    out.append(
        Attention(claims, reverse("assessment-home"), _("Points claims waiting for approval"))
    )
    appeals = Rating.objects.filter(q, state=RatingState.APPEALED).count()
    out.append(Attention(appeals, reverse("assessment-home"), _("Appeals against star ratings")))
    if getattr(getattr(user, "unit", None), "level", "") == Level.COUNTY or user.is_superuser:
        waiting = WeakCandidate.objects.filter(q, state=WeakState.CANDIDATE).count()
        out.append(
            Attention(
                waiting, reverse("assessment-weak"), _("Weak and scattered candidates to decide")
            )
        )
    overdue = WeakCandidate.objects.filter(q, state=WeakState.RECTIFYING, rectify_by__lt=today)
    out.append(
        Attention(
            overdue.count(),
            reverse("assessment-weak"),
            _("Rectifications past their period"),
            tone="warn",
        )
    )
    publicity = Cycle.objects.filter(state=CycleState.PUBLICITY, publicity_until__lt=today).filter(
        pk__in=[c.pk for c in cycles_for(user)]
    )
    out.append(
        Attention(publicity.count(), reverse("assessment-home"), _("Cycles ready to be made final"))
    )
    return out
