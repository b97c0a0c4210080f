"""Villagers' messages in the county's view (registered in apps.py, filled by analytics).

Each figure is one filter (``q(start, end)``), used both by the fill and by the inbox the
dashboard links to, so that a figure and its list always count the same messages.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from openvillage.core.clock import local_day_bounds
from openvillage.feedback.models import Message
from openvillage.org import listfilter

#: On the 1-5 scale of a rating, 4 (satisfied) and 5 (very satisfied) count as satisfied.
SATISFIED_FROM = 4


def _between(name: str, start: date, end: date) -> Q:
    """``name`` (a time) within the local days ``[start, end]``."""
    lower, upper = local_day_bounds(start)[0], local_day_bounds(end)[1]
    return Q(**{f"{name}__gte": lower, f"{name}__lt": upper})


def received_q(start: date, end: date) -> Q:
    """Messages received on the days (a flow)."""
    return _between("created_at", start, end)


def open_q(start: date, end: date) -> Q:
    """Messages received by the end of ``end`` and not closed by then (a level)."""
    close = local_day_bounds(end)[1]
    return Q(created_at__lt=close) & (Q(closed_at__isnull=True) | Q(closed_at__gte=close))


def replied_q(start: date, end: date) -> Q:
    """Messages first replied to on the days (a flow)."""
    return Q(replied_on__gte=start, replied_on__lte=end)


def replied_on_time_q(start: date, end: date) -> Q:
    """Of those, the ones replied to by their due day (the due day itself is on time)."""
    return replied_q(start, end) & Q(replied_on__lte=F("due_on"))


def rated_q(start: date, end: date) -> Q:
    """Messages whose villager rated the answer on the days (a flow)."""
    return _between("rated_at", start, end) & Q(satisfaction__isnull=False)


def satisfied_q(start: date, end: date) -> Q:
    """Of those, the ratings of satisfied or better (``SATISFIED_FROM`` and up)."""
    return _between("rated_at", start, end) & Q(satisfaction__gte=SATISFIED_FROM)


FIGURES: listfilter.Figures = {
    "received": (_("Messages received"), received_q),
    "open": (_("Messages not yet closed"), open_q),
    "replied": (_("Messages replied to"), replied_q),
    "replied_on_time": (_("Messages replied to on time"), replied_on_time_q),
    "rated": (_("Replies rated by villagers"), rated_q),
    "satisfied": (_("Ratings of satisfied or better"), satisfied_q),
}


def _per_village(q: Q) -> dict[int, int]:
    rows = Message.objects.filter(q).values("village_id").annotate(n=Count("id"))
    return {row["village_id"]: row["n"] for row in rows}


def received(day: date) -> Mapping[int, int]:
    return _per_village(received_q(day, day))


def open_at_end(day: date) -> Mapping[int, int]:
    return _per_village(open_q(day, day))


def replied(day: date) -> Mapping[int, int]:
    return _per_village(replied_q(day, day))


def replied_on_time(day: date) -> Mapping[int, int]:
    return _per_village(replied_on_time_q(day, day))


def rated(day: date) -> Mapping[int, int]:
    return _per_village(rated_q(day, day))


def satisfied(day: date) -> Mapping[int, int]:
    return _per_village(satisfied_q(day, day))


def inbox_link(figure: str):
    """The inbox filtered to a unit, the days and ``figure``: the list behind that figure."""

    def link(unit, start: date | None = None, end: date | None = None) -> str:
        return listfilter.link(reverse("feedback-inbox"), unit, start, end, figure=figure)

    return link
