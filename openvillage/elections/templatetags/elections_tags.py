"""Template helpers: post labels instead of codes, and whether a village has an election page."""

from django import template

from openvillage.elections.models import ElectionPost, VillageElection

register = template.Library()


@register.filter
def post_label(code: str) -> str:
    try:
        return ElectionPost(code).label
    except ValueError:
        return code


@register.simple_tag
def has_public_election(village) -> bool:
    """True when one of the village's elections has its roll published (the page has content)."""
    return VillageElection.objects.filter(village=village).exclude(state="preparation").exists()


@register.filter
def exclusion_reason(reason: str) -> str:
    """An example reason of P6 in the reader's language, else the free text as written."""
    from django.utils.translation import gettext

    from openvillage.elections.rules.party import EXCLUSION_REASONS

    return gettext(EXCLUSION_REASONS[reason]) if reason in EXCLUSION_REASONS else reason
