"""Staff views of the registry app: the people picker."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render

from openvillage.core.permissions import unit_scope_q
from openvillage.org import picker
from openvillage.org.models import Level, Unit


@login_required(login_url="staff-login")
def people_pick(request):
    """Matches by name within the user's scope: JSON for the form's list, a page without JS."""
    village = None
    code = request.GET.get("village", "")
    if code:
        village = (
            Unit.objects.filter(code=code, level=Level.VILLAGE)
            .filter(unit_scope_q(request.user, "path"))
            .first()
        )
    query = request.GET.get("q", "")
    people = (
        picker.people_matching(request.user, query, village=village)
        if (village is not None or not code)
        else []
    )
    rows = [
        {
            "label": picker.choice_label(p),
            "name": p.name,
            "village": p.village.name,
            "masked_id": p.id_masked,
        }
        for p in people
    ]
    if request.GET.get("format") == "json":
        return JsonResponse({"results": rows})
    return render(
        request,
        "org/people_pick.html",
        {"rows": rows, "q": query, "village": village, "code": code},
    )
