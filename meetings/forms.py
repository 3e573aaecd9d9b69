"""Forms of the meetings pages; rules live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from agreements.models import FollowUpPeriod, Measure, Programme, Progress
from meetings.models import Invitation, YearDate
from partners.models import Organisation, User
from partners.text import HubForm

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class MeetingForm(HubForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = forms.DateTimeField(label=_("Starts"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("Ends"), widget=DATETIME)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    video_link = forms.URLField(label=_("Video link"), required=False, assume_scheme="https")
    organisations = forms.ModelMultipleChoiceField(
        label=_("Invited organisations"),
        queryset=Organisation.objects.filter(is_active=True).order_by("name"),
        widget=forms.CheckboxSelectMultiple,
    )


class ResponseForm(HubForm):
    response = forms.ChoiceField(
        label=_("Answer"),
        choices=[
            (Invitation.Response.ATTENDING, _("Attending")),
            (Invitation.Response.NOT_ATTENDING, _("Not attending")),
        ],
    )


class ItemForm(HubForm):
    title = forms.CharField(label=_("New item"), max_length=300)
    restricted_to = forms.ModelChoiceField(
        label=_("Only for this organisation"),
        queryset=Organisation.objects.filter(is_active=True).order_by("name"),
        required=False,
        help_text=_("Leave empty for an item every invited organisation reads."),
    )


class ItemTitleForm(HubForm):
    title = forms.CharField(label=_("Title"), max_length=300)


class MinutesForm(HubForm):
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=10000, widget=forms.Textarea(attrs={"rows": 3})
    )
    decision = forms.CharField(
        label=_("Decision"), required=False, max_length=10000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ActionForm(HubForm):
    owner = forms.ModelChoiceField(
        label=_("Owner organisation"), queryset=Organisation.objects.filter(is_active=True).order_by("name")
    )
    due_date = forms.DateField(
        label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    description = forms.CharField(
        label=pgettext_lazy("meeting action", "Action"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AdjusterForm(HubForm):
    adjuster = forms.ModelChoiceField(label=_("Adjuster (justerare)"), queryset=User.objects.none())

    def __init__(self, *args: Any, meeting: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["adjuster"]
        assert isinstance(field, forms.ModelChoiceField)
        if meeting is not None:
            field.queryset = (
                User.objects.filter(meeting_invitations__meeting=meeting, is_active=True)
                .exclude(pk=meeting.chair_id)
                .order_by("full_name")
            )


class DoneForm(HubForm):
    comment = forms.CharField(
        label=_("What was done"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ApproveForm(HubForm):
    sha256 = forms.CharField(widget=forms.HiddenInput, max_length=64)
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

    def __init__(self, *args: Any, uses_totp: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["password" if uses_totp else "totp_code"]


class AnnualPictureForm(HubForm):
    analysis = forms.CharField(
        label=_("Analysis"), max_length=50000, widget=forms.Textarea(attrs={"rows": 12})
    )


class PlanActionForm(HubForm):
    description = forms.CharField(
        label=pgettext_lazy("meeting action", "Action"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    owner = forms.ModelChoiceField(
        label=_("Owner organisation"), queryset=Organisation.objects.filter(is_active=True).order_by("name")
    )
    due_date = forms.DateField(
        label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    indicator = forms.CharField(label=_("Indicator"), max_length=300)
    measures = forms.ModelMultipleChoiceField(
        label=_("Measures"),
        queryset=Measure.objects.select_related("programme").order_by("programme__title", "number"),
        required=False,
    )
    programme = forms.ModelChoiceField(
        label=_("Medborgarlöfte or programme"), queryset=Programme.objects.order_by("title"), required=False
    )


class AdoptionForm(HubForm):
    body = forms.CharField(label=_("Adopted by (body)"), max_length=200)
    adopted_on = forms.DateField(
        label=_("Adopted on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    diary_number = forms.CharField(label=_("Diary number"), max_length=50)


class PlanFollowUpForm(HubForm):
    term = forms.ChoiceField(label=_("Period"), choices=FollowUpPeriod.Term.choices)
    status = forms.ChoiceField(label=_("Status"), choices=Progress.choices)
    indicator_outcome = forms.CharField(label=_("How the indicator stands"), max_length=300)
    narrative = forms.CharField(
        label=_("Comment"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class YearDateForm(HubForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=YearDate.Kind.choices)
    title = forms.CharField(label=_("What"), max_length=200)
    starts_on = forms.DateField(label=_("First day"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(
        label=_("Last day"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The same as the first day for a single day."),
    )
