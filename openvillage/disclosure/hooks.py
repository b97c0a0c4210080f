"""What the disclosure app registers in the shell (see :mod:`openvillage.core.extensions`)."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, Subquery


def village_stamp() -> dict[str, Any]:
    """The disclosures' part of the village page validator: when they last changed, how many
    changes, and the current catalogue (annotated on the village's Unit row)."""
    from openvillage.disclosure.models import CatalogueVersion, VillageStamp

    stamp = VillageStamp.objects.filter(village=OuterRef("pk"))
    current = CatalogueVersion.objects.filter(is_current=True)
    return {
        "disclosure_changed_at": Subquery(stamp.values("changed_at")[:1]),
        "disclosure_changes": Subquery(stamp.values("changes")[:1]),
        "disclosure_catalogue": Subquery(current.values("sha256")[:1]),
    }


def village_section(request, village, stamp) -> dict[str, Any]:
    from openvillage.disclosure.views import village_modules

    return {"disclosure_modules": village_modules(village, stamp.get("disclosure_catalogue"))}


def town_posters_link(context) -> dict[str, Any] | None:
    """On a town's staff page: the notice-board posters of all its villages in one PDF."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from openvillage.org.models import Level

    unit = context.get("unit")
    if unit is None or unit.level != Level.TOWN:
        return None
    url = reverse("staff-town-posters", args=[unit.code])
    return {"links": [(url, _("Download the notice-board posters of every village (PDF)"), "")]}


def attention(request) -> dict[str, Any]:
    from openvillage.disclosure.templatetags.disclosure_tags import disclosure_attention

    return disclosure_attention({"request": request})


def describe_due(due_id: int) -> dict[str, Any]:
    """A late disclosure (an item not published by its deadline) as a source of the problem list.

    disclosure.md K7 and Q3: an item not published by its deadline is overdue and goes to the
    town, which investigates and orders publication; "the platform offers this escalation on every
    overdue item", so the town raises it from its overdue reminders (the due's page), not a job.
    """
    from django.urls import reverse
    from django.utils.translation import get_language
    from django.utils.translation import gettext as _

    from openvillage.core.clock import local_today
    from openvillage.disclosure import catalogue_store
    from openvillage.disclosure.labels import period_words
    from openvillage.disclosure.models import Due

    due = Due.objects.select_related("village").filter(pk=due_id).first()
    if due is None:
        return {}
    names = catalogue_store.names(catalogue_store.current_version().data, get_language() or "zh")
    what = f"{names.get(due.matter, due.matter)} · {period_words(due.label)}"
    return {
        "title": _("Disclosure not published by its deadline: %(what)s") % {"what": what},
        "description": _("%(what)s, due %(deadline)s, not published.")
        % {"what": what, "deadline": due.deadline.isoformat()},
        "url": reverse("staff-disclosure-due", args=[due.pk]),
        "unit_path": due.unit_path,
        "raisable": due.published_on is None and due.deadline < local_today(),
    }


def locate_due(context) -> int | None:
    """The due its staff page shows, once it is late and still not published."""
    from openvillage.core.clock import local_today

    due = context.get("due")
    if due is None or due.published_on is not None or due.deadline >= local_today():
        return None
    return due.pk
