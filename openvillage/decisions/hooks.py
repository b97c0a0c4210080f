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
