"""Bulletin pages: a unit's list with the generate form, one bulletin, its PDF."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from openvillage.analytics import bulletins, selectors
from openvillage.analytics.models import Bulletin
from openvillage.core.clock import local_today
from openvillage.core.errors import InvalidInput, NotFound
from openvillage.core.permissions import BULLETIN, can_write, require_read
from openvillage.core.text import gettext_noop
from openvillage.org.selectors import unit_for_staff

PAGE_SIZE = 24
DONE = {
    "review": gettext_noop("The bulletin is reviewed."),
    "reopen": gettext_noop("The bulletin is back in draft."),
    "publish": gettext_noop("The bulletin is published."),
}


def _day(text: str) -> date:
    try:
        year, month = (int(part) for part in text[:7].split("-"))
        return date(year, month, 1)
    except ValueError:
        return (selectors.last_filled_day() or local_today() - timedelta(days=1)).replace(day=1)


@login_required(login_url="staff-login")
def bulletin_list(request, code: str):
    unit = unit_for_staff(request.user, code)
    writer = can_write(request.user, unit.path, BULLETIN)
    if request.method == "POST":
        try:
            made = bulletins.generate(
                actor=request.user,
                unit=unit,
                kind=request.POST.get("kind", "")[:10],
                day=_day(request.POST.get("month", "")),
            )
        except InvalidInput as err:
            messages.error(request, err.translated())
            return redirect("analytics-bulletins", code=unit.code)
        messages.success(request, _("The bulletin is generated: read it, then have it reviewed."))
        return redirect("analytics-bulletin", pk=made.pk)
    page = Paginator(bulletins.visible(request.user, unit), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    default = (selectors.last_filled_day() or local_today()).strftime("%Y-%m")
    return render(
        request,
        "analytics/bulletins.html",
        {"unit": unit, "page": page, "writer": writer, "kinds": Bulletin.Kind.choices,
         "default_month": default},
    )  # fmt: skip


def _bulletin(request, pk: int) -> Bulletin:
    bulletin = get_object_or_404(Bulletin.objects.select_related("unit"), pk=pk)
    require_read(request.user, bulletin.unit.path)
    if not bulletins.visible(request.user, bulletin.unit).filter(pk=pk).exists():
        raise NotFound(gettext_noop("No such bulletin."))
    return bulletin


@login_required(login_url="staff-login")
def bulletin_detail(request, pk: int):
    bulletin = _bulletin(request, pk)
    writer = can_write(request.user, bulletin.unit.path, BULLETIN)
    actions = [
        (a, label)
        for a, label in (
            ("review", _("Mark as reviewed")),
            ("reopen", _("Send back to draft")),
            ("publish", _("Publish")),
        )
        if writer and bulletins.TABLE.allows(bulletin.state, a)
    ]
    return render(request, "analytics/bulletin.html", {"bulletin": bulletin, "actions": actions})


@login_required(login_url="staff-login")
@require_POST
def bulletin_action(request, pk: int, action: str):
    bulletin = _bulletin(request, pk)
    if action not in DONE:
        raise NotFound(gettext_noop("No such action."))
    try:
        bulletins.act(actor=request.user, bulletin=bulletin, action=action)
    except InvalidInput as err:
        messages.error(request, err.translated())
    else:
        messages.success(request, _(DONE[action]))
    return redirect("analytics-bulletin", pk=pk)


@login_required(login_url="staff-login")
def bulletin_pdf(request, pk: int):
    bulletin = _bulletin(request, pk)
    answer = HttpResponse(bulletins.pdf(bulletin), content_type="application/pdf")
    answer["Content-Disposition"] = (
        f'inline; filename="{bulletin.unit.code}-{bulletin.kind}-{bulletin.period_start:%Y%m}.pdf"'
    )
    return answer
