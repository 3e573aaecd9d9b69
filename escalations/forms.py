"""Forms for raising and handling escalations."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from escalations.models import Urgency
from partners.text import HubForm


class EscalationForm(HubForm):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    summary = forms.CharField(
        label=pgettext_lazy("written summary", "Summary"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What has happened, what you need from leadership, and by when. Markdown is allowed."),
    )
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.NORMAL)
    source = forms.CharField(required=False, widget=forms.HiddenInput, max_length=100)
    source_id = forms.CharField(required=False, widget=forms.HiddenInput, max_length=20)


class AnswerForm(HubForm):
    answer = forms.CharField(label=_("Answer"), max_length=10000, widget=forms.Textarea(attrs={"rows": 6}))


class CloseForm(HubForm):
    decision = forms.CharField(
        label=_("Decision"), max_length=10000, widget=forms.Textarea(attrs={"rows": 4})
    )
