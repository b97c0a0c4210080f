"""What the feedback app registers in the shell (see :mod:`openvillage.core.extensions`)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from openvillage.core.extensions import Attention


def village_links(request, village, stamp) -> dict[str, Any]:
    """The village page's line: read the messages and replies, or leave one."""
    return {
        "box": "card",
        "links": [
            (reverse("feedback-village", args=[village.code]), _("Messages and replies"), ""),
            (reverse("feedback-new", args=[village.code]), _("Leave a message"), ""),
        ],
    }


def item_links(context) -> dict[str, Any] | None:
    """Under a published disclosure: its questions and replies, and a message about it."""
    item, village = context.get("item"), context.get("village")
    if item is None or village is None:
        return None
    new = reverse("feedback-new", args=[village.code])
    return {
        "box": "card",
        "links": [
            (
                reverse("feedback-item", args=[item.pk]),
                _("Questions and replies about this disclosure"),
                "",
            ),
            (f"{new}?item={item.pk}", _("Leave a message"), "leave-message"),
        ],
    }


def module_links(context) -> dict[str, Any] | None:
    """At the foot of a disclosure module's page: a message about this module."""
    village, module = context.get("village"), context.get("module")
    if village is None or not module:
        return None
    new = reverse("feedback-new", args=[village.code])
    return {"links": [(f"{new}?module={module}", _("Leave a message"), "")]}


def attention(user, today: date) -> list[Attention]:
    """The messages waiting in the user's inbox, by urgency (one query)."""
    from django.db.models import Count, Q

    from openvillage.feedback.models import Status
    from openvillage.feedback.selectors import inbox

    soon = today + timedelta(days=settings.FEEDBACK_REMINDER_DAYS)
    waiting = inbox(user).filter(status__in=[Status.OPEN, Status.REOPENED]).order_by()
    counts = waiting.aggregate(
        due_soon=Count("id", filter=Q(due_on__gte=today, due_on__lte=soon)),
        late=Count("id", filter=Q(lateness="late")),
        very_late=Count("id", filter=Q(lateness="very_late")),
    )
    url = reverse("feedback-inbox")
    n = counts["very_late"]
    very_late = ngettext("%(n)s message is very late", "%(n)s messages are very late", n) % {"n": n}
    m = counts["late"]
    late = ngettext(
        "%(n)s message is past its reply deadline",
        "%(n)s messages are past their reply deadline",
        m,
    ) % {"n": m}
    k = counts["due_soon"]
    due_soon = ngettext(
        "%(n)s message is due for a reply within days",
        "%(n)s messages are due for a reply within days",
        k,
    ) % {"n": k}
    return [
        Attention(n, f"{url}?lateness=very_late", very_late, _("very late"), "warn"),
        Attention(m, f"{url}?lateness=late", late, _("late"), "warn"),
        Attention(k, f"{url}?status=open", due_soon, _("due soon")),
    ]
