"""Staff forms of the registry. Syntax is checked here; the services check the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from openvillage.core.forms import DATE
from openvillage.org.models import (
    Body,
    Education,
    EndReason,
    Gender,
    PartyStatus,
    PostKind,
)


class PersonForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=60)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices)
    birth_date = forms.DateField(label=_("Birth date"), widget=DATE)
    id_number = forms.CharField(
        label=_("ID number"),
        max_length=18,
        required=False,
        help_text=_("Kept only as a keyed hash and a masked form; leave empty to keep it."),
    )
    education = forms.ChoiceField(
        label=_("Education"), choices=[("", "—"), *Education.choices], required=False
    )
    phone = forms.CharField(label=_("Mobile phone"), max_length=20, required=False)
    party_status = forms.ChoiceField(label=_("Party membership"), choices=PartyStatus.choices)
    party_joined_on = forms.DateField(label=_("Joined the party on"), required=False, widget=DATE)


class TermStartForm(forms.Form):
    body = forms.ChoiceField(label=_("Body"), choices=Body.choices)
    post = forms.ChoiceField(label=_("Post"), choices=PostKind.choices)
    started_on = forms.DateField(label=_("Started on"), widget=DATE)


class TermEndForm(forms.Form):
    ended_on = forms.DateField(label=_("Ended on"), widget=DATE)
    end_reason = forms.ChoiceField(label=_("Reason"), choices=EndReason.choices)
