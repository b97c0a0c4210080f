"""The staff home's line about villagers' messages: due soon, late and very late in one's inbox."""

from datetime import timedelta

from django import template
from django.conf import settings
from django.db.models import Count, Q

from openvillage.core.clock import local_today

register = template.Library()


@register.inclusion_tag("feedback/staff/_attention.html", takes_context=True)
def feedback_attention(context) -> dict:
    """Counts of the messages waiting in the user's inbox, by urgency (one query)."""
    from openvillage.feedback.models import Status
    from openvillage.feedback.selectors import inbox

    user = context["request"].user
    if not user.is_authenticated:
        return {}
    today = local_today()
    soon = today + timedelta(days=settings.FEEDBACK_REMINDER_DAYS)
    waiting = inbox(user).filter(status__in=[Status.OPEN, Status.REOPENED]).order_by()
    counts = waiting.aggregate(
        due_soon=Count("id", filter=Q(due_on__gte=today, due_on__lte=soon)),
        late=Count("id", filter=Q(lateness="late")),
        very_late=Count("id", filter=Q(lateness="very_late")),
    )
    return {"counts": counts}
