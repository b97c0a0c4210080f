"""Staff pages (power list, cases, violations) and the public page of a closed case.

Views parse a form, call a service or selector, and render; a refused step (WrongState) is shown
as a message with the engine's reason on the case page, and answered with status 409.
"""

from __future__ import annotations

import re

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from openvillage.core.clock import local_today
from openvillage.core.errors import DomainError, InvalidInput, NotFound
from openvillage.core.permissions import (
    DECISIONS,
    SUPERVISION_FLAG,
    can_write,
    require_read,
    unit_scope_q,
)
from openvillage.core.text import gettext_noop
from openvillage.decisions import labels, pdf, selectors, services, stats, store
from openvillage.decisions.models import PowerListVersion, StepFlag, StepRecord
from openvillage.org import picker
from openvillage.org import selectors as org_selectors
from openvillage.org.listfilter import list_filter
from openvillage.org.models import Level, Unit

PAGE_SIZE = 50


def _staff(view):
    return login_required(view, login_url="staff-login")


class CaseForm(forms.Form):
    village = forms.ModelChoiceField(queryset=Unit.objects.none(), label=gettext_lazy("Village"))
    power_code = forms.ChoiceField(label=gettext_lazy("Power"))
    amount = forms.IntegerField(label=gettext_lazy("Amount (yuan)"), required=False, min_value=0)
    variant = forms.CharField(label=gettext_lazy("Variant"), required=False)
    description = forms.CharField(label=gettext_lazy("Description"), widget=forms.Textarea)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        villages = Unit.objects.filter(unit_scope_q(user), level=Level.VILLAGE).order_by("code")
        self.fields["village"].queryset = villages
        power_list = store.parsed(store.current_version())
        self.fields["power_code"].choices = [(p.code, p.name) for p in power_list.powers]


ATTENDEE_SEPARATORS = re.compile(r"[,，、;；\n]+")


def _attendee_ids(text: str, *, user, village) -> tuple[int, ...]:
    """The people signed in, typed by name (the people picker's rules: a namesake needs the
    masked ID shown after the name); a person number is still taken from older clients."""
    ids = []
    for item in (x.strip() for x in ATTENDEE_SEPARATORS.split(text or "")):
        if not item:
            continue
        if item.isdigit() or village is None:
            if not item.isdigit():
                raise InvalidInput(gettext_noop("Type the person's name."), field="attendees")
            ids.append(int(item))
        else:
            ids.append(picker.resolve(user, item, village=village, field="attendees").pk)
    return tuple(ids)


class StepForm(forms.Form):
    step = forms.CharField(label=gettext_lazy("Step"))
    held_on = forms.DateField(label=gettext_lazy("Date"))
    body = forms.CharField(label=gettext_lazy("Body"), required=False)
    place = forms.CharField(label=gettext_lazy("Place"), required=False)
    notice_given_on = forms.DateField(label=gettext_lazy("Notice given on"), required=False)
    should_attend = forms.IntegerField(
        label=gettext_lazy("Should attend"),
        required=False,
        help_text=gettext_lazy(
            "Only for villagers', representatives' and group meetings; committees and party "
            "members come from the registry."
        ),
    )
    present = forms.IntegerField(label=gettext_lazy("Present"), required=False)
    attendees = forms.CharField(
        label=gettext_lazy("Signed in (names, separated by commas)"), required=False
    )
    votes_for = forms.IntegerField(label=gettext_lazy("Votes for"), initial=0, required=False)
    votes_against = forms.IntegerField(label=gettext_lazy("Against"), initial=0, required=False)
    votes_abstain = forms.IntegerField(label=gettext_lazy("Abstaining"), initial=0, required=False)
    approved = forms.NullBooleanField(label=gettext_lazy("Approved"), required=False)
    authorized = forms.BooleanField(
        label=gettext_lazy("Authorized by the villagers' meeting"), required=False
    )
    merged = forms.BooleanField(label=gettext_lazy("Steps 1 and 2 as one meeting"), required=False)
    minutes = forms.CharField(label=gettext_lazy("Minutes"), widget=forms.Textarea, required=False)
    evidence_kind = forms.CharField(label=gettext_lazy("Evidence kind"), required=False)
    evidence = forms.FileField(label=gettext_lazy("Evidence file"), required=False)

    def __init__(self, *args, steps=(), **kwargs):
        super().__init__(*args, **kwargs)
        if steps:
            self.fields["step"] = forms.ChoiceField(
                label=gettext_lazy("Step"),
                choices=[(s.code, labels.label("step", s.code)) for s in steps],
            )
        self.fields["evidence_kind"] = forms.ChoiceField(
            label=gettext_lazy("Evidence kind"),
            required=False,
            choices=[("", "—"), *sorted(labels.choices("evidence"), key=lambda c: c[1])],
        )

    def step_input(self, files, *, user=None, village=None) -> services.StepInput:
        d = self.cleaned_data
        ids = _attendee_ids(d["attendees"], user=user, village=village)
        upload = files.get("evidence")
        evidence = ()
        if upload is not None:
            evidence = ((d["evidence_kind"] or "minutes", upload.name, upload.read()),)
        return services.StepInput(
            step=d["step"],
            held_on=d["held_on"],
            body=d["body"] or None,
            place=d["place"],
            notice_given_on=d["notice_given_on"],
            should_attend=d["should_attend"],
            present=d["present"],
            attendee_ids=ids,
            votes_for=d["votes_for"] or 0,
            votes_against=d["votes_against"] or 0,
            votes_abstain=d["votes_abstain"] or 0,
            approved=d["approved"],
            authorized=d["authorized"],
            minutes=d["minutes"],
            evidence=evidence,
        )


@_staff
@require_http_methods(["GET", "POST"])
def powers(request):
    """The current power list by category, with procedures and steps; county publishes anew."""
    if request.method == "POST":
        upload = request.FILES.get("yaml_file")
        text = upload.read().decode("utf-8", "replace") if upload else ""
        try:
            version = services.powerlist_publish(actor=request.user, yaml_text=text)
        except InvalidInput as err:
            messages.error(request, labels.explain(err))
        else:
            messages.success(request, _("Power list %(v)s published.") % {"v": version.version})
        return redirect("decisions-powers")
    current = store.current_version()
    power_list = store.parsed(current)
    categories = [
        (c, power_list.in_category(c))
        for c in ("public_power_matter", "convenience_service_matter")
    ]
    return render(
        request,
        "decisions/powers.html",
        {
            "current": current,
            "power_list": power_list,
            "categories": categories,
            "versions": PowerListVersion.objects.only(
                "region", "version", "loaded_at", "is_current", "sha256"
            ),
        },
    )


@_staff
@require_http_methods(["GET", "POST"])
def cases(request):
    form = CaseForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            case = services.case_open(
                actor=request.user,
                village=d["village"],
                power_code=d["power_code"],
                amount=d["amount"],
                description=d["description"],
                variant=d["variant"],
            )
        except InvalidInput as err:
            form.add_error(err.field if err.field in form.fields else None, labels.explain(err))
        else:
            return redirect("decisions-case", pk=case.pk)
    status = request.GET.get("status", "")[:10]
    lf = list_filter(request, stats.CASE_FIGURES)
    qs = lf.narrow(selectors.cases_for_staff(request.user, status=status), "unit_path")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    extra = lf.query + (f"status={status}&" if status else "")
    context = {"page": page, "form": form, "lf": lf, "extra_query": extra}
    return render(request, "decisions/cases.html", context)


def _case_page(request, case, form=None, status=200):
    view = selectors.case_view(case, local_today())
    user = request.user
    return render(
        request,
        "decisions/case.html",
        {
            "view": view,
            "case": case,
            "form": form
            or StepForm(
                initial={"step": view.next.step.code if view.next and view.next.step else ""},
                steps=view.procedure.steps,
            ),
            "can_write": can_write(user, case.unit_path, DECISIONS),
            "staff_view": True,
            "can_flag": can_write(user, case.unit_path, SUPERVISION_FLAG),
            "objections": case.objections.all(),
            "flags": case.flags.select_related("record"),
        },
        status=status,
    )


@_staff
@require_http_methods(["GET", "POST"])
def case_detail(request, pk: int):
    case = selectors.case_for_staff(request.user, pk)
    if request.method == "GET":
        return _case_page(request, case)
    form = StepForm(request.POST, request.FILES, steps=services.procedure_of(case).steps)
    if not form.is_valid():
        return _case_page(request, case, form, status=422)
    try:
        data = form.step_input(request.FILES, user=request.user, village=case.village)
        if form.cleaned_data["merged"]:
            second = services.StepInput(**{**data.__dict__, "step": "consultation", "evidence": ()})
            services.step_merge(actor=request.user, case=case, proposal=data, consultation=second)
        else:
            services.meeting_record(actor=request.user, case=case, data=data)
    except DomainError as err:
        if err.http_status == 403:
            raise
        if err.field in form.fields:
            form.add_error(err.field, labels.explain(err))
        else:
            form.add_error(None, labels.explain(err))
        return _case_page(request, case, form, status=err.http_status)
    messages.success(request, _("Step recorded."))
    return redirect("decisions-case", pk=pk)


ACTIONS = (
    "publish_resolution",
    "publish_result",
    "objection",
    "answer",
    "flag",
    "flag_answer",
    "close",
    "notice",
)


@_staff
@require_POST
def case_action(request, pk: int, action: str):
    case = selectors.case_for_staff(request.user, pk)
    if action not in ACTIONS:
        raise NotFound(gettext_noop("No such action."))
    post, user = request.POST, request.user
    try:
        if action in ("publish_resolution", "publish_result"):
            func = (
                services.case_publish_resolution
                if action == "publish_resolution"
                else services.case_publish_result
            )
            result = func(
                actor=user, case=case, title=post.get("title", ""), body=post.get("body", "")
            )
            if result.record is None:
                messages.info(
                    request, _("Submitted to the town for review; publish once approved.")
                )
        elif action == "objection":
            from datetime import date

            services.case_objection_record(
                actor=user, case=case, text=post.get("text", ""),
                received_on=date.fromisoformat(post.get("received_on") or str(local_today())),
            )  # fmt: skip
        elif action == "answer":
            objection = case.objections.filter(pk=post.get("objection")).first()
            if objection is None:
                raise NotFound(gettext_noop("No such objection."))
            services.case_objection_answer(
                actor=user, objection=objection, answer=post.get("answer", "")
            )
        elif action == "flag":
            record = StepRecord.objects.filter(case=case, pk=post.get("record")).first()
            if record is None:
                raise NotFound(gettext_noop("No such step record."))
            services.step_flag(actor=user, record=record, reason=post.get("reason", ""))
        elif action == "flag_answer":
            flag = StepFlag.objects.filter(case=case, pk=post.get("flag")).first()
            if flag is None:
                raise NotFound(gettext_noop("No such flag."))
            services.flag_answer(
                actor=user, flag=flag, answer=post.get("answer", ""), redo=post.get("redo") == "1"
            )
        elif action == "notice":
            from datetime import date

            notice = services.notice_record(
                actor=user, case=case, step_code=post.get("step", ""),
                notice_given_on=date.fromisoformat(post.get("notice_given_on", "")),
                body=post.get("body") or None,
            )  # fmt: skip
            messages.success(
                request,
                _("Notice given on %(given)s: the meeting may be held from %(from)s.")
                % {
                    "given": notice.notice_given_on.isoformat(),
                    "from": services.notice_from(case, notice).isoformat(),
                },
            )
        else:
            services.case_close(actor=user, case=case, reason=post.get("reason", ""))
    except ValueError:
        messages.error(request, _("Enter a valid date."))
    except DomainError as err:
        if err.http_status in (403, 404):
            raise
        messages.error(request, labels.explain(err))
        return _case_page(request, case, status=err.http_status)
    return redirect("decisions-case", pk=pk)


@_staff
def case_pdf(request, pk: int):
    case = selectors.case_for_staff(request.user, pk)
    response = HttpResponse(pdf.case_record(case), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="case-{case.pk}.pdf"'
    return response


@_staff
def evidence_download(request, pk: int):
    """An evidence file of a step record, for those who may read the case (403 otherwise)."""
    evidence = selectors.evidence_for_staff(request.user, pk)
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.name,
        content_type=evidence.content_type,
    )


class ViolationForm(forms.Form):
    village = forms.ModelChoiceField(queryset=Unit.objects.none(), label=gettext_lazy("Village"))
    kind = forms.ChoiceField(label=gettext_lazy("Kind"))
    facts = forms.CharField(label=gettext_lazy("Facts"), widget=forms.Textarea)
    cadres = forms.CharField(label=gettext_lazy("Cadres (person numbers)"), required=False)
    evidence_note = forms.CharField(label=gettext_lazy("Evidence"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        villages = Unit.objects.filter(unit_scope_q(user), level=Level.VILLAGE).order_by("code")
        self.fields["village"].queryset = villages
        self.fields["kind"].choices = [
            (k, labels.label("misconduct", k)) for k in store.vocabulary()["misconduct"]
        ]


@_staff
@require_http_methods(["GET", "POST"])
def violations(request):
    form = ViolationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            ids = [int(x) for x in d["cadres"].replace("，", ",").split(",") if x.strip()]
            services.violation_record(
                actor=request.user, village=d["village"], kind=d["kind"], facts=d["facts"],
                cadre_ids=ids, evidence_note=d["evidence_note"],
            )  # fmt: skip
        except ValueError:
            form.add_error("cadres", _("Person numbers only."))
        except InvalidInput as err:
            form.add_error(err.field if err.field in form.fields else None, labels.explain(err))
        else:
            return redirect("decisions-violations")
    lf = list_filter(request, stats.VIOLATION_FIGURES)
    qs = lf.narrow(selectors.violations_for_staff(request.user), "unit_path")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "decisions/violations.html",
        {
            "page": page,
            "lf": lf,
            "extra_query": lf.query,
            "form": form,
            "counts": selectors.violation_counts(request.user),
            "vocabulary": store.vocabulary(),
        },
    )


@_staff
@require_POST
def measure_add(request, pk: int):
    from datetime import date

    violation = selectors.violations_for_staff(request.user).filter(pk=pk).first()
    if violation is None:
        raise NotFound(gettext_noop("No such violation."))
    person = violation.cadres.filter(pk=request.POST.get("person") or 0).first()
    try:
        services.accountability_add(
            actor=request.user, violation=violation, kind=request.POST.get("kind", ""),
            decided_on=date.fromisoformat(request.POST.get("decided_on", "")), person=person,
            note=request.POST.get("note", ""),
        )  # fmt: skip
    except ValueError:
        messages.error(request, _("Enter a valid date."))
    except InvalidInput as err:
        messages.error(request, labels.explain(err))
    return redirect("decisions-violations")


@_staff
def person_record(request, pk: int):
    person = org_selectors.person_for_staff(request.user, pk)
    record = selectors.person_record(request.user, person)
    return render(
        request,
        "decisions/person.html",
        {"person": person, **record, "vocabulary": store.vocabulary()},
    )


def public_cases(request, village_code: str):
    village = org_selectors.public_village(village_code)
    page = Paginator(selectors.public_cases(village), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "decisions/public_cases.html", {"village": village, "page": page})


def public_case(request, village_code: str, pk: int):
    """The record of a closed case. Evidence is listed by kind, name and SHA-256 (as in the
    ledger) but not downloadable: the domain notes publish the record, not its files (sign-in
    sheets and minutes carry villagers' names; disclosure.md masking)."""
    village = org_selectors.public_village(village_code)
    case = selectors.public_case(village, pk)
    view = selectors.case_view(case, local_today())
    return render(
        request,
        "decisions/public_case.html",
        {
            "village": village,
            "case": case,
            "view": view,
            "objections": case.objections.all(),
        },
    )


def public_case_pdf(request, village_code: str, pk: int):
    village = org_selectors.public_village(village_code)
    case = selectors.public_case(village, pk)
    response = HttpResponse(pdf.case_record(case), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="case-{case.pk}.pdf"'
    return response


@_staff
@require_http_methods(["GET", "POST"])
def reviews(request):
    """The supervision committee's queue: steps waiting for its review, approve or return each."""
    user, status = request.user, 200
    if request.method == "POST":
        record = StepRecord.objects.select_related("case").filter(pk=request.POST.get("record"))
        record = record.first()
        if record is None:
            raise NotFound(gettext_noop("No such step record."))
        require_read(user, record.case.unit_path)
        approve = request.POST.get("decision") == "approve"
        try:
            services.step_review(
                actor=user, record=record, approve=approve, reason=request.POST.get("reason", "")
            )
        except DomainError as err:
            if err.http_status in (403, 404):
                raise
            messages.error(request, labels.explain(err))
            status = err.http_status
        else:
            messages.success(
                request, _("Step approved.") if approve else _("Step returned to the village.")
            )
            return redirect("decisions-reviews")
    page = Paginator(selectors.steps_awaiting_review(user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [(r, can_write(user, r.case.unit_path, SUPERVISION_FLAG)) for r in page.object_list]
    return render(request, "decisions/reviews.html", {"page": page, "rows": rows}, status=status)
