"""The county administrator's API tokens: issue one (its key shown once), list, revoke."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from openvillage.accounts import tokens
from openvillage.accounts.models import ApiToken
from openvillage.core.errors import DomainError
from openvillage.core.forms import attach_error


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("System that will use it"),
        max_length=80,
        help_text=gettext_lazy("For example: the county's big-data platform."),
    )


def _require_issuer(user) -> None:
    if not tokens.may_issue(user):
        raise PermissionDenied


@login_required(login_url="staff-login")
@require_http_methods(["GET", "POST"])
def api_tokens(request):
    """List the account's tokens; a POST issues one and shows its key on this response only."""
    _require_issuer(request.user)
    form = TokenForm(request.POST or None)
    issued_key = ""
    if request.method == "POST" and form.is_valid():
        try:
            _token, issued_key = tokens.api_token_issue(
                actor=request.user, name=form.cleaned_data["name"]
            )
        except DomainError as error:
            attach_error(form, error)
        else:
            form = TokenForm()
    rows = ApiToken.objects.filter(user=request.user).order_by("revoked_at", "-created_at")
    response = render(
        request,
        "accounts/api_tokens.html",
        {"form": form, "tokens": rows, "issued_key": issued_key},
    )
    if issued_key:
        response["Cache-Control"] = "no-store"  # the key is on this page once: keep no copy
    return response


@login_required(login_url="staff-login")
@require_POST
def api_token_revoke(request, pk: int):
    _require_issuer(request.user)
    token = ApiToken.objects.filter(pk=pk, user=request.user).first()
    if token is None:
        raise PermissionDenied
    try:
        tokens.api_token_revoke(actor=request.user, token=token)
    except DomainError as error:
        messages.error(request, error.translated())
    else:
        messages.success(request, _("The token was revoked: its key no longer works."))
    return redirect("staff-api-tokens")
