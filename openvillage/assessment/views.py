"""Staff pages of assessment: parse, call a service or a selector, render. A refused action
(a domain error) is shown as a message in the user's language."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from openvillage.core import extensions, spreadsheet
from openvillage.core.clock import local_today
from openvillage.core.errors import DomainError, InvalidInput, NotFound
from openvillage.core.forms import DATE, attach_error, submitted
from openvillage.core.permissions import ASSESSMENT, can_write, unit_scope_q
from openvillage.core.text import gettext_noop
from openvillage.org.listfilter import list_filter
from openvillage.org.models import Level, PartyOrganization, PartyStatus, Person, Unit

from . import selectors, services, stats, store
from .models import (
    CycleState,
    Grade,
    OrgLifeKind,
    RatingState,
    Subject,
    TrainingArea,
    TrainingMode,
    WeakState,
)
from .rules import states

PAGE_SIZE = 50


def _staff(view):
    return login_required(view, login_url="staff-login")


def _page(request, qs):
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


def _year(request, default: int) -> int:
    try:
        return int(request.GET.get("year") or default)
    except ValueError:
        return default


def _xlsx(name: str, title: str, header: list[str], rows) -> HttpResponse:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    sheet.append(header)
    for values in rows:
        sheet.append(spreadsheet.row(sheet, values))
    out = BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


def _writable_units(user, levels: tuple[str, ...]):
    return Unit.objects.filter(unit_scope_q(user), level__in=levels).order_by("path")


def _orgs(user):
    return (
        PartyOrganization.objects.filter(
            unit_scope_q(user, "unit__path"), unit__level=Level.VILLAGE, parent__isnull=True
        )
        .select_related("unit")
        .order_by("unit__path")
    )


def _members(user):
    return Person.objects.filter(
        unit_scope_q(user, "village__path"),
        party_status__in=[PartyStatus.FULL, PartyStatus.PROBATIONARY],
    ).order_by("village__path", "name")


def _name(name) -> str:
    """A scheme's or item's name in the active language."""
    from django.utils.translation import get_language

    return name.zh if (get_language() or "").startswith("zh") else name.en


# --- cycles ------------------------------------------------------------------------------------


class CycleForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label=gettext_lazy("Run by"))
    name = forms.CharField(label=gettext_lazy("Name"), max_length=120)
    scheme_code = forms.ChoiceField(label=gettext_lazy("Star scheme"))
    starts_on = forms.DateField(label=gettext_lazy("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=gettext_lazy("Ends on"), widget=DATE)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _writable_units(user, (Level.COUNTY, Level.TOWN))
        self.fields["scheme_code"].choices = [
            (s.code, _name(s.name)) for s in store.current_schemes().schemes
        ]


@_staff
def home(request):
    form = CycleForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            cycle = services.cycle_open(actor=request.user, **form.cleaned_data)
        except DomainError as err:
            attach_error(form, err)
        else:
            return redirect("assessment-cycle", cycle.pk)
    names = {s.code: _name(s.name) for s in store.current_schemes().schemes}
    page = _page(request, selectors.cycles_for(request.user).select_related("unit"))
    for cycle in page.object_list:
        cycle.scheme_name = names.get(cycle.scheme_code, cycle.scheme_code)
    return render(
        request,
        "assessment/home.html",
        {
            "page": page,
            "form": form,
            "can_open": bool(form.fields["unit"].queryset.exists())
            and (
                request.user.is_superuser
                or can_write(request.user, request.user.unit.path, ASSESSMENT)
            ),
        },
    )


class EntryForm(forms.Form):
    organization = forms.ModelChoiceField(
        queryset=PartyOrganization.objects.none(), label=gettext_lazy("Party organization"),
        required=False,
    )  # fmt: skip
    person = forms.ModelChoiceField(
        queryset=Person.objects.none(), label=gettext_lazy("Party member"), required=False
    )
    item_code = forms.ChoiceField(label=gettext_lazy("Item"))
    count = forms.IntegerField(label=gettext_lazy("Count"))
    reason = forms.CharField(label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    evidence = forms.CharField(label=gettext_lazy("Evidence"), required=False, max_length=300)

    def __init__(self, *args: Any, user: Any, cycle: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        spec = store.scheme(cycle.scheme_code)
        self.fields["item_code"].choices = [(i.code, _name(i.name)) for i in spec.items]
        if cycle.subject == Subject.PARTY_ORGANIZATION:
            self.fields["organization"].queryset = _orgs(user).filter(
                unit__path__startswith=cycle.unit_path
            )
            del self.fields["person"]
        else:
            self.fields["person"].queryset = _members(user).filter(
                village__path__startswith=cycle.unit_path
            )
            del self.fields["organization"]


def _cycle_export(cycle, ratings, items):
    header = [
        _("Town"), _("Village"), _("Rated"), _("Score"), _("Stars"), _("Rank"), _("State"),
        *[_name(i.name) for i in items],
    ]  # fmt: skip
    states = dict(RatingState.choices)
    rows = (
        [
            r.village.parent.name if r.village.parent else "",
            r.village.name,
            str(r.organization or r.person),
            r.score,
            r.stars,
            r.rank,
            str(states.get(r.state, r.state)),
            *[r.items.get(i.code, 0) for i in items],
        ]
        for r in ratings.select_related("village__parent")
    )
    return _xlsx(f"ratings-{cycle.pk}", str(_("Star ratings")), [str(h) for h in header], rows)


@_staff
def cycle(request, pk: int):
    cycle = selectors.cycle_for(request.user, pk)
    spec = store.scheme(cycle.scheme_code)
    ratings = selectors.ratings_for(request.user, cycle)
    stars = request.GET.get("stars", "")
    if stars.isdigit():
        ratings = ratings.filter(stars=int(stars))
    if request.GET.get("format") == "xlsx":
        return _cycle_export(cycle, ratings, spec.items)
    claim = not can_write(request.user, cycle.unit_path, ASSESSMENT)
    form = EntryForm(request.POST or None, user=request.user, cycle=cycle)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.entry_add(
                actor=request.user, cycle=cycle, item_code=data["item_code"], count=data["count"],
                reason=data["reason"], evidence=data["evidence"],
                organization=data.get("organization"), person=data.get("person"), claim=claim,
            )  # fmt: skip
        except DomainError as err:
            attach_error(form, err)
        else:
            messages.success(request, _("Recorded."))
            return redirect("assessment-cycle", cycle.pk)
    item_names = {i.code: _name(i.name) for i in spec.items}
    page = _page(request, ratings)
    in_publicity = cycle.state == CycleState.PUBLICITY
    for rating in page.object_list:
        rating.item_rows = [(item_names.get(c, c), p) for c, p in rating.items.items() if p]
        rating.can_appeal = in_publicity and states.RATING.allows(rating.state, "appeal")
        rating.can_rescore = states.RATING.allows(rating.state, "rescore")
        rating.can_demote = states.RATING.allows(rating.state, "demote")
    entries = list(selectors.entries_for(request.user, cycle)[:50])
    for entry in entries:
        entry.item_name = item_names.get(entry.item_code, entry.item_code)
        entry.can_decide = states.CLAIM.allows(entry.state, "approve")
        # A fact's evidence is the record it was counted from over the cycle's period.
        source = extensions.assessment_facts.get(entry.fact_source)
        entry.evidence_text = (
            f"{source.label if source else entry.item_name}"
            f"（{cycle.starts_on:%Y-%m-%d} – {cycle.ends_on:%Y-%m-%d}）"
            if entry.fact_source
            else entry.evidence
        )
    return render(
        request,
        "assessment/cycle.html",
        {
            "cycle": cycle,
            "scheme_name": _name(spec.name),
            "page": page,
            "entries": entries,
            "form": form,
            "claim": claim,
            "ledger_open": cycle.state != CycleState.FINAL,
            "can": {
                a: states.CYCLE.allows(cycle.state, a) for a in ("score", "publish", "finalize")
            },
            "assessor": not claim,
            "extra_query": f"stars={stars}&amp;" if stars.isdigit() else "",
            "stars": stars,
            "star_choices": sorted({b.stars for b in spec.bands}, reverse=True),
        },
    )


def _back(request, view: str, *args: Any):
    return redirect(view, *args)


@_staff
@require_POST
def cycle_action(request, pk: int, action: str):
    cycle = selectors.cycle_for(request.user, pk)
    today = local_today()
    try:
        if action == "collect":
            n = services.cycle_collect(actor=request.user, cycle=cycle)
            messages.success(request, _("%(n)s ledger lines added from the records.") % {"n": n})
        elif action == "score":
            services.cycle_score(actor=request.user, cycle=cycle)
        elif action == "publish":
            services.cycle_publish(actor=request.user, cycle=cycle, today=today)
        elif action == "finalize":
            services.cycle_finalize(actor=request.user, cycle=cycle, today=today)
        else:
            raise NotFound(gettext_noop("No such action."))
    except (InvalidInput, DomainError) as err:
        if isinstance(err, NotFound):
            raise
        messages.error(request, err.translated())
    return redirect("assessment-cycle", cycle.pk)


@_staff
@require_POST
def rating_action(request, pk: int, action: str):
    rating = selectors.rating_for(request.user, pk)
    try:
        if action == "appeal":
            services.rating_appeal(
                actor=request.user, rating=rating, reason=request.POST.get("reason", "")
            )
        elif action == "rescore":
            services.rating_rescore(actor=request.user, rating=rating)
        elif action == "demote":
            try:
                stars = int(request.POST.get("stars", ""))
            except ValueError:
                raise InvalidInput(gettext_noop("Choose the new rating."), field="stars") from None
            services.rating_demote(
                actor=request.user, rating=rating, stars=stars,
                reason=request.POST.get("reason", ""), today=local_today(),
            )  # fmt: skip
        else:
            raise NotFound(gettext_noop("No such action."))
    except NotFound:
        raise
    except DomainError as err:
        messages.error(request, err.translated())
    return redirect("assessment-cycle", rating.cycle_id)


@_staff
@require_POST
def entry_action(request, pk: int, action: str):
    entry = selectors.entry_for(request.user, pk)
    if action not in ("approve", "reject"):
        raise NotFound(gettext_noop("No such action."))
    try:
        services.claim_decide(actor=request.user, entry=entry, approve=action == "approve")
    except NotFound:
        raise
    except DomainError as err:
        messages.error(request, err.translated())
    return redirect("assessment-cycle", entry.cycle_id)


# --- weak and scattered ------------------------------------------------------------------------


TRIGGER_LABELS = {
    "W1": gettext_lazy("Secretary post vacant more than three months, work stalled"),
    "W2": gettext_lazy("Organizational life not held as required"),
    "W3": gettext_lazy("No development candidate for two years or more"),
    "W4": gettext_lazy("Major mass incident"),
    "W5": gettext_lazy("Last place in the annual review"),
    "W6": gettext_lazy("Villagers' satisfaction below 60%"),
    "W7": gettext_lazy("No new party member for three years or more"),
}


def explain(candidate) -> list[str]:
    """Each trigger as a sentence: "members' meeting: 3 of 4 held"."""
    kinds = dict(OrgLifeKind.choices)
    out = []
    for code in candidate.triggers:
        text = str(TRIGGER_LABELS.get(code, code))
        detail = candidate.details.get(code)
        if code == "W2" and detail:
            parts = [
                _("%(kind)s: %(held)s of %(required)s held")
                % {"kind": kinds.get(k, k), "held": v[0], "required": v[1]}
                for k, v in detail.items()
            ]
            text += "（" + "；".join(parts) + "）"
        elif code == "W6" and detail:
            text += (
                "（"
                + _("%(s)s of %(r)s satisfied")
                % {"s": detail["satisfied"], "r": detail["respondents"]}
                + "）"
            )
        elif code == "W1" and detail:
            text += "（" + _("vacant since %(date)s") % {"date": detail["since"]} + "）"
        out.append(text)
    return out


class ProposeForm(forms.Form):
    organization = forms.ModelChoiceField(
        queryset=PartyOrganization.objects.none(), label=gettext_lazy("Party organization")
    )
    reason = forms.CharField(label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = _orgs(user)


@_staff
def weak(request):
    today = local_today()
    year = _year(request, today.year)
    state = request.GET.get("state", "")
    if state not in WeakState.values:
        state = ""
    form = ProposeForm(request.POST or None, user=request.user, prefix="propose")
    if request.method == "POST":
        try:
            if "screen" in request.POST:
                found = services.weak_screen(
                    actor=request.user, unit=request.user.unit, year=year, today=today
                )
                messages.success(request, _("%(n)s candidates proposed.") % {"n": len(found)})
                return redirect(f"{request.path}?year={year}")
            if form.is_valid():
                services.weak_propose(
                    actor=request.user, organization=form.cleaned_data["organization"],
                    year=year, reason=form.cleaned_data["reason"],
                )  # fmt: skip
                return redirect(f"{request.path}?year={year}")
        except DomainError as err:
            if "screen" in request.POST:
                messages.error(request, err.translated())
            else:
                attach_error(form, err)
    lf = list_filter(request, stats.WEAK_FIGURES)
    # A dashboard's figure counts every year's candidates in force on its day.
    qs = lf.narrow(
        selectors.weak_for(request.user, year=None if lf.figure else year, state=state),
        "unit_path",
    )
    labels = dict(WeakState.choices)
    if request.GET.get("format") == "xlsx":
        header = [_("Year"), _("Town"), _("Village"), _("Party organization"), _("Triggers"),
                  _("State"), _("Rectify by"), _("Delisted on")]  # fmt: skip
        rows = (
            [
                c.year,
                c.village.parent.name if c.village.parent else "",
                c.village.name,
                c.organization.name,
                "；".join(explain(c)),
                str(labels[c.state]),
                c.rectify_by,
                c.delisted_on,
            ]  # fmt: skip
            for c in qs
        )
        return _xlsx(f"weak-{year}", str(_("Weak and scattered")), [str(h) for h in header], rows)
    page = _page(request, qs.prefetch_related("followups"))
    for c in page.object_list:
        c.reasons = explain(c)
        c.can_identify = states.WEAK.allows(c.state, "identify")
        c.can_plan = states.WEAK.allows(c.state, "plan")
        c.can_follow_up = states.WEAK.allows(c.state, "follow_up")
    screening = store.current_schemes().screening
    villages = Unit.objects.filter(unit_scope_q(request.user), level=Level.VILLAGE).count()
    identified = (
        selectors.weak_for(request.user, year=year)
        .filter(state__in=[WeakState.IDENTIFIED, WeakState.RECTIFYING, WeakState.DELISTED])
        .count()
    )
    county = request.user.is_superuser or (
        request.user.unit is not None and request.user.unit.level == Level.COUNTY
    )
    return render(
        request,
        "assessment/weak.html",
        {
            "page": page,
            "year": year,
            "state": state,
            "states": WeakState.choices,
            "form": form,
            "county": county,
            "identified": identified,
            "villages": villages,
            "screening": screening,
            "short_of": screening.short_of(identified, villages),
            "can_screen": request.user.unit is not None
            and can_write(request.user, request.user.unit.path, ASSESSMENT),
            "lf": lf,
            "extra_query": f"{lf.query}year={year}&state={state}&",
        },
    )


@_staff
@require_POST
def weak_action(request, pk: int, action: str):
    candidate = selectors.weak_one(request.user, pk)
    post = request.POST
    try:
        if action in ("identify", "dismiss"):
            services.weak_decide(
                actor=request.user, candidate=candidate, identify=action == "identify",
                note=post.get("note", ""), today=local_today(),
            )  # fmt: skip
        elif action == "plan":
            services.weak_plan(
                actor=request.user, candidate=candidate, plan=post.get("plan", ""),
                rectify_by=_date(post.get("rectify_by"), "rectify_by"),
            )  # fmt: skip
        elif action == "follow_up":
            services.weak_follow_up(
                actor=request.user, candidate=candidate, on=_date(post.get("on"), "on"),
                note=post.get("note", ""),
            )  # fmt: skip
        elif action == "delist":
            services.weak_delist(actor=request.user, candidate=candidate, today=local_today())
        else:
            raise NotFound(gettext_noop("No such action."))
    except NotFound:
        raise
    except DomainError as err:
        messages.error(request, err.translated())
    return redirect(f"/staff/assessment/weak/?year={candidate.year}")


def _date(text: str | None, field: str) -> date:
    try:
        return date.fromisoformat(text or "")
    except ValueError:
        raise InvalidInput(
            gettext_noop("Must be a date written as YYYY-MM-DD."), field=field
        ) from None


# --- organizational life, training, appraisal -------------------------------------------------


class OrgLifeForm(forms.Form):
    organization = forms.ModelChoiceField(
        queryset=PartyOrganization.objects.none(), label=gettext_lazy("Party organization")
    )
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=OrgLifeKind.choices)
    held_on = forms.DateField(label=gettext_lazy("Held on"), widget=DATE)
    topic = forms.CharField(label=gettext_lazy("Topic"), max_length=200)
    expected = forms.IntegerField(label=gettext_lazy("Members expected"), min_value=0)
    attendees = forms.ModelMultipleChoiceField(
        queryset=Person.objects.none(), label=gettext_lazy("Attended"), required=False
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = _orgs(user)
        self.fields["attendees"].queryset = _members(user)


@_staff
def org_life(request):
    today = local_today()
    year = _year(request, today.year)
    kind = request.GET.get("kind", "")
    if kind not in OrgLifeKind.values:
        kind = ""
    form = OrgLifeForm(request.POST or None, user=request.user)
    if submitted(request, form, lambda data: services.org_life_record(actor=request.user, **data)):
        messages.success(request, _("Recorded."))
        return redirect("assessment-org-life")
    qs = selectors.meetings_for(request.user, kind=kind, year=year)
    kinds = dict(OrgLifeKind.choices)
    if request.GET.get("format") == "xlsx":
        header = [_("Held on"), _("Village"), _("Party organization"), _("Kind"), _("Topic"),
                  _("Members expected"), _("Attended")]  # fmt: skip
        rows = (
            [
                m.held_on,
                m.village.name,
                m.organization.name,
                str(kinds[m.kind]),
                m.topic,
                m.expected,
                m.attended,
            ]  # fmt: skip
            for m in qs
        )
        return _xlsx(
            f"org-life-{year}", str(_("Organizational life")), [str(h) for h in header], rows
        )
    return render(
        request,
        "assessment/org_life.html",
        {
            "page": _page(request, qs),
            "form": form,
            "year": year,
            "kind": kind,
            "kinds": OrgLifeKind.choices,
            "extra_query": f"year={year}&amp;kind={kind}&amp;",
        },
    )


class TrainingForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label=gettext_lazy("Organized by"))
    course = forms.CharField(label=gettext_lazy("Course"), max_length=200)
    area = forms.ChoiceField(label=gettext_lazy("Area"), choices=TrainingArea.choices)
    mode = forms.ChoiceField(label=gettext_lazy("Mode"), choices=TrainingMode.choices)
    base = forms.CharField(label=gettext_lazy("Education base"), required=False, max_length=120)
    starts_on = forms.DateField(label=gettext_lazy("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=gettext_lazy("Ends on"), widget=DATE)
    hours = forms.IntegerField(label=gettext_lazy("Hours"), min_value=1)
    attendees = forms.ModelMultipleChoiceField(
        queryset=Person.objects.none(), label=gettext_lazy("Attended"), required=False
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(unit_scope_q(user)).order_by("path")
        self.fields["attendees"].queryset = _members(user)


@_staff
def training(request):
    today = local_today()
    year = _year(request, today.year)
    area = request.GET.get("area", "")
    if area not in TrainingArea.values:
        area = ""
    form = TrainingForm(request.POST or None, user=request.user)
    if submitted(request, form, lambda data: services.training_record(actor=request.user, **data)):
        messages.success(request, _("Recorded."))
        return redirect("assessment-training")
    qs = selectors.trainings_for(request.user, year=year, area=area)
    areas, modes = dict(TrainingArea.choices), dict(TrainingMode.choices)
    if request.GET.get("format") == "xlsx":
        header = [_("Course"), _("Organized by"), _("Area"), _("Mode"), _("Education base"),
                  _("Starts on"), _("Ends on"), _("Hours"), _("Attended"),
                  _("Person-hours")]  # fmt: skip
        rows = (
            [
                t.course,
                t.unit.name,
                str(areas[t.area]),
                str(modes[t.mode]),
                t.base,
                t.starts_on,
                t.ends_on,
                t.hours,
                t.attended,
                t.person_hours,
            ]  # fmt: skip
            for t in qs
        )
        return _xlsx(f"training-{year}", str(_("Training")), [str(h) for h in header], rows)
    return render(
        request,
        "assessment/training.html",
        {
            "page": _page(request, qs),
            "form": form,
            "year": year,
            "area": area,
            "areas": TrainingArea.choices,
            "summary": selectors.training_hours(request.user, year),
            "extra_query": f"year={year}&amp;area={area}&amp;",
        },
    )


class AppraisalForm(forms.Form):
    person = forms.ModelChoiceField(queryset=Person.objects.none(), label=gettext_lazy("Member"))
    grade = forms.ChoiceField(label=gettext_lazy("Grade"), choices=Grade.choices)
    appraised_on = forms.DateField(label=gettext_lazy("Appraised on"), widget=DATE)

    def __init__(self, *args: Any, user: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = selectors.committee_members(user, today).values_list("person_id", flat=True)
        self.fields["person"].queryset = Person.objects.filter(pk__in=ids).order_by(
            "village__path", "name"
        )


@_staff
def appraisals(request):
    today = local_today()
    year = _year(request, today.year)
    form = AppraisalForm(request.POST or None, user=request.user, today=today)

    def record(data: dict[str, Any]) -> None:
        services.appraisal_record(
            actor=request.user, person=data["person"], year=data["appraised_on"].year,
            grade=data["grade"], appraised_on=data["appraised_on"],
        )  # fmt: skip

    if submitted(request, form, record):
        messages.success(request, _("Recorded."))
        return redirect(f"{request.path}?year={form.cleaned_data['appraised_on'].year}")
    return render(
        request,
        "assessment/appraisals.html",
        {
            "page": _page(request, selectors.appraisals_for(request.user, year=year)),
            "flagged": selectors.incompetent_twice(request.user, year),
            "form": form,
            "year": year,
            "extra_query": f"year={year}&amp;",
        },
    )
