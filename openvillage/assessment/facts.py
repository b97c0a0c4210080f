"""Facts the points ledger counts, read set-based from what the apps record (one query each).

Each function is a :class:`openvillage.core.extensions.FactSource`: ``facts(village_ids, start,
end) -> {village_id: count}`` for the period ``[start, end]``. Villagers' messages count against
the organization's late replies only: a petition never costs a villager or a member points.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from django.db.models import Count, Q

from openvillage.core.clock import local_today

from .models import OrgLifeMeeting, TrainingSession
from .rules import orglife


def _counts(rows: Sequence[Mapping[str, int]], key: str = "village_id") -> dict[int, int]:
    return {row[key]: row["n"] for row in rows}


def decision_steps_flagged(village_ids: Sequence[int], start: date, end: date) -> dict[int, int]:
    from openvillage.decisions.models import StepFlag

    rows = (
        StepFlag.objects.filter(case__village_id__in=village_ids, raised_on__range=(start, end))
        .values("case__village_id")
        .annotate(n=Count("pk"))
    )
    return _counts(list(rows), "case__village_id")


def messages_overdue(village_ids: Sequence[int], start: date, end: date) -> dict[int, int]:
    from openvillage.feedback.models import Lateness, Message

    rows = (
        Message.objects.filter(village_id__in=village_ids, received_on__range=(start, end))
        .exclude(lateness=Lateness.ON_TIME)
        .values("village_id")
        .annotate(n=Count("pk"))
    )
    return _counts(list(rows))


def held_per_kind(village_ids: Sequence[int], start: date, end: date) -> dict[int, dict[str, int]]:
    """How many meetings of each kind each village's organizations held in the period."""
    rows = (
        OrgLifeMeeting.objects.filter(village_id__in=village_ids, held_on__range=(start, end))
        .values("village_id", "kind")
        .annotate(n=Count("pk"))
    )
    held: dict[int, dict[str, int]] = {}
    for row in rows:
        held.setdefault(row["village_id"], {})[row["kind"]] = row["n"]
    return held


def disclosures_missed(village_ids: Sequence[int], start: date, end: date) -> dict[int, int]:
    """Periodic disclosures due in the period and not published by their deadline (K7).

    A disclosure is missed from the day after its deadline (published on the deadline day is on
    time), so a due whose deadline is today or later is not counted yet; a later collection
    adds it. Published late still counts as missed.
    """
    from django.db.models import F

    from openvillage.disclosure.models import Due

    rows = (
        Due.objects.filter(
            Q(published_on__isnull=True) | Q(published_on__gt=F("deadline")),
            village_id__in=village_ids,
            deadline__range=(start, end),
            deadline__lt=local_today(),
        )
        .values("village_id")
        .annotate(n=Count("pk"))
    )
    return _counts(list(rows))


def rectifications_overdue(village_ids: Sequence[int], start: date, end: date) -> dict[int, int]:
    """Problems ordered for rectification whose deadline fell in the period and whose
    rectification was not submitted by it (supervision R1: overdue from the day after).

    A problem raised by a villager counts against the organization that had to fix it, never
    against the villager.
    """
    from django.db.models import F

    from openvillage.supervision.models import Problem

    rows = (
        Problem.objects.filter(
            Q(submitted_on__isnull=True) | Q(submitted_on__gt=F("deadline")),
            village_id__in=village_ids,
            deadline__range=(start, end),
            deadline__lt=local_today(),
            ordered_on__isnull=False,
        )
        .values("village_id")
        .annotate(n=Count("pk"))
    )
    return _counts(list(rows))


def org_life_missed(village_ids: Sequence[int], start: date, end: date) -> dict[int, int]:
    months = orglife.whole_months(start.year, start.month, end.year, end.month)
    held = held_per_kind(village_ids, start, end)
    return {vid: orglife.shortfall(held.get(vid, {}), months) for vid in village_ids}


def trainings_completed(village_ids: Sequence[int], start: date, end: date) -> dict[int, int]:
    through = TrainingSession.attendees.through
    rows = (
        through.objects.filter(
            person__village_id__in=village_ids,
            trainingsession__ends_on__range=(start, end),
        )
        .values("person__village_id")
        .annotate(n=Count("pk"))
    )
    return _counts(list(rows), "person__village_id")


#: Villagers rate a reply from 1 to 5; 1-2 is dissatisfied (feedback/rules/closure.py).
SATISFIED_FROM = 3


def satisfaction(village_ids: Sequence[int], start: date, end: date) -> dict[int, tuple[int, int]]:
    """Per village, (satisfied, respondents) among the replies villagers rated in the period."""
    from openvillage.feedback.models import Message

    rows = (
        Message.objects.filter(
            village_id__in=village_ids,
            received_on__range=(start, end),
            satisfaction__isnull=False,
        )
        .values("village_id")
        .annotate(n=Count("pk"), ok=Count("pk", filter=Q(satisfaction__gte=SATISFIED_FROM)))
    )
    return {row["village_id"]: (row["ok"], row["n"]) for row in rows}
