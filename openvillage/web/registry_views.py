"""Staff pages that change the registry: people and their terms. Each calls one service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from openvillage.core.errors import DomainError
from openvillage.core.forms import attach_error
from openvillage.core.permissions import ORG, require_write
from openvillage.org import selectors, services
from openvillage.org.models import Term
from openvillage.web.forms import PersonForm, TermEndForm, TermStartForm


@login_required(login_url="staff-login")
@require_http_methods(["GET", "POST"])
def person_add(request, code: str):
    village = selectors.unit_for_staff(request.user, code)
    require_write(request.user, village.path, ORG)
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(
                actor=request.user, village=village, **form.cleaned_data
            )
        except DomainError as error:
            attach_error(form, error)
        else:
            messages.success(request, _("%(name)s was registered.") % {"name": person.name})
            return redirect("staff-person", pk=person.pk)
    return render(request, "web/staff/person_form.html", {"form": form, "village": village})


@login_required(login_url="staff-login")
@require_http_methods(["GET", "POST"])
def person_edit(request, pk: int):
    person = selectors.person_for_staff(request.user, pk)
    require_write(request.user, person.village.path, ORG)
    initial = {f: getattr(person, f) for f in PersonForm.base_fields if f != "id_number"}
    form = PersonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if not data["id_number"]:
            data.pop("id_number")
        try:
            services.person_update(actor=request.user, person=person, **data)
        except DomainError as error:
            attach_error(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("staff-person", pk=person.pk)
    return render(
        request,
        "web/staff/person_form.html",
        {"form": form, "village": person.village, "person": person},
    )


@login_required(login_url="staff-login")
@require_http_methods(["GET", "POST"])
def term_add(request, pk: int):
    person = selectors.person_for_staff(request.user, pk)
    require_write(request.user, person.village.path, ORG)
    form = TermStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.term_start(
                actor=request.user, village=person.village, person=person, **form.cleaned_data
            )
        except DomainError as error:
            attach_error(form, error)
        else:
            messages.success(request, _("The term was recorded."))
            return redirect("staff-person", pk=person.pk)
    return render(request, "web/staff/term_form.html", {"form": form, "person": person})


@login_required(login_url="staff-login")
@require_POST
def term_end(request, pk: int):
    term = get_object_or_404(Term.objects.select_related("village", "person"), pk=pk)
    selectors.person_for_staff(request.user, term.person_id)  # scope check before anything else
    form = TermEndForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the end date and the reason."))
    else:
        try:
            services.term_end(
                actor=request.user,
                term=term,
                ended_on=form.cleaned_data["ended_on"],
                reason=form.cleaned_data["end_reason"],
            )
        except DomainError as error:
            messages.error(request, error.translated())
        else:
            messages.success(request, _("The term was ended; it stays in the history."))
    return redirect("staff-person", pk=term.person_id)
