"""Staff pages of a village election and the public election page of a village.

Views parse the form, call one service and redirect; a refusal (DomainError) is shown as a
message with its reason on the election page.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from openvillage.core.errors import DomainError, InvalidInput
from openvillage.core.text import gettext_noop
from openvillage.elections import data, selectors, services
from openvillage.elections.models import (
    ElectionPost,
    Law,
    PollingStation,
    Proxy,
    RelativeDeclaration,
    RollObjection,
    RoundResult,
    TallySheet,
)
from openvillage.elections.rules.party import EXCLUSION_REASONS
from openvillage.org import picker
from openvillage.org import selectors as org_selectors
from openvillage.org.models import Person

# The form fields named in error messages, as the clerk sees them on the page.
FIELD_LABELS = {
    "person": gettext_lazy("Person"),
    "principal": gettext_lazy("Principal"),
    "proxy": gettext_lazy("Proxy"),
    "votes": gettext_lazy("Votes"),
    "post": gettext_lazy("Post"),
    "people": gettext_lazy("Candidates"),
    "reason": gettext_lazy("Reason"),
    "decision": gettext_lazy("Decision"),
    "sources": gettext_lazy("Sources consulted"),
    "findings": gettext_lazy("Negative list"),
    "received_on": gettext_lazy("Received on"),
    "held_on": gettext_lazy("Held on"),
    "name": gettext_lazy("Name"),
    "scrutineers": gettext_lazy("Scrutineers"),
    "voters_voted": gettext_lazy("Voters who voted"),
    "ballots_issued": gettext_lazy("Ballots issued"),
    "ballots_collected": gettext_lazy("Ballots collected"),
    "invalid_ballots": gettext_lazy("Invalid ballots"),
    "note": gettext_lazy("Recount note"),
    "summary": gettext_lazy("Summary"),
    "person_name": gettext_lazy("With (name)"),
    "village": gettext_lazy("Village"),
    "checklist": gettext_lazy("Checklist"),
    "description": gettext_lazy("What happened"),
    "violation_type": gettext_lazy("Violation"),
    "approval": gettext_lazy("Approvals"),
    "station": gettext_lazy("Polling station"),
    "relative": gettext_lazy("Relative"),
}


def _error_text(err: DomainError) -> str:
    """The refusal with the form field it concerns, so that the clerk knows what to correct."""
    label = FIELD_LABELS.get(err.field or "")
    if label is None:
        return err.translated()
    return _("%(field)s: %(message)s") % {"field": label, "message": err.translated()}


def _staff(view):
    return login_required(view, login_url="staff-login")


@_staff
def election_list(request):
    page = Paginator(selectors.elections_visible_to(request.user), 50).get_page(
        request.GET.get("page")
    )
    for election in page.object_list:
        election.next_task = selectors.next_task(election)
    generals = selectors.generals_visible_to(request.user)
    return render(
        request,
        "elections/list.html",
        {
            "page": page,
            "generals": generals,
            "can_open": bool(selectors.counties_openable(request.user)),
        },
    )


@_staff
def election_detail(request, pk: int):
    election = selectors.election_for_staff(request.user, pk)
    roll = election.roll.select_related("person").order_by("person__name")
    rounds = election.rounds.prefetch_related("sheets__station").order_by("number")
    return render(
        request,
        "elections/detail.html",
        {
            "election": election,
            "timetable": selectors.timetable_rows(election),
            "roll_page": Paginator(roll, 100).get_page(request.GET.get("page")),
            "roll_active": roll.filter(removed_on__isnull=True).count(),
            "objections": election.objections.select_related("subject"),
            "nominations": election.nominations.select_related("person"),
            "candidates": election.candidates.select_related("person"),
            "reviews": election.reviews.select_related("person", "reviewer"),
            "proxies": election.proxies.select_related("principal", "proxy"),
            "stations": election.stations.all(),
            "rounds": rounds,
            # Rounds list people by key (person id): the page shows their names.
            "candidate_names": services.candidate_names(
                {k for r in rounds for keys in r.candidates.values() for k in keys}
            ),
            "posts": [(p, ElectionPost(p).label) for p in election.seats],
            "objection_kinds": RollObjection.Kind.choices,
            "relationships": Proxy.Relationship.choices,
            "station_kinds": PollingStation.Kind.choices,
            "negative_list": data.negative_choices(),
            "review_sources": list(data.REVIEW_SOURCES.items()),
            "no_woman": bool(selectors.no_woman_elected([election])),
            "vacancy": selectors.vacancy_advice(election),
            "exclusion_reasons": [(k, _(v)) for k, v in EXCLUSION_REASONS.items()],
            "excluded": election.roll.filter(excluded_from_should_attend=True).select_related(
                "person"
            ),
            "relatives": election.relative_declarations.select_related("person", "relative"),
            "relative_kinds": RelativeDeclaration.Kind.choices,
            "secretary_elections": election.secretary_elections.select_related("person"),
            "committee": (
                services.committee_members(election)
                if election.law == Law.PARTY_BRANCH and election.is_published
                else []
            ),
        },
    )


def _person(request, election, field="person") -> Person:
    """The person the form names (by name, as the picker offers it), in the election's village."""
    return picker.resolve(
        request.user, request.POST.get(field, ""), village=election.village, field=field
    )


def _int(request, field: str) -> int:
    try:
        return int(request.POST.get(field, ""))
    except ValueError:
        raise InvalidInput(gettext_noop("Enter a whole number."), field=field) from None


def _date(request, field: str) -> date | None:
    value = request.POST.get(field, "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(gettext_noop("Enter a date as YYYY-MM-DD."), field=field) from None


def _votes(text: str) -> dict[str, int]:
    """Parse one ``name=votes`` or ``number=votes`` per line (write-ins allowed); a name two
    candidates share is refused by the service, which asks for the number."""
    votes = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        name, sep, count = line.replace("＝", "=").rpartition("=")
        if not sep or not count.strip().isdigit() or not name.strip():
            raise InvalidInput(gettext_noop("Write one name=votes per line."), field="votes")
        votes[name.strip()] = int(count)
    return votes


def _round(election, request) -> RoundResult:
    return selectors.round_of(election, _int(request, "round"))


def _figures(request) -> dict[str, int]:
    return {k: _int(request, k) for k in services.FIGURES}


ACTIONS = {
    "roll_build": lambda r, e: services.roll_build(actor=r.user, election=e),
    "roll_publish": lambda r, e: services.roll_publish(actor=r.user, election=e),
    "roll_remove": lambda r, e: services.roll_remove(
        actor=r.user,
        entry=e.roll.get(pk=_int(r, "entry")),
        reason=r.POST.get("reason", ""),
        decision=r.POST.get("decision", ""),
    ),
    "objection_file": lambda r, e: services.roll_objection_file(
        actor=r.user,
        election=e,
        objector_name=r.POST.get("objector_name", ""),
        kind=r.POST.get("kind", ""),
        text=r.POST.get("text", ""),
        received_on=_date(r, "received_on"),
    ),
    "objection_decide": lambda r, e: services.roll_objection_decide(
        actor=r.user,
        objection=e.objections.get(pk=_int(r, "objection")),
        outcome=r.POST.get("outcome", ""),
        reason=r.POST.get("reason", ""),
    ),
    "nomination": lambda r, e: services.nomination_record(
        actor=r.user,
        election=e,
        post=r.POST.get("post", ""),
        person=_person(r, e),
        votes=_int(r, "votes"),
    ),
    "review": lambda r, e: services.review_record(
        actor=r.user,
        election=e,
        person=_person(r, e),
        sources=r.POST.getlist("sources"),
        findings=r.POST.getlist("findings"),
        decision=r.POST.get("decision", ""),
        reason=r.POST.get("reason", ""),
    ),
    "candidates": lambda r, e: services.candidate_list_set(
        actor=r.user,
        election=e,
        post=r.POST.get("post", ""),
        people=[
            n.person
            for n in e.nominations.filter(
                post=r.POST.get("post", ""), person_id__in=r.POST.getlist("people")
            ).select_related("person")
        ],
    ),
    "candidates_publish": lambda r, e: services.candidate_list_publish(actor=r.user, election=e),
    "proxy": lambda r, e: services.proxy_record(
        actor=r.user,
        election=e,
        principal=_person(r, e, "principal"),
        proxy=_person(r, e, "proxy"),
        relationship=r.POST.get("relationship", ""),
        written=r.POST.get("written") == "on",
    ),
    "proxies_publish": lambda r, e: services.proxy_list_publish(actor=r.user, election=e),
    "station": lambda r, e: services.station_add(
        actor=r.user,
        election=e,
        name=r.POST.get("name", ""),
        kind=r.POST.get("kind", ""),
        scrutineers=r.POST.get("scrutineers", "").replace("，", ",").split(","),
        approved_by_town=r.POST.get("approved_by_town") == "on",
    ),
    "tally": lambda r, e: services.tally_enter(
        actor=r.user,
        round=_round(e, r),
        station=selectors.station_of(e, _int(r, "station")),
        post=r.POST.get("post", ""),
        figures=_figures(r),
        votes=_votes(r.POST.get("votes", "")),
    ),
    "tally_resolve": lambda r, e: services.tally_resolve(
        actor=r.user,
        sheet=TallySheet.objects.get(round__election=e, pk=_int(r, "sheet")),
        figures=_figures(r),
        votes=_votes(r.POST.get("votes", "")),
        note=r.POST.get("note", ""),
    ),
    "count": lambda r, e: services.round_count(actor=r.user, round=_round(e, r)),
    "additional": lambda r, e: services.additional_round_open(
        actor=r.user, election=e, held_on=_date(r, "held_on") or e.election_day
    ),
    "publish": lambda r, e: services.result_publish(actor=r.user, election=e),
    "exclude": lambda r, e: services.branch_exclusion_record(
        actor=r.user,
        village_election=e,
        person=_person(r, e),
        reason=r.POST.get("reason_text", "").strip() or r.POST.get("reason", ""),
        approved_by_higher=r.POST.get("approved_by_higher") == "on",
        approved_by_meeting=r.POST.get("approved_by_meeting") == "on",
    ),
    "secretary": lambda r, e: services.secretary_election_record(
        actor=r.user,
        village_election=e,
        votes={
            p: int(r.POST.get(f"votes_{p.pk}") or 0)
            for p in services.committee_members(e)
            if r.POST.get(f"votes_{p.pk}")
        },
        post=r.POST.get("post", ""),
    ),
    "relative": lambda r, e: services.relative_declare(
        actor=r.user,
        election=e,
        person=_person(r, e),
        relative=_person(r, e, "relative"),
        kind=r.POST.get("kind", ""),
    ),
    "secretary_approve": lambda r, e: services.secretary_election_approve(
        actor=r.user, secretary_election=e.secretary_elections.get(pk=_int(r, "secretary"))
    ),
}


@_staff
@require_POST
def election_action(request, pk: int, action: str):
    election = selectors.election_for_staff(request.user, pk)
    handler = ACTIONS.get(action)
    if handler is None:
        messages.error(request, _("Unknown action."))
        return redirect("elections-detail", pk=pk)
    try:
        handler(request, election)
    except DomainError as err:
        messages.error(request, _error_text(err))
    except (ValueError, LookupError, ObjectDoesNotExist):
        messages.error(request, _("The form is incomplete."))
    else:
        messages.success(request, _("Saved."))
    return redirect("elections-detail", pk=pk)


def public_election(request, village_code: str):
    village = org_selectors.public_village(village_code)
    elections = selectors.public_elections(village)
    views = [selectors.public_view(e) for e in elections]
    return render(
        request,
        "elections/public.html",
        {
            "village": village,
            "views": views,
            # The report form shows while the village's general election is open.
            "report_open": any(e.general.is_open for e in elections),
            "violation_types": data.violation_choices(),
        },
    )
