"""The public side of assessment: a village's final star ratings, read from the record that was
appended to the public record when the cycle was made final (what the ledger hashes)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, OuterRef, Subquery
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path

from openvillage.core.errors import NotFound
from openvillage.core.text import gettext_noop
from openvillage.org import selectors as org_selectors
from openvillage.org.models import Unit

from . import store
from .models import Cycle, CycleState, Rating, RatingState, Subject

#: Latest cycles shown in the village page's section.
SECTION_CYCLES = 3


def _final_cycles(village: Unit):
    return (
        Cycle.objects.filter(
            state=CycleState.FINAL,
            subject=Subject.PARTY_ORGANIZATION,
            public_record__isnull=False,
            ratings__village=village,
        )
        .distinct()
        .order_by("-finalized_on", "-pk")
    )


def _mine(cycle: Cycle, village: Unit) -> dict[str, Any] | None:
    record = cycle.public_record or {}
    return next((r for r in record.get("ratings", []) if r["village"] == village.code), None)


def village_stamp() -> dict[str, Any]:
    """The village page validator's part: how many final ratings the village's branch has."""
    final = Rating.objects.filter(
        village=OuterRef("pk"),
        organization__isnull=False,
        state__in=[RatingState.FINAL, RatingState.DEMOTED],
    )
    demoted = final.filter(state=RatingState.DEMOTED)
    return {
        "assessment_final": Subquery(
            final.order_by().values("village").annotate(n=Count("id")).values("n")[:1]
        ),
        "assessment_demoted": Subquery(
            demoted.order_by().values("village").annotate(n=Count("id")).values("n")[:1]
        ),
    }


def village_section(request: Any, village: Unit, stamp: Any) -> dict[str, Any]:
    if not stamp.get("assessment_final"):
        return {"ratings": []}  # never rated: no query of our own
    rows = []
    for cycle in _final_cycles(village)[:SECTION_CYCLES]:
        mine = _mine(cycle, village)
        if mine is not None:
            rows.append({"cycle": cycle, **mine})
    return {"ratings": rows}


def _cycle(village: Unit, pk: int) -> Cycle:
    cycle = _final_cycles(village).filter(pk=pk).select_related("unit").first()
    if cycle is None:
        raise NotFound(gettext_noop("No such rating cycle."))
    return cycle


def ratings(request, village_code: str, pk: int):
    """A final cycle's ratings as published: score, stars, rank and each item's points."""
    village = org_selectors.public_village(village_code)
    cycle = _cycle(village, pk)
    record = cycle.public_record or {}
    names = dict(
        Unit.objects.filter(code__in=[r["village"] for r in record["ratings"]]).values_list(
            "code", "name"
        )
    )
    spec = store.scheme(cycle.scheme_code)
    from django.utils.translation import get_language

    zh = (get_language() or "").startswith("zh")
    items = {i.code: (i.name.zh if zh else i.name.en) for i in spec.items}
    rows = [
        {
            **r,
            "village_name": names.get(r["village"], r["village"]),
            "mine": r["village"] == village.code,
            "item_rows": [(items.get(c, c), p) for c, p in r["items"].items() if p],
        }
        for r in record["ratings"]
    ]
    demotions = [
        {**d, "village_name": names.get(d["village"], d["village"])}
        for d in record.get("demotions", [])
    ]
    return render(
        request,
        "assessment/public/ratings.html",
        {
            "village": village,
            "cycle": cycle,
            "rows": rows,
            "demotions": demotions,
            "scheme_name": spec.name.zh if zh else spec.name.en,
        },
    )


def ratings_record(request, village_code: str, pk: int):
    """The record exactly as the public record hashed it (its SHA-256 is in the ledger entry)."""
    from openvillage.ledger.offline import canonical_json

    cycle = _cycle(org_selectors.public_village(village_code), pk)
    return HttpResponse(
        canonical_json(cycle.public_record).encode("utf-8"),
        content_type="application/json; charset=utf-8",
    )


urlpatterns = [
    path("v/<str:village_code>/ratings/<int:pk>/", ratings, name="assessment-public-ratings"),
    path(
        "v/<str:village_code>/ratings/<int:pk>/record.json",
        ratings_record,
        name="assessment-public-ratings-record",
    ),
]
