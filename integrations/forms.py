"""Forms of the integrations page: a new API key, a new webhook subscription."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from integrations.models import ApiKey, WebhookEvent
from partners.text import HubForm


class ApiKeyForm(HubForm):
    name = forms.CharField(label=_("Name"), max_length=80, help_text=_("Which system uses the key."))
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"),
        choices=ApiKey.Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[ApiKey.Scope.READ],
    )
    expires_on = forms.DateField(
        label=_("Expires on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty for a key that does not expire."),
    )


class WebhookForm(HubForm):
    url = forms.CharField(label=_("Address (https://…)"), max_length=400)
    events = forms.MultipleChoiceField(
        label=_("Events"), choices=WebhookEvent.choices, widget=forms.CheckboxSelectMultiple
    )
