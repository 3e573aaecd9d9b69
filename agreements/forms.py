"""Forms of the agreements app: they validate input; the services decide."""

from __future__ import annotations

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement, FollowUpPeriod, Progress
from partners.categories import IncidentCategory
from partners.text import HubForm


class DateInput(forms.DateInput):
    input_type = "date"


class VersionForm(HubForm):
    body = forms.CharField(
        label=_("Text (Markdown)"), widget=forms.Textarea(attrs={"rows": 14}), max_length=100_000
    )
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput)
    valid_until = forms.DateField(label=_("Valid until"), widget=DateInput)

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end <= start:
            self.add_error("valid_until", _("The end date must be after the start date."))
        return data


class NewAgreementForm(VersionForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=Agreement.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    field_order = ["kind", "title", "body", "valid_from", "valid_until"]


class CommitmentForm(HubForm):
    category = forms.ChoiceField(
        label=_("Category"), choices=[("", "—"), *IncidentCategory.choices], required=False
    )
    response_target_hours = forms.IntegerField(
        label=_("Response target (hours)"), min_value=1, required=False
    )
    promise = forms.CharField(
        label=_("Promise"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        filled = [bool(data.get(name)) for name in ("category", "response_target_hours", "promise")]
        if any(filled) and not all(filled):
            raise forms.ValidationError(
                _("Fill in category, response target and promise, or leave the row empty.")
            )
        return data


CommitmentFormSet = formset_factory(CommitmentForm, extra=2)


def commitments_from(formset) -> list[dict]:  # type: ignore[no-untyped-def]
    return [form.cleaned_data for form in formset.forms if form.cleaned_data.get("category")]


class SignForm(HubForm):
    password = forms.CharField(
        label=_("Your password"),
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    totp_code = forms.CharField(
        label=_("Code from your authenticator app"),
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, uses_totp: bool = False, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        del self.fields["password" if uses_totp else "totp_code"]


class ReasonForm(HubForm):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class PeriodForm(HubForm):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    term = forms.ChoiceField(label=_("Period"), choices=FollowUpPeriod.Term.choices)


class FollowUpForm(HubForm):
    period = forms.TypedChoiceField(label=_("Period"), coerce=int)
    status = forms.ChoiceField(label=_("Status"), choices=Progress.choices)
    spent_sek = forms.IntegerField(
        label=_("Spent this year so far (SEK)"),
        min_value=0,
        help_text=_("Whole kronor, cumulative for the year."),
    )
    narrative = forms.CharField(
        label=_("Narrative"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, periods=(), measure=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(period.pk, period.label) for period in periods]
        if measure is not None and measure.budget_sek:
            from agreements.templatetags.agreements_tags import sek

            self.fields["spent_sek"].help_text = _(
                "Whole kronor, cumulative for the year. The allocation is %(allocated)s kr; "
                "more than that is saved but marked as over budget."
            ) % {"allocated": sek(measure.budget_sek)}
