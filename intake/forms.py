"""The resident's forms (felanmälan, follow, "not fixed") and the coordinators' triage forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from intake.models import PUBLIC_CATEGORIES
from partners.models import Area
from partners.text import HubForm
from reports.forms import CoordinateField, MultiplePhotoField
from reports.models import Report


class IntakePhotoField(MultiplePhotoField):
    """Up to three photos; the content is checked (and EXIF removed) by reports.services.prepare_photo."""

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > 3:
            raise forms.ValidationError(_("At most 3 photos."))
        return super().clean(data, initial)


class CitizenReportForm(HubForm):
    category = forms.ChoiceField(
        label=_("What is it about?"),
        choices=[("", _("Choose a category"))] + [(c.value, c.label) for c in PUBLIC_CATEGORIES],
    )
    latitude = CoordinateField(
        label=_("Latitude"),
        required=False,
        max_digits=8,
        decimal_places=6,
        help_text=_("Set by the pin on the map; you can also type it."),
    )
    longitude = CoordinateField(label=_("Longitude"), required=False, max_digits=9, decimal_places=6)
    area = forms.ModelChoiceField(
        label=_("Area"),
        queryset=Area.objects.filter(is_active=True),
        required=False,
        empty_label=_("Choose an area (not needed with a pin)"),
    )
    place_text = forms.CharField(
        label=_("Address or place"),
        required=False,
        max_length=200,
        help_text=_("E.g. Handenterminalen, the underpass by the bus stop. Needed without a pin."),
    )
    description = forms.CharField(label=_("What did you see?"), widget=forms.Textarea, max_length=3000)
    photos = IntakePhotoField(
        label=_("Photos"),
        required=False,
        help_text=_("Up to 3 photos, JPEG, PNG or WebP. Location and other hidden data are removed."),
    )
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_("We send a confirmation link and tell you what happens. It is never shown to anyone."),
    )
    name = forms.CharField(label=_("Your name (optional)"), required=False, max_length=120)
    phone = forms.CharField(label=_("Your phone number (optional)"), required=False, max_length=40)
    # The honeypot: hidden from people (and from screen readers), filled in by robots.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["phone"].widget.attrs.update({"autocomplete": "tel", "inputmode": "tel"})


class FollowForm(HubForm):
    email = forms.EmailField(label=_("Your e-mail address"), max_length=254)
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )


class NotFixedForm(HubForm):
    reason = forms.CharField(
        label=_("What is still not fixed?"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class RejectForm(HubForm):
    reason = forms.CharField(
        label=_("Reason (the resident reads it)"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class MergeForm(HubForm):
    report = forms.ModelChoiceField(
        label=_("Existing report"),
        queryset=Report.objects.filter(status__in=Report.OPEN_STATUSES + (Report.Status.RESOLVED,)),
        widget=forms.NumberInput,
        help_text=_("The number of the report it duplicates."),
    )


class ForwardOutForm(HubForm):
    to_name = forms.CharField(label=_("Responsible actor"), max_length=200, help_text=_("E.g. Trafikverket"))
    to_email = forms.EmailField(label=_("Their e-mail address"), max_length=254)
    note = forms.CharField(
        label=_("Note to them"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
