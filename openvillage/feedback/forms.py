"""Forms of villagers' messages: syntax here, rules in services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from openvillage.feedback.models import Kind, Topic
from openvillage.org.models import Term


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


class TermChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Term) -> str:
        return f"{obj.person.name} · {obj.get_post_display()} ({obj.get_body_display()})"


class MessageForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    module = forms.ChoiceField(label=_("About"), required=False)
    text = forms.CharField(label=_("Your message"), widget=forms.Textarea(attrs={"rows": 5}))
    named_term = TermChoice(
        label=_("Is it about a village cadre? (optional)"),
        queryset=Term.objects.none(),
        required=False,
    )
    anonymous = forms.BooleanField(
        label=_("Do not show my name to the public (reports of misconduct only)"), required=False
    )
    private = forms.BooleanField(label=_("Keep the reply private"), required=False)
    images = MultipleFileField(label=_("Photos (JPEG or PNG)"), required=False)

    def __init__(self, *args, village, modules, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module"].choices = [("", _("The village in general")), *modules]
        self.fields["named_term"].queryset = (
            Term.objects.filter(village=village, ended_on__isnull=True)
            .select_related("person")
            .order_by("body", "post", "id")
        )


class TextForm(forms.Form):
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 4}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class TopicForm(forms.Form):
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices)


class RateForm(forms.Form):
    satisfaction = forms.TypedChoiceField(
        label=_("How satisfied are you with the answer?"),
        coerce=int,
        choices=[(5, "5"), (4, "4"), (3, "3"), (2, "2"), (1, "1")],
    )
