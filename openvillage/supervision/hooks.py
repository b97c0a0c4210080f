"""What supervision registers in the shell (see :mod:`openvillage.core.extensions`)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from openvillage.core.extensions import Attention, problem_sources
from openvillage.core.roles import Role

#: The sources of §3 that have no app of their own yet: (name, label, order).
BUILT_IN_SOURCES = (
    ("inspection", gettext_lazy("Inspection round"), 10),
    ("patrol", gettext_lazy("Patrol inspection"), 20),
    ("audit", gettext_lazy("Audit"), 30),
    ("villager", gettext_lazy("Villager's message or query"), 40),
)

STAFF_ROLES = (
    Role.COUNTY_ADMIN,
    Role.COUNTY_SUPERVISOR,
    Role.COUNTY_DISCIPLINE,
    Role.TOWN_OFFICER,
    Role.VILLAGE_CLERK,
    Role.VILLAGE_SECRETARY,
    Role.SUPERVISION_MEMBER,
)

DEMO_AFTER: tuple[str, ...] = ()  # the registry demo runs before every builder


def describe_nothing(object_id: int) -> Mapping[str, Any]:
    return {}


def source_label(name: str) -> str:
    source = problem_sources.get(name)
    return str(source.label) if source is not None else _("Other source")


def attention(user, today: date) -> list[Attention]:
    """Overdue problems in the user's scope, and those escalated to the user's unit (R9)."""
    from openvillage.supervision.selectors import overdue_q, problems

    counts = problems(user).aggregate(
        overdue=Count("id", filter=overdue_q(today)),
        escalated=Count(
            "id",
            filter=overdue_q(today)
            & Q(escalated_on__isnull=False, issuer__parent_id=getattr(user, "unit_id", None)),
        ),
    )
    url = reverse("supervision-problems") + "?overdue=1"
    n, m = counts["overdue"], counts["escalated"]
    return [
        Attention(
            count=m,
            url=url,
            label=ngettext(
                "%(n)s overdue problem was escalated to you",
                "%(n)s overdue problems were escalated to you",
                m,
            )
            % {"n": m},
            tone="warn",
        ),
        Attention(
            count=n,
            url=url,
            label=ngettext(
                "%(n)s problem is past its rectification deadline",
                "%(n)s problems are past their rectification deadline",
                n,
            )
            % {"n": n},
            tone="warn",
        ),
    ]


def village_stamp() -> dict[str, Any]:
    """The public problems' part of the village page validator (when one was last closed)."""
    from openvillage.supervision.models import Problem, State

    closed = Problem.objects.filter(village=OuterRef("pk"), state=State.CLOSED, public=True)
    return {
        "supervision_closed": Subquery(
            closed.order_by().values("village").annotate(n=Count("id")).values("n")[:1]
        ),
        "supervision_last": Subquery(
            closed.order_by().values("village").annotate(m=Max("updated_at")).values("m")[:1]
        ),
    }


def village_section(request, village, stamp) -> dict[str, Any]:
    from openvillage.supervision.selectors import public_closed

    if not stamp.get("supervision_closed"):
        return {"closed_problems": []}  # nothing rectified in public: no query of our own
    return {"closed_problems": list(public_closed(village)[:10])}


def build_demo(options) -> str:
    """A few problems in two demo villages of town 1, chosen by code, in several states."""
    from openvillage.supervision.demo import build

    return build()


def from_message(context) -> dict[str, Any] | None:
    """On a villager's message (feedback's staff page): put it on the problem list, or show the
    problem it became; only for those who may issue rectification orders in its village."""
    from openvillage.supervision.models import Problem, Severity
    from openvillage.supervision.services import VILLAGER, may_issue

    request, message = context.get("request"), context.get("message")
    if request is None or message is None or not may_issue(request.user, message.village_path):
        return None
    problem = Problem.objects.filter(source=VILLAGER, source_id=message.pk).first()
    return {"message": message, "problem": problem, "severities": Severity.choices}


def from_source(name: str):
    """The context of the "put on the problem list" button on the page of a source record
    (a campaign item, a late disclosure, a flagged decision step...): the record the host page
    shows, and the problem it became; only for those who may raise problems in its village."""

    def context(host) -> dict[str, Any] | None:
        from openvillage.supervision.models import Problem, Severity
        from openvillage.supervision.services import may_issue

        source = problem_sources.get(name)
        request = host.get("request")
        if source is None or source.locate is None or request is None:
            return None
        if not getattr(request.user, "is_authenticated", False):
            return None
        object_id = source.locate(host)
        if object_id is None:
            return None
        info = source.describe(object_id)
        if not info or not may_issue(request.user, info["unit_path"]):
            return None
        problem = Problem.objects.filter(source=name, source_id=object_id).first()
        if problem is None and not info.get("raisable", True):
            return None
        return {
            "raise_source": name,
            "raise_label": str(source.label),
            "raise_id": object_id,
            "source_problem": problem,
            "severities": Severity.choices,
        }

    return context


def source_link(problem) -> dict[str, str]:
    """Where the problem came from, for its page: the source record's title and page."""
    source = problem_sources.get(problem.source)
    if source is None or problem.source_id is None:
        return {}
    info = source.describe(problem.source_id)
    if not info or not info.get("url"):
        return {}
    return {"title": str(info.get("title", "")), "url": str(info["url"])}
