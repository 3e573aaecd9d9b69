"""Forms of the partner network; they validate input, services do the work."""

from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils.translation import gettext_lazy as _

from partners.models import Area, Membership, Organisation, Role, User
from partners.text import HubForm, HubModelForm
from partners.validators import normalize_organisation_number

DESCRIPTION_MAX_LENGTH = 4000


class OrganisationForm(HubModelForm):
    admin_email = forms.EmailField(label=_("First admin's email"))
    admin_name = forms.CharField(label=_("First admin's name"), max_length=150, required=False)

    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea, required=False, max_length=DESCRIPTION_MAX_LENGTH
    )

    class Meta:
        model = Organisation
        fields = ["name", "kind", "organisation_number", "description"]

    def clean_organisation_number(self) -> str:
        return normalize_organisation_number(self.cleaned_data["organisation_number"])

    def clean_admin_email(self) -> str:
        email = self.cleaned_data["admin_email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("A user with this email address already exists."))
        return email


class OrganisationEditForm(HubForm):
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea, required=False, max_length=DESCRIPTION_MAX_LENGTH
    )
    contact_person = forms.ModelChoiceField(
        label=_("Contact person"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args: object, organisation: Organisation, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["contact_person"].queryset = User.objects.people().filter(
            membership__organisation=organisation
        )


class InvitationForm(HubForm):
    email = forms.EmailField(label=_("Email"))
    full_name = forms.CharField(label=_("Name"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.MEMBER)
    is_signatory = forms.BooleanField(label=_("Signatory (may sign agreements)"), required=False)

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("A user with this email address already exists."))
        return email


class AcceptInvitationForm(HubForm):
    full_name = forms.CharField(label=_("Your name"), max_length=150)
    password1 = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self) -> dict[str, object]:
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The passwords do not match."))
        return data


class AreaForm(HubModelForm):
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea, required=False, max_length=DESCRIPTION_MAX_LENGTH
    )

    class Meta:
        model = Area
        fields = ["name", "description", "is_active"]


class AreaBoundaryImportForm(HubForm):
    file = forms.FileField(
        label=_("Boundaries (GeoJSON)"),
        help_text=_(
            "A GeoJSON FeatureCollection exported from the municipality's GIS, in WGS 84, one Polygon "
            "or MultiPolygon per area, the area's name in the property given below."
        ),
    )
    name_property = forms.CharField(
        label=_("Property holding the area's name"), initial="name", max_length=50
    )


class HubRoleForm(HubForm):
    user = forms.ModelChoiceField(queryset=User.objects.people())
    role = forms.ChoiceField(choices=Role.choices)
    granted = forms.BooleanField(required=False)


class MemberRoleForm(HubForm):
    role = forms.ChoiceField(choices=Membership.Role.choices)


class SignatoryForm(HubForm):
    is_signatory = forms.BooleanField(required=False)
