"""What the decisions app registers in the shell (see :mod:`openvillage.core.extensions`)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _


def closed_cases_link(context) -> dict[str, Any] | None:
    """On the village-affairs page of the disclosures: the decided matters (closed cases)."""
    village = context.get("village")
    if village is None or context.get("module") != "affairs":
        return None
    url = reverse("decisions-public-cases", args=[village.code])
    return {"links": [(url, _("Decided matters (closed cases)"), "")]}


def person_record_link(context) -> dict[str, Any] | None:
    """On a person's staff page: their misconduct and accountability record."""
    person = context.get("person")
    if person is None:
        return None
    url = reverse("decisions-person", args=[person.pk])
    return {"links": [(url, _("Misconduct and accountability record"), "")]}


def attention(request) -> dict[str, Any]:
    from openvillage.decisions.templatetags.decisions_tags import decisions_attention

    return decisions_attention({"request": request})


def review_attention(user, today) -> list:
    """On the supervision committee member's home: the steps waiting for their review."""
    from openvillage.core.extensions import Attention
    from openvillage.decisions.selectors import steps_awaiting_review

    count = steps_awaiting_review(user).count()
    return [Attention(count=count, url=reverse("decisions-reviews"), label=_("Steps to review"))]


def returned_attention(user, today) -> list:
    """On the village's home: steps the supervision committee flagged or returned, to answer or
    redo (the case waits until then); the link opens the case when there is one."""
    from openvillage.core.extensions import Attention
    from openvillage.decisions.selectors import unanswered_flags

    cases = sorted({flag.case_id for flag in unanswered_flags(user)})
    if not cases:
        return []
    url = reverse("decisions-case", args=[cases[0]]) if len(cases) == 1 else None
    return [
        Attention(
            count=len(cases),
            url=url or reverse("decisions-cases") + "?status=open",
            label=_("Cases with a step returned by the supervision committee"),
            tone="warn",
        )
    ]


def describe_flag(flag_id: int) -> dict[str, Any]:
    """A supervision flag on a case's step, as a source of the problem list (supervision.md §3,
    decisions.md D7): the case's village, the step and the reason, the case's page."""
    from openvillage.decisions import labels
    from openvillage.decisions.models import StepFlag

    flag = StepFlag.objects.select_related("case", "record").filter(pk=flag_id).first()
    if flag is None:
        return {}
    step = labels.label("step", flag.record.step_code)
    return {
        "title": _("Step %(step)s flagged as irregular: %(reason)s")
        % {"step": step, "reason": " ".join(flag.reason.split())[:120]},
        "description": flag.reason,
        "url": reverse("decisions-case", args=[flag.case_id]),
        "unit_path": flag.case.unit_path,
    }


def locate_flag(context) -> int | None:
    """The flag the case page is showing (``step_flag``, staff pages only)."""
    flag = context.get("step_flag")
    return flag.pk if flag is not None and context.get("staff_view") else None
