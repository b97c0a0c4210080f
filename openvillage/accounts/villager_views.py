"""Villager sign-up and own page (public, mobile first, no JavaScript), and the clerk's pages
for villager accounts. Views parse, call one service in accounts.villagers, and render."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from openvillage.accounts import villagers
from openvillage.accounts.models import Villager
from openvillage.accounts.throttle import client_address
from openvillage.accounts.villager_session import (
    TICKET_KEY,
    current_villager,
    villager_login,
    villager_logout,
    villager_required,
)
from openvillage.core.errors import DomainError, InvalidInput
from openvillage.core.forms import attach_error
from openvillage.core.masking import mask_name
from openvillage.core.permissions import ORG, can_write
from openvillage.org import selectors
from openvillage.org.models import RollEntry, Unit

PAGE_SIZE = 50


class JoinForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Your name"), max_length=60)
    id_number = forms.CharField(
        label=gettext_lazy("ID number"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}),
    )
    phone = forms.CharField(
        label=gettext_lazy("Mobile number"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code from the text message"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


@require_http_methods(["GET", "POST"])
def join(request, village_code: str):
    village = selectors.public_village(village_code)
    form = JoinForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                ticket = villagers.villager_signup_start(
                    village=village, address=client_address(request), **form.cleaned_data
                )
            except DomainError as error:
                status = error.http_status
                attach_error(form, error)
            else:
                request.session[TICKET_KEY] = {
                    "ticket": ticket.ticket,
                    "village": village.code,
                    "phone": ticket.phone_masked,
                }
                return redirect("villager-join-confirm", village_code=village.code)
    context = {"village": village, "form": form}
    return render(request, "accounts/join.html", context, status=status)


@require_http_methods(["GET", "POST"])
def join_confirm(request, village_code: str):
    village = selectors.public_village(village_code)
    pending = request.session.get(TICKET_KEY)
    if not pending or pending.get("village") != village.code:
        return redirect("villager-join", village_code=village.code)
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                villager = villagers.villager_signup_confirm(
                    ticket=pending["ticket"], code=form.cleaned_data["code"]
                )
            except DomainError as error:
                status = error.http_status
                attach_error(form, error)
            else:
                request.session.pop(TICKET_KEY, None)
                villager_login(request, villager)
                return redirect("villager-me")
    sent = villagers.neutral_answer(village.name, pending["phone"])
    context = {"village": village, "form": form, "sent": sent}
    return render(request, "accounts/join_confirm.html", context, status=status)


@require_safe
@villager_required
def me(request):
    villager = current_villager(request)
    person = villager.roll_entry.person
    context = {
        "villager": villager,
        "name_masked": mask_name(person.name),
        "phone_masked": villager.phone,  # stored masked (core.crypto)
    }
    return render(request, "accounts/me.html", context)


@require_POST
def sign_out(request):
    villager_logout(request)
    return redirect("public-home")


# --- staff: the clerk's pages ---------------------------------------------------------------


def _staff_village(request, code: str) -> Unit:
    village = selectors.unit_for_staff(request.user, code)
    if not village.is_village:
        raise InvalidInput(_("Villager accounts belong to a village; choose one."))
    return village


@login_required(login_url="staff-login")
@require_safe
def staff_villagers(request, code: str):
    village = _staff_village(request, code)
    qs = (
        Villager.objects.filter(village=village)
        .select_related("roll_entry__person", "roll_entry__household", "verified_by_staff")
        .order_by("revoked_at", "-verified_at", "-id")
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    for villager in page:
        villager.phone_masked = villager.phone  # stored masked
    context = {
        "village": village,
        "page": page,
        "can_write": can_write(request.user, village.path, ORG),
    }
    return render(request, "accounts/staff_villagers.html", context)


class RollEntryChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: RollEntry) -> str:
        person = obj.person
        return f"{person.name} · {person.id_masked or '—'} · {obj.household.number}"


class VerifyInPersonForm(forms.Form):
    roll_entry = RollEntryChoice(label=gettext_lazy("Person on the roll"), queryset=None)
    phone = forms.CharField(label=gettext_lazy("Mobile number"), max_length=20)

    def __init__(self, *args, village: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        # Entries without an active account: a revoked one may be restored here.
        self.fields["roll_entry"].queryset = (
            RollEntry.objects.filter(household__village=village)
            .exclude(villager__revoked_at__isnull=True, villager__isnull=False)
            .select_related("person", "household")
            .order_by("person__name", "id")
        )


@login_required(login_url="staff-login")
@require_http_methods(["GET", "POST"])
def staff_verify_in_person(request, code: str):
    village = _staff_village(request, code)
    form = VerifyInPersonForm(request.POST or None, village=village)
    if request.method == "POST" and form.is_valid():
        try:
            villager = villagers.villager_verify_in_person(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            attach_error(form, error)
        else:
            name = villager.roll_entry.person.name
            messages.success(request, _("%(name)s is verified.") % {"name": name})
            return redirect("staff-villagers", code=village.code)
    return render(
        request, "accounts/staff_villager_verify.html", {"village": village, "form": form}
    )


@login_required(login_url="staff-login")
@require_POST
def staff_revoke(request, pk: int):
    villager = get_object_or_404(Villager.objects.select_related("village"), pk=pk)
    selectors.unit_for_staff(request.user, villager.village.code)  # scope check first
    try:
        villagers.villager_revoke(
            actor=request.user, villager=villager, reason=request.POST.get("reason", "")
        )
    except DomainError as error:
        messages.error(request, error.translated())
    else:
        messages.success(request, _("The account was revoked."))
    return redirect("staff-villagers", code=villager.village.code)
