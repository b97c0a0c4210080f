"""Form helpers every app's views share: a service's refusal shown on the form."""

from __future__ import annotations

from django import forms

from openvillage.core.errors import DomainError

DATE = forms.DateInput(attrs={"type": "date"})


def attach_error(form: forms.Form, error: DomainError) -> None:
    """Show a service's refusal on the field it names, or above the form."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.translated())
