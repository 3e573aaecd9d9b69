"""Forms of the situation picture; they parse input, services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from partners.categories import IncidentCategory
from partners.models import Area
from partners.text import HubForm
from reports.models import Report
from situation.models import AreaRating, Walk

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _datetime(label: Any, required: bool = True, help_text: Any = "") -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        widget=DATETIME_WIDGET,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=help_text,
    )


class CheckInForm(HubForm):
    year = forms.IntegerField(min_value=2000, max_value=2100)
    week = forms.IntegerField(min_value=1, max_value=53)


class RatingForm(HubForm):
    """One area's rating in the weekly round; "nothing to report" stays the one-click CheckInForm."""

    year = forms.IntegerField(min_value=2000, max_value=2100, widget=forms.HiddenInput)
    week = forms.IntegerField(min_value=1, max_value=53, widget=forms.HiddenInput)
    area = forms.ModelChoiceField(
        label=_("Area"), queryset=Area.objects.filter(is_active=True).order_by("name")
    )
    level = forms.TypedChoiceField(label=_("Assessment"), coerce=int, choices=AreaRating.Level.choices)
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReporterForm(HubForm):
    user = forms.ModelChoiceField(label=_("Member"), queryset=None, empty_label=_("Choose a member"))

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = candidates  # type: ignore[attr-defined]


class WalkForm(HubForm):
    kind = forms.ChoiceField(label=_("Kind of walk"), choices=[("", _("Choose a kind")), *Walk.Kind.choices])
    area = forms.ModelChoiceField(
        label=_("Area"), queryset=Area.objects.filter(is_active=True), empty_label=_("Choose an area")
    )
    starts_at = _datetime(_("Date and time"))
    meeting_point = forms.CharField(label=_("Meeting point"), max_length=200)
    route = forms.CharField(
        label=_("Route"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text=_("The streets, paths and places the walk passes."),
    )
    preparatory_meeting_at = _datetime(
        _("Preparatory meeting"), required=False, help_text=_("Safety walks only: before the walk.")
    )
    feedback_meeting_at = _datetime(
        _("Feedback meeting"), required=False, help_text=_("Safety walks only: after the walk.")
    )


class MeetingsForm(HubForm):
    preparatory_meeting_at = _datetime(_("Preparatory meeting"), required=False)
    feedback_meeting_at = _datetime(_("Feedback meeting"), required=False)


class FindingForm(HubForm):
    category = forms.ChoiceField(
        label=_("Category"), choices=[("", _("Choose a category")), *IncidentCategory.choices]
    )
    place_text = forms.CharField(
        label=_("Place"), max_length=200, help_text=_("e.g. the footpath between the school and the station")
    )
    description = forms.CharField(
        label=_("What did you find?"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    severity = forms.ChoiceField(label=_("Severity"), choices=Report.Severity.choices, initial="medium")
    visibility = forms.ChoiceField(
        label=_("Visibility"), choices=Report.Visibility.choices, initial="network"
    )


class ResponseForm(HubForm):
    commitment = forms.CharField(
        label=_("What will your organisation do?"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
