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
    return (
        VillageElection.objects.filter(village=village)
        .exclude(state=VillageElection.State.PREPARATION)
        .exists()
    )


@register.filter
def exclusion_reason(reason: str) -> str:
    """An example reason of P6 in the reader's language, else the free text as written."""
    from django.utils.translation import gettext

    from openvillage.elections.rules.party import EXCLUSION_REASONS

    return gettext(EXCLUSION_REASONS[reason]) if reason in EXCLUSION_REASONS else reason


@register.filter
def name_of(key: str, names: dict | None) -> str:
    """The name behind a person key (an id); a write-in's key is its name."""
    return (names or {}).get(key, key)


@register.filter
def names_of(keys, names: dict | None) -> str:
    """The names behind person keys, comma-separated (two people may share a name)."""
    return ", ".join(name_of(k, names) for k in keys or ())


@register.filter
def differences_text(differences, names: dict | None) -> str:
    """What two tally entries disagree on: the figures by their label, the people by name."""
    from openvillage.elections.views import FIELD_LABELS

    return ", ".join(
        str(FIELD_LABELS[d]) if d in FIELD_LABELS else name_of(d, names) for d in differences or ()
    )


@register.filter
def rule_text(codes: str) -> str:
    """Rule codes (``V27, V28``) with their text, never bare (rule_labels.py)."""
    from openvillage.elections.rule_labels import rule_text as text

    return text(codes)
