"""Staff pages of a whole general election (progress board, heart-to-heart talks, observers)
and the public form for reporting a violation of the ten prohibitions.

Views parse, call one service or selector, and render; a refusal is shown with its reason.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from openvillage.accounts.models import User
from openvillage.accounts.throttle import client_address
from openvillage.core.errors import DomainError, InvalidInput, NotAllowed
from openvillage.core.permissions import unit_scope_q
from openvillage.core.text import gettext_noop
from openvillage.elections import data, selectors, services
from openvillage.elections.models import (
    GeneralElection,
    ObserverAssignment,
    PollingStation,
    VillageElection,
)
from openvillage.elections.views import _date, _error_text, _staff
from openvillage.org import selectors as org_selectors
from openvillage.org.models import Level, Person, Unit

#: Village election rows per page of the progress board.
BOARD_PAGE = 40
#: Public violation reports accepted per address and hour (the form is anonymous).
REPORTS_PER_HOUR = 5


def _unit_in_scope(request, general, field: str, level: str) -> Unit:
    value = request.POST.get(field) or request.GET.get(field) or ""
    unit = (
        Unit.objects.filter(
            pk=int(value) if value.isdigit() else 0,
            level=level,
            path__startswith=general.county.path,
        )
        .filter(unit_scope_q(request.user, "path"))
        .first()
    )
    if unit is None:
        raise InvalidInput(gettext_noop("Choose a unit in your area."), field=field)
    return unit


def _towns(request, general):
    return Unit.objects.filter(level=Level.TOWN, parent=general.county).filter(
        unit_scope_q(request.user, "path")
    )


@_staff
def progress_board(request, pk: int):
    """Every village's progress step by step, what is late, and the totals per step."""
    general = selectors.general_for_staff(request.user, pk)
    town = None
    if request.GET.get("town"):
        town = _unit_in_scope(request, general, "town", Level.TOWN)
    elections = list(selectors.board_elections(request.user, general, town))
    rows, totals = selectors.board_rows(elections)
    late_only = request.GET.get("late") == "1"
    shown = [r for r in rows if r["late"]] if late_only else rows
    # The county board of a whole county ran to 24,794 pixels: the counts come first, then one
    # line per town, then the village rows a page at a time.
    page = Paginator(shown, BOARD_PAGE).get_page(request.GET.get("page"))
    no_woman = selectors.no_woman_elected([r["election"] for r in page.object_list])
    for row in page.object_list:
        row["no_woman"] = row["election"].pk in no_woman
    query = {k: v for k, v in (("town", town.pk if town else ""), ("late", late_only and "1")) if v}
    return render(
        request,
        "elections/board.html",
        {
            "general": general,
            "page": page,
            "totals": totals,
            "by_town": selectors.board_by_town(rows) if town is None else [],
            "town": town,
            "towns": _towns(request, general),
            "late_only": late_only,
            "elections_count": len(rows),
            "late_rows": sum(1 for r in rows if r["late"]),
            "extra_query": urlencode(query) + "&" if query else "",
        },
    )


@_staff
def talks(request, pk: int):
    """Record heart-to-heart talks; who among the secretaries and directors is still missing."""
    general = selectors.general_for_staff(request.user, pk)
    if request.method == "POST":
        try:
            village = _unit_in_scope(request, general, "village", Level.VILLAGE)
            person = None
            if request.POST.get("person", "").isdigit():
                person = Person.objects.filter(
                    pk=int(request.POST["person"]), village=village
                ).first()
            services.talk_record(
                actor=request.user,
                general=general,
                village=village,
                person=person,
                person_name=request.POST.get("person_name", "") or (person.name if person else ""),
                held_on=_date(request, "held_on")
                or _missing("held_on", gettext_noop("Enter the day of the talk.")),
                summary=request.POST.get("summary", ""),
                concerns=request.POST.get("concerns", ""),
            )
        except DomainError as err:
            messages.error(request, _error_text(err))
        else:
            messages.success(request, _("Saved."))
        return redirect("elections-talks", pk=pk)
    rows = selectors.talks_completion(request.user, general)
    required = sum(len(r["people"]) for r in rows)
    missing = sum(len(r["missing"]) for r in rows)
    # The records themselves: only the interviewer's chain and the organization department.
    recent = (
        selectors.talks_visible(request.user)
        .filter(general=general)
        .order_by("-held_on", "-id")[:50]
    )
    return render(
        request,
        "elections/talks.html",
        {
            "general": general,
            "rows": rows,
            "required": required,
            "missing": missing,
            "done": required - missing,
            "recent": recent,
        },
    )


def _missing(field: str, message: str):
    raise InvalidInput(message, field=field)


@_staff
def observer_office(request, pk: int):
    """The election office's view of observers: assign one, read their reports."""
    general = selectors.general_for_staff(request.user, pk)
    if request.method == "POST":
        try:
            village = _unit_in_scope(request, general, "village", Level.VILLAGE)
            observer = User.objects.filter(
                pk=int(request.POST.get("observer") or 0), role="election_observer"
            ).first()
            if observer is None:
                raise InvalidInput(gettext_noop("Choose an observer."), field="observer")
            station = None
            if request.POST.get("station", "").isdigit():
                station = PollingStation.objects.filter(pk=int(request.POST["station"])).first()
                if station is None:
                    raise InvalidInput(gettext_noop("Choose a polling station."), field="station")
            services.observer_assign(
                actor=request.user,
                general=general,
                observer=observer,
                village=village,
                station=station,
            )
        except DomainError as err:
            messages.error(request, _error_text(err))
        else:
            messages.success(request, _("Saved."))
        return redirect("elections-observers", pk=pk)
    assignments = (
        ObserverAssignment.objects.filter(general=general)
        .filter(unit_scope_q(request.user, "village__path"))
        .select_related("observer", "village", "station")
        .prefetch_related("reports")
        .order_by("village__path", "observer__username")
    )
    return render(
        request,
        "elections/observers.html",
        {
            "general": general,
            "assignments": assignments,
            "observers": User.objects.filter(role="election_observer", is_active=True).filter(
                unit_scope_q(request.user, "unit__path")
            ),
            "villages": Unit.objects.filter(
                level=Level.VILLAGE, path__startswith=general.county.path
            ).filter(unit_scope_q(request.user, "path")),
            "stations": PollingStation.objects.filter(election__general=general)
            .filter(unit_scope_q(request.user, "election__village__path"))
            .select_related("election__village")
            .order_by("election__village__path", "name"),
            "labels": dict((c, label) for c, label, _ in data.checklist_choices()),
            "answers": data.CHECKLIST_ANSWERS,
        },
    )


@_staff
def observe(request):
    """The observer's own page: assigned villages and stations, and the checklist report form."""
    assignments = (
        ObserverAssignment.objects.filter(observer=request.user)
        .select_related("general", "village", "station")
        .prefetch_related("reports")
        .order_by("-general__election_day", "village__path")
    )
    return render(
        request,
        "elections/observe.html",
        {
            "assignments": assignments,
            "checklist": data.checklist_choices(),
            "answers": list(data.CHECKLIST_ANSWERS.items()),
        },
    )


@_staff
@require_POST
def observer_report(request, assignment_pk: int):
    assignment = (
        ObserverAssignment.objects.select_related("village")
        .filter(pk=assignment_pk, observer=request.user)
        .first()
    )
    try:
        if assignment is None:
            raise NotAllowed(gettext_noop("Only the assigned observer may report here."))
        checklist = {
            code: request.POST[code]
            for code, _label, _rule in data.checklist_choices()
            if request.POST.get(code)
        }
        services.observer_report_submit(
            actor=request.user,
            assignment=assignment,
            checklist=checklist,
            notes=request.POST.get("notes", ""),
            concerns=request.POST.get("concerns", ""),
        )
    except DomainError as err:
        messages.error(request, _error_text(err))
    else:
        messages.success(request, _("Your report was sent to the election office."))
    return redirect("elections-observe")


def _throttled(request) -> bool:
    """Count this address's public reports in the last hour (cache; no address, no limit)."""
    address = client_address(request)
    if not address:
        return False
    key = f"elections:violation-report:{address}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3600)
        count = 1
    return count > REPORTS_PER_HOUR


@require_POST
def public_violation_report(request, village_code: str):
    """Anyone files a report of a violation; it goes to the town's election office."""
    village = org_selectors.public_village(village_code)
    election = (
        VillageElection.objects.filter(village=village, general__state=GeneralElection.State.OPEN)
        .select_related("general__county")
        .first()
    )
    if election is None:
        messages.error(request, _("No election is open in this village."))
    elif _throttled(request):
        messages.error(request, _("Too many reports from this address; try again in an hour."))
    else:
        try:
            services.violation_report_file(
                actor=None,
                general=election.general,
                village=village,
                violation_type=request.POST.get("violation_type", ""),
                description=request.POST.get("description", ""),
                evidence=request.POST.get("evidence", ""),
                accused_name=request.POST.get("accused_name", ""),
                reporter_name=request.POST.get("reporter_name", ""),
                reporter_contact=request.POST.get("reporter_contact", ""),
            )
        except DomainError as err:
            messages.error(request, _error_text(err))
        else:
            messages.success(
                request,
                _("Your report was sent to the town's election office. It is not published."),
            )
    return redirect("elections-public", village_code=village.code)
