"""Reads of supervision that depend on who asks: everything filtered by the reader's scope."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from openvillage.core.errors import NotFound
from openvillage.core.permissions import require_read, unit_scope_q
from openvillage.core.text import gettext_noop
from openvillage.supervision.models import Problem, ReviewMeeting, Round, State


def problems(user: Any) -> QuerySet[Problem]:
    """The problems of the user's scope (nothing beyond it)."""
    return Problem.objects.filter(unit_scope_q(user, "unit_path"))


def overdue_q(today: date) -> Q:
    """Ordered, not submitted, past the deadline: derived, never stored (rules.is_overdue)."""
    return Q(state=State.ORDERED, deadline__lt=today)


def problem_list(
    user: Any,
    *,
    today: date,
    state: str = "",
    unit_path: str = "",
    overdue: bool = False,
    source: str = "",
) -> QuerySet[Problem]:
    """The filtered list of the problem board, newest first (one query per page)."""
    qs = problems(user).select_related("village", "issuer", "responsible")
    if state in State.values:
        qs = qs.filter(state=state)
    if unit_path:
        qs = qs.filter(unit_path__startswith=unit_path)
    if overdue:
        qs = qs.filter(overdue_q(today))
    if source:
        qs = qs.filter(source=source)
    return qs.order_by("-id")  # newest first on the primary key: no sort of the whole scope


def problem(user: Any, pk: int) -> Problem:
    """One problem, if the user's scope covers its village."""
    found = (
        Problem.objects.select_related("village", "issuer", "responsible", "round", "checker")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise NotFound(gettext_noop("No such problem."))
    require_read(user, found.unit_path)
    return found


def rounds(user: Any) -> QuerySet[Round]:
    """Rounds issued by a unit in the user's scope, or by a unit above it covering the user's
    villages (a village sees the town's round of it)."""
    from openvillage.core.permissions import scope_path

    prefix = scope_path(user)
    if prefix is None:
        return Round.objects.none()
    above = [p for p in _ancestor_paths(prefix)]
    return Round.objects.filter(
        unit_scope_q(user, "unit_path") | Q(unit_path__in=above)
    ).select_related("unit")


def _ancestor_paths(path: str) -> list[str]:
    parts = [p for p in path.split("/") if p]
    return ["/" + "/".join(parts[:i]) + "/" for i in range(1, len(parts))]


def round_detail(user: Any, pk: int) -> Round:
    found = rounds(user).filter(pk=pk).first()
    if found is None:
        raise NotFound(gettext_noop("No such inspection round."))
    return found


def review_meetings(user: Any) -> QuerySet[ReviewMeeting]:
    return ReviewMeeting.objects.filter(unit_scope_q(user, "unit_path"))


def public_closed(village: Any) -> QuerySet[Problem]:
    """A village's closed public problems (from villagers or public inspections), for its page."""
    return Problem.objects.filter(village=village, state=State.CLOSED, public=True).order_by(
        "-closed_on", "-id"
    )
