"""Template helpers: names from the catalogue, yuan amounts, and the staff home's attention list."""

from django import template
from django.utils.translation import get_language

from openvillage.core.clock import local_today
from openvillage.disclosure import catalogue_store
from openvillage.disclosure.rules.statement import yuan as yuan_text

register = template.Library()


@register.filter
def lookup(mapping, key):
    """``{{ names|lookup:code }}``: the name of a code, or the code itself."""
    return (mapping or {}).get(key, key)


@register.filter
def yuan(fen):
    return "" if fen in (None, "") else yuan_text(int(fen))


@register.inclusion_tag("disclosure/staff/_attention.html", takes_context=True)
def disclosure_attention(context):
    """Due-soon and overdue disclosures and unread notices for the signed-in staff member."""
    from openvillage.disclosure import selectors

    user = context["request"].user
    if not user.is_authenticated:
        return {"overdue": [], "due_soon": [], "notices": []}
    found = selectors.attention(user, local_today(), limit=10)
    names = {}
    if found["overdue"] or found["due_soon"]:
        data = catalogue_store.current_version().data
        names = catalogue_store.names(data, get_language() or "zh-hans")
    draftable = draftable_dues(user, [*found["overdue"], *found["due_soon"]])
    notices = selectors.unread_notices(user, limit=20)
    writes, reviews = _disclosure_duties(user)
    return {
        **found,
        # A role that neither writes nor reviews disclosures watches them: a count and the
        # timeliness page, not another's to-do list; a reviewer gets the submissions to review.
        "watch_only": not writes and not reviews,
        "to_review": selectors.review_queue(user).count() if reviews else 0,
        "notices": notices,
        # The unread list is capped: the link says how many there are in all.
        "notice_count": len(notices) if len(notices) < 20 else selectors.unread_count(user),
        "user": user,
        "names": names,
        "draftable": draftable,
    }


def _disclosure_duties(user) -> tuple[bool, bool]:
    """Whether the user writes disclosures, and whether they review a village's submissions."""
    from openvillage.core.permissions import DISCLOSURE, DISCLOSURE_REVIEW, can_write

    if user.is_superuser:
        return True, True
    path = user.unit.path if getattr(user, "unit", None) is not None else None
    if path is None:
        return False, False
    return can_write(user, path, DISCLOSURE), can_write(user, path, DISCLOSURE_REVIEW)


def draftable_dues(user, dues) -> set[int]:
    """The dues whose line may start a draft: each line leads to its work (the draft already
    begun, or a new one filled in for the period) where the user may write it."""
    from openvillage.core.permissions import DISCLOSURE, can_write

    return {d.pk for d in dues if can_write(user, d.unit_path, DISCLOSURE)}


@register.filter
def period_words(label):
    """``{{ due.label|period_words }}``: "2026年第三季度" rather than ``2026-Q3``."""
    from openvillage.disclosure.labels import period_words as words

    return words(label or "")


@register.filter
def cadence_words(codes):
    """``{{ matter.cadences|cadence_words }}``: "每月、每季度", not ``monthly, quarterly``."""
    from openvillage.disclosure.labels import cadence_words as words

    return words(codes)


@register.filter
def localized(name):
    """``{{ matter|localized }}``: the ``zh`` or ``en`` name of a catalogue entry."""
    from openvillage.disclosure.labels import localized as pick

    return pick(name)


@register.filter
def account_name(line):
    """A statement line's account name in the reader's language: the chart's own name when the
    line keeps the chart's account as named (its en side for an English reader), else the name
    the clerk gave (a village's sub-account is data)."""
    from openvillage.disclosure.chart import chart

    name = (line or {}).get("name", "")
    account = chart().find(str((line or {}).get("account", "")))
    if (
        account is None
        or account.code != str(line.get("account"))
        or name
        not in (
            "",
            account.name.get("zh"),
        )
    ):
        return name
    language = get_language() or "zh-hans"
    return account.name.get("en" if language.startswith("en") else "zh") or name
