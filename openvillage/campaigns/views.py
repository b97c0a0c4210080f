"""Staff pages of the campaign: list and launch, board and ranking, items, an item's steps,
register import and export. Views parse, call a service or selector, and render."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from openvillage.campaigns import imports, selectors, services
from openvillage.campaigns.labels import RULES
from openvillage.campaigns.models import CleanupStatus, RegisterImport, Step
from openvillage.campaigns.rules import steps
from openvillage.core import permissions
from openvillage.core.clock import local_today
from openvillage.core.errors import InvalidInput, WrongState
from openvillage.org.models import Level, Unit

PAGE_SIZE = 50


def _staff(view):
    return login_required(view, login_url="staff-login")


def _villages(user):
    return Unit.objects.filter(permissions.unit_scope_q(user), level=Level.VILLAGE).order_by("code")


class LaunchForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    starts_on = forms.DateField(label=_("Starts on"))
    ends_on = forms.DateField(label=_("Ends on"))
    pilots = forms.ModelMultipleChoiceField(queryset=Unit.objects.none(), label=_("Pilot villages"),
                                            required=False)  # fmt: skip
    villages = forms.ModelMultipleChoiceField(queryset=Unit.objects.none(), label=_("Villages"),
                                              required=False)  # fmt: skip

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pilots"].queryset = _villages(user)
        self.fields["villages"].queryset = _villages(user)


@_staff
def campaigns(request):
    user = request.user
    can_launch = user.unit is not None and permissions.can_write(
        user, user.unit.path, permissions.CAMPAIGN_LAUNCH
    )
    form = LaunchForm(request.POST or None, user=user) if can_launch else None
    if form is not None and request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            campaign = services.campaign_launch(
                actor=user, county=user.unit, name=d["name"], starts_on=d["starts_on"],
                ends_on=d["ends_on"], villages=list(d["villages"]), pilots=list(d["pilots"]),
            )  # fmt: skip
        except InvalidInput as err:
            form.add_error(err.field if err.field in form.fields else None, err.translated())
        else:
            return redirect("campaigns-board", pk=campaign.pk)
    found = selectors.campaigns_for(user).select_related("county")
    return render(request, "campaigns/campaigns.html", {"campaigns": found, "form": form})


class CardForm(forms.Form):
    """Rule (c): a spot check found false reporting."""

    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label=_("Village or town"))
    detail = forms.CharField(label=_("What the spot check found"),
                             widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip

    def __init__(self, *args, campaign=None, **kwargs):
        super().__init__(*args, **kwargs)
        villages = campaign.villages.values("village")
        self.fields["unit"].queryset = Unit.objects.filter(
            Q(pk__in=villages) | Q(pk__in=Unit.objects.filter(pk__in=villages).values("parent"))
        ).order_by("code")


class WithdrawForm(forms.Form):
    catch_up = forms.CharField(label=_("Verified catch-up"),
                               widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip


def _can_card(user, campaign) -> bool:
    return permissions.can_write(user, campaign.county.path, permissions.CAMPAIGN_LAUNCH)


@_staff
def board(request, pk):
    campaign = selectors.campaign_for(request.user, pk)
    can_card = _can_card(request.user, campaign)
    form = CardForm(request.POST or None, campaign=campaign) if can_card else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            services.red_card_show(actor=request.user, campaign=campaign,
                                   unit=form.cleaned_data["unit"],
                                   detail=form.cleaned_data["detail"])  # fmt: skip
        except (InvalidInput, WrongState) as err:
            form.add_error(getattr(err, "field", None) if getattr(err, "field", None)
                           in form.fields else None, err.translated())  # fmt: skip
        else:
            return redirect("campaigns-board", pk=campaign.pk)
    return render(
        request,
        "campaigns/board.html",
        {"campaign": campaign, "towns": selectors.board(campaign, request.user),
         "weights": campaign.weights, "cards": selectors.red_cards(campaign, request.user),
         "withdrawn": selectors.red_cards(campaign, request.user, withdrawn=True)[:20],
         "card_form": form, "withdraw_form": WithdrawForm() if can_card else None},
    )  # fmt: skip


@_staff
@require_POST
def card_withdraw(request, pk):
    from openvillage.campaigns.models import RedCard

    card = selectors.red_cards(None, request.user).filter(pk=pk).first()
    if card is None:
        raise Http404
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Describe the catch-up that was verified."))
    else:
        try:
            services.red_card_withdraw(actor=request.user, card=card,
                                       catch_up=form.cleaned_data["catch_up"])  # fmt: skip
        except (InvalidInput, WrongState) as err:
            messages.error(request, err.translated())
        else:
            messages.success(request, _("The red card is withdrawn."))
    assert isinstance(card, RedCard)
    return redirect("campaigns-board", pk=card.campaign_id)


@_staff
def bulletin(request, pk):
    """The campaign's progress bulletin (通报) as a PDF, in the reader's language and scope."""
    from openvillage.campaigns import bulletin as campaign_bulletin

    campaign = selectors.campaign_for(request.user, pk)
    today = local_today()
    response = HttpResponse(
        campaign_bulletin.pdf(campaign, request.user, today), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="campaign-{campaign.pk}-{today}.pdf"'
    return response


@_staff
def items(request, pk):
    campaign = selectors.campaign_for(request.user, pk)
    filters = {
        "village": request.GET.get("village", "")[:12],
        "state": request.GET.get("state", "")[:20],
        "rule": request.GET.get("rule", "")[:5],
    }
    found = selectors.items_for(request.user, campaign, **filters)
    escalated = request.GET.get("escalated") == "1"
    if escalated:
        found = found.filter(
            pk__in=selectors.escalated_items(request.user, local_today()).values("pk")
        )
    if request.GET.get("format") == "xlsx":
        rows = list(found.select_related("arrears__contract", "idle_asset", "petition"))
        checks = selectors.sanitation_checks_for(request.user, campaign,
                                                 village=filters["village"])  # fmt: skip
        response = HttpResponse(
            imports.export(
                [i.contract for i in rows if i.contract is not None],
                [i.arrears for i in rows if i.arrears is not None],
                [i.idle_asset for i in rows if i.idle_asset is not None],
                checks if not (filters["state"] or filters["rule"] or escalated) else [],
                [i.petition for i in rows if i.petition is not None],
            ),  # fmt: skip
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = 'attachment; filename="contracts.xlsx"'
        return response
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "campaigns/items.html",
        {"campaign": campaign, "page": page, "filters": filters, "states": Step.choices,
         "rules": list(RULES.items()), "villages": _villages(request.user),
         "escalated": escalated},
    )  # fmt: skip


class StepForm(forms.Form):
    step = forms.ChoiceField(label=_("Step"), choices=())
    done_on = forms.DateField(label=_("Date"))
    person = forms.CharField(label=_("Person responsible"), max_length=60)
    evidence = forms.CharField(label=_("Evidence"), widget=forms.Textarea(attrs={"rows": 3}))
    opinion = forms.CharField(label=_("Legal opinion (step 3)"), required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
    cleanup_status = forms.ChoiceField(label=_("Clean-up status (step 3)"), required=False,
                                       choices=[("", "—"), *CleanupStatus.choices])  # fmt: skip
    open_case = forms.BooleanField(label=_("Open a decision case (step 4)"), required=False)

    def __init__(self, *args, state=steps.REGISTERED, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Step.choices)
        self.fields["step"].choices = [(s, labels[s]) for s in steps.next_steps(state)]


@_staff
def item(request, pk):
    found = selectors.item_for(request.user, pk)
    form = StepForm(request.POST or None, state=found.state)
    if request.method == "POST" and form.is_valid():
        try:
            services.item_step(actor=request.user, item=found,
                               data=services.StepInput(**form.cleaned_data))  # fmt: skip
        except InvalidInput as err:
            form.add_error(err.field if err.field in form.fields else None, err.translated())
        else:
            return redirect("campaigns-item", pk=found.pk)
    return render(
        request,
        "campaigns/item.html",
        {"item": found, "form": form, "flags": selectors.flags_of(found),
         "escalation": selectors.escalation(found, local_today()),
         "records": found.records.all(), "can_write": form.fields["step"].choices,
         "closed": found.state == Step.CLOSED},
    )  # fmt: skip


class ImportForm(forms.Form):
    register = forms.ChoiceField(
        label=_("Register"),
        choices=[(code, spec.label) for code, spec in imports.REGISTERS.items()],
    )
    village = forms.ModelChoiceField(queryset=Unit.objects.none(), label=_("Village"))
    file = forms.FileField(label=_("Register file (xlsx)"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        villages = _villages(user)
        self.fields["village"].queryset = villages
        only = list(villages[:2])
        if len(only) == 1:  # a village's own clerk: their village, chosen already
            self.fields["village"].initial = only[0].pk


@_staff
def register_import(request, pk):
    campaign = selectors.campaign_for(request.user, pk)
    wanted = request.GET.get("template", "")
    if wanted:
        spec = imports.REGISTERS.get(wanted, imports.REGISTERS["contracts"])  # "1": contracts
        response = HttpResponse(
            imports.template(spec.code),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{spec.template_name}"'
        return response
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        imports.register_import_create(
            actor=request.user, village=form.cleaned_data["village"], content=upload.read(),
            file_name=upload.name, campaign=campaign, register=form.cleaned_data["register"],
        )  # fmt: skip
        return redirect("campaigns-import", pk=campaign.pk)
    jobs = RegisterImport.objects.filter(
        permissions.unit_scope_q(request.user, "village__path"), campaign=campaign
    ).select_related("village")[:20]
    shown = [
        (job, imports.error_lines(job)[:50], imports.flag_lines(job),
         imports.REGISTERS[job.register].label if job.register in imports.REGISTERS else "")
        for job in jobs
    ]  # fmt: skip
    return render(request, "campaigns/import.html",
                  {"campaign": campaign, "form": form, "jobs": shown,
                   "registers": imports.REGISTERS.values()})  # fmt: skip


@_staff
@require_POST
def item_publish(request, pk):
    found = selectors.item_for(request.user, pk)
    services.item_result_submit(actor=request.user, item=found)  # domain errors: 403 / 409
    return redirect("campaigns-item", pk=found.pk)
