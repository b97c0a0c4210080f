"""Form helpers every app's views share: a service's refusal shown on the form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms

from openvillage.core.errors import DomainError

DATE = forms.DateInput(attrs={"type": "date"})


def attach_error(form: forms.Form, error: DomainError) -> None:
    """Show a service's refusal on the field it names, or above the form."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.translated())


def submitted(request: Any, form: forms.Form, call: Callable[[dict[str, Any]], Any]) -> bool:
    """On a POST with a valid form, run ``call(form.cleaned_data)`` (the service); a refusal is
    shown on the form. True when the service did its write, for the view to redirect."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        call(form.cleaned_data)
    except DomainError as err:
        attach_error(form, err)
        return False
    return True
