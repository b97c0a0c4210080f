"""The daily jobs' last runs, on the staff home of county roles (red when one is overdue)."""

from __future__ import annotations

from django import template
from django.utils import timezone

register = template.Library()


@register.inclusion_tag("core/_periodic_jobs.html", takes_context=True)
def periodic_jobs_status(context) -> dict:
    """When each daily job last ran; shown to county roles and superusers only."""
    from openvillage.core import periodic
    from openvillage.core.roles import Role

    user = context["request"].user
    county = user.is_superuser or user.role in (Role.COUNTY_ADMIN, Role.COUNTY_SUPERVISOR)
    if not county:
        return {"statuses": []}
    return {"statuses": periodic.job_statuses(timezone.now())}
