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
