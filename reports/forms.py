"""Forms of the reports part; they validate input, services do the work."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from partners.categories import IncidentCategory
from partners.models import Area, Organisation
from partners.text import HubForm
from reports.models import Report


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    """Several files in one input; their content is checked by the service, not here."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp", "multiple": True})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > settings.REPORTS_MAX_PHOTOS:
            raise forms.ValidationError(
                _("At most %(count)s photos per report."), params={"count": settings.REPORTS_MAX_PHOTOS}
            )
        return [super(MultiplePhotoField, self).clean(item, initial) for item in files]


class CoordinateField(forms.DecimalField):
    """Accepts a decimal comma as well as a point (59,1712 or 59.1712)."""

    def to_python(self, value: Any) -> Decimal | None:
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        try:
            return super().to_python(value)
        except (InvalidOperation, forms.ValidationError):
            raise forms.ValidationError(_("Enter a number such as 59.1712."), code="invalid")


class ReportForm(HubForm):
    area = forms.ModelChoiceField(
        label=_("Area"), queryset=Area.objects.filter(is_active=True), empty_label=_("Choose an area")
    )
    category = forms.ChoiceField(
        label=_("Category"), choices=[("", _("Choose a category")), *IncidentCategory.choices]
    )
    place_text = forms.CharField(
        label=_("Place"),
        max_length=200,
        help_text=_("Street, building, stairwell or landmark, e.g. Poststigen 4, by the bicycle stand."),
    )
    latitude = CoordinateField(
        label=_("Latitude"),
        required=False,
        max_digits=8,
        decimal_places=6,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text=_("Optional, with the longitude: e.g. 59.1712"),
    )
    longitude = CoordinateField(
        label=_("Longitude"),
        required=False,
        max_digits=9,
        decimal_places=6,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text=_("Optional, with the latitude: e.g. 18.1395"),
    )
    occurred_at = forms.DateTimeField(
        label=_("When did it happen?"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    severity = forms.ChoiceField(
        label=_("Severity"), choices=Report.Severity.choices, initial=Report.Severity.MEDIUM
    )
    visibility = forms.ChoiceField(
        label=_("Who may see the report?"),
        choices=[
            (Report.Visibility.NETWORK, _("The whole network")),
            (
                Report.Visibility.RESTRICTED,
                _(
                    "Only my organisation, the responsible organisation, the police, "
                    "coordinators and municipal leadership"
                ),
            ),
        ],
        initial=Report.Visibility.NETWORK,
    )
    description = forms.CharField(label=_("What happened?"), widget=forms.Textarea, max_length=5000)
    photos = MultiplePhotoField(
        label=_("Photos"),
        required=False,
        help_text=_("Up to 5 photos, JPEG, PNG or WebP, at most 10 MB each. Location data is removed."),
    )


EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)


class FilterDateField(forms.DateField):
    """A date a person would filter by: far-off dates (year 1, year 9999) are a form error, not an
    overflow when the day is turned into a time range."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            required=False,
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            validators=[
                MinValueValidator(EARLIEST_DATE, message=_("Choose a date from 1900 on.")),
                MaxValueValidator(LATEST_DATE, message=_("Choose a date before 2101.")),
            ],
            **kwargs,
        )


class ReportFilterForm(HubForm):
    area = forms.ModelChoiceField(
        label=_("Area"), queryset=Area.objects.all(), required=False, empty_label=_("All areas")
    )
    category = forms.ChoiceField(
        label=_("Category"), choices=[("", _("All categories")), *IncidentCategory.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            ("", _("All statuses")),
            ("open", pgettext_lazy("reports", "Open")),
            ("overdue", _("Overdue")),
            *Report.Status.choices,
        ],
        required=False,
    )
    organisation = forms.ModelChoiceField(
        label=_("Responsible organisation"),
        queryset=Organisation.objects.all(),
        required=False,
        empty_label=_("All organisations"),
    )
    date_from = FilterDateField(label=_("From"))
    date_to = FilterDateField(label=_("To"))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end date is before the start date."))
        return data

    def filters(self) -> dict[str, Any]:
        """The valid filters; an invalid one is ignored rather than failing the list."""
        if not self.is_valid():
            return {key: value for key, value in self.cleaned_data.items() if key not in self.errors}
        return self.cleaned_data


class StepForm(HubForm):
    note = forms.CharField(
        label=pgettext_lazy("report step", "Note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
    )
    public_feedback = forms.CharField(
        label=_("Feedback for the public"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )


class ForwardForm(HubForm):
    to_organisation = forms.ModelChoiceField(
        label=_("Forward to"),
        queryset=Organisation.objects.filter(is_active=True),
        empty_label=_("Choose an organisation"),
    )
    note = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class RoutingRuleForm(HubForm):
    category = forms.ChoiceField(label=_("Category"), choices=IncidentCategory.choices)
    area = forms.ModelChoiceField(
        label=_("Area"),
        queryset=Area.objects.filter(is_active=True),
        required=False,
        empty_label=_("Any area"),
    )
    organisation = forms.ModelChoiceField(
        label=_("Responsible organisation"), queryset=Organisation.objects.filter(is_active=True)
    )
