"""Staff accounts in the console: list, create, switch off or on, set a new password."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from openvillage.accounts import services
from openvillage.accounts.models import User
from openvillage.core.errors import DomainError
from openvillage.core.forms import attach_error
from openvillage.core.permissions import ACCOUNTS, can_write, unit_scope_q
from openvillage.core.roles import Role
from openvillage.org.models import Person
from openvillage.org.selectors import units_visible_to


def _may_manage(user) -> bool:
    return user.is_superuser or (
        user.unit is not None and can_write(user, user.unit.path, ACCOUNTS)
    )


class AccountForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("Username"), max_length=150)
    full_name = forms.CharField(label=gettext_lazy("Full name"), max_length=150)
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=Role.choices)
    unit = forms.ChoiceField(label=gettext_lazy("Unit"))
    email = forms.EmailField(label=gettext_lazy("E-mail"), required=False)
    password = forms.CharField(label=gettext_lazy("Password"), widget=forms.PasswordInput)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {u.code: u for u in units}
        self.fields["unit"].choices = [(u.code, f"{u.name} ({u.code})") for u in units]


@login_required(login_url="staff-login")
def accounts(request):
    if not _may_manage(request.user):
        raise PermissionDenied
    qs = (
        User.objects.filter(unit_scope_q(request.user, "unit__path"))
        .select_related("unit", "person__village")
        .order_by("unit__code", "username")
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "web/staff/accounts.html", {"page": page})


@login_required(login_url="staff-login")
@require_http_methods(["GET", "POST"])
def account_add(request):
    if not _may_manage(request.user):
        raise PermissionDenied
    units = list(units_visible_to(request.user).order_by("code"))
    form = AccountForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.staff_account_create(
                actor=request.user,
                username=data["username"],
                password=data["password"],
                role=data["role"],
                unit=form.units[data["unit"]],
                full_name=data["full_name"],
                email=data["email"],
            )
        except DomainError as error:
            attach_error(form, error)
        else:
            messages.success(
                request, _("The account %(username)s was created.") % {"username": user.username}
            )
            return redirect("staff-accounts")
    return render(request, "web/staff/account_form.html", {"form": form})


@login_required(login_url="staff-login")
@require_POST
def account_action(request, pk: int, action: str):
    user = get_object_or_404(User.objects.select_related("unit"), pk=pk)
    try:
        if action == "off":
            services.staff_account_set_active(
                actor=request.user, user=user, active=False, reason=request.POST.get("reason", "")
            )
        elif action == "on":
            services.staff_account_set_active(actor=request.user, user=user, active=True)
        elif action == "password":
            services.staff_account_set_password(
                actor=request.user, user=user, password=request.POST.get("password", "")
            )
        else:
            raise PermissionDenied
    except DomainError as error:
        if error.http_status == 403:
            raise PermissionDenied from error
        messages.error(request, error.translated())
    else:
        messages.success(
            request, _("The account %(username)s was changed.") % {"username": user.username}
        )
    return redirect("staff-accounts")


@login_required(login_url="staff-login")
@require_http_methods(["GET", "POST"])
def account_person(request, pk: int):
    """Link an account to its person in the registry: search by name, pick one, or unlink."""
    user = get_object_or_404(User.objects.select_related("unit", "person"), pk=pk)
    if user.unit is None or not can_write(request.user, user.unit.path, ACCOUNTS):
        raise PermissionDenied
    if request.method == "POST":
        chosen = None
        if "unlink" not in request.POST:
            people = Person.objects.filter(village__path__startswith=user.unit.path)
            chosen = get_object_or_404(people, pk=request.POST.get("person") or 0)
        try:
            services.staff_account_link_person(actor=request.user, user=user, person=chosen)
        except DomainError as error:
            if error.http_status == 403:
                raise PermissionDenied from error
            messages.error(request, error.translated())
            return redirect("staff-account-person", pk=user.pk)
        messages.success(
            request, _("The account %(username)s was changed.") % {"username": user.username}
        )
        return redirect("staff-accounts")
    query = request.GET.get("q", "").strip()[:60]
    found = []
    if query:
        found = list(
            Person.objects.filter(village__path__startswith=user.unit.path, name__contains=query)
            .select_related("village")
            .order_by("village__code", "name", "id")[:30]
        )
    context = {"account": user, "query": query, "found": found}
    return render(request, "web/staff/account_person.html", context)
