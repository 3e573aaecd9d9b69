"""Views of the partner network: parse, call a selector or a service, render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partners import audit_labels, geo, permissions, selectors, services
from partners.decorators import member_required
from partners.form_errors import show_on_form
from partners.forms import (
    AcceptInvitationForm,
    AreaBoundaryImportForm,
    AreaForm,
    HubRoleForm,
    InvitationForm,
    MemberRoleForm,
    OrganisationEditForm,
    OrganisationForm,
    SignatoryForm,
)
from partners.models import Area, Invitation, Role


@member_required
def directory(request: HttpRequest) -> HttpResponse:
    organisations = selectors.directory_for(request.user)
    kind = request.GET.get("kind", "")
    if kind:
        organisations = organisations.filter(kind=kind)
    return render(
        request,
        "partners/directory.html",
        {
            "organisations": organisations,
            "kind": kind,
            "kinds": organisations.model.Kind.choices,
            "can_create": permissions.can_create_organisation(request.user),
        },
    )


@member_required
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = selectors.get_organisation_for(request.user, pk)
    can_manage = permissions.can_manage_members(request.user, organisation)
    members = list(selectors.members_of(organisation, viewer=request.user))
    for membership in members:
        membership.organisation = organisation
        membership.actions = permissions.membership_actions(request.user, membership)  # type: ignore[attr-defined]
    return render(
        request,
        "partners/organisation_detail.html",
        {
            "organisation": organisation,
            "members": members,
            "invitations": selectors.pending_invitations_of(organisation) if can_manage else [],
            "can_manage": can_manage,
            "can_change_status": permissions.can_change_organisation_status(request.user, organisation),
            "invite_form": InvitationForm() if can_manage else None,
            "role_choices": organisation.memberships.model.Role.choices,
        },
    )


@member_required
def my_organisation(request: HttpRequest) -> HttpResponse:
    membership = permissions.membership_of(request.user)
    if membership is None:
        return redirect("partners:directory")
    return redirect(membership.organisation)


@member_required
def organisation_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_create_organisation(request.user):
        raise PermissionDenied
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                organisation = services.create_organisation(
                    by=request.user,
                    name=data["name"],
                    kind=data["kind"],
                    organisation_number=data["organisation_number"],
                    description=data["description"],
                )
                services.invite_member(
                    by=request.user,
                    organisation=organisation,
                    email=data["admin_email"],
                    full_name=data["admin_name"],
                    role="org_admin",
                )
        except ValidationError as error:
            show_on_form(form, error)
        else:
            messages.success(
                request,
                _("%(name)s was created and an invitation was sent to %(email)s.")
                % {"name": organisation.name, "email": data["admin_email"]},
            )
            return redirect(organisation)
    return render(request, "partners/organisation_form.html", {"form": form})


@member_required
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = selectors.get_organisation_for(request.user, pk)
    if not permissions.can_manage_members(request.user, organisation):
        raise PermissionDenied
    form = OrganisationEditForm(
        request.POST or None,
        organisation=organisation,
        initial={"description": organisation.description, "contact_person": organisation.contact_person},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_organisation(
                by=request.user,
                organisation=organisation,
                description=form.cleaned_data["description"],
                contact_person=form.cleaned_data["contact_person"],
            )
        except ValidationError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("The organisation was updated."))
            return redirect(organisation)
    return render(request, "partners/organisation_edit.html", {"form": form, "organisation": organisation})


@member_required
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = selectors.get_organisation_for(request.user, pk)
    if not permissions.can_manage_members(request.user, organisation):
        raise PermissionDenied
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.invite_member(
                by=request.user,
                organisation=organisation,
                email=data["email"],
                full_name=data["full_name"],
                role=data["role"],
                is_signatory=data["is_signatory"],
            )
        except ValidationError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("An invitation was sent to %(email)s.") % {"email": data["email"]})
            return redirect(organisation)
    return render(request, "partners/invite.html", {"form": form, "organisation": organisation})


def _run(request: HttpRequest, action: Callable[[], object], success: str, then: Any) -> HttpResponse:
    """Run a service action from a button: a refusal becomes an error message, then back to `then`."""
    try:
        action()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect(then)


def _membership_action(
    request: HttpRequest, pk: int, action: Callable[[Any], None], success: str
) -> HttpResponse:
    membership = selectors.get_membership_to_manage(request.user, pk)
    return _run(
        request, lambda: action(membership), success % {"name": membership.user}, membership.organisation
    )


@member_required
@require_POST
def deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _membership_action(
        request,
        pk,
        lambda m: services.deactivate_member(by=request.user, membership=m),
        _("%(name)s was deactivated and logged out."),
    )


@member_required
@require_POST
def reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _membership_action(
        request,
        pk,
        lambda m: services.reactivate_member(by=request.user, membership=m),
        _("%(name)s was reactivated."),
    )


def _organisation_status_action(
    request: HttpRequest, pk: int, action: Callable[..., None], success: str
) -> HttpResponse:
    organisation = selectors.get_organisation_for(request.user, pk)
    return _run(
        request,
        lambda: action(by=request.user, organisation=organisation),
        success % {"name": organisation.name},
        organisation,
    )


@member_required
@require_POST
def organisation_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _organisation_status_action(
        request,
        pk,
        services.deactivate_organisation,
        _("%(name)s was deactivated; its members were logged out."),
    )


@member_required
@require_POST
def organisation_reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _organisation_status_action(
        request, pk, services.reactivate_organisation, _("%(name)s is active again.")
    )


@member_required
@require_POST
def set_signatory(request: HttpRequest, pk: int) -> HttpResponse:
    form = SignatoryForm(request.POST)
    form.is_valid()
    value = bool(form.cleaned_data.get("is_signatory"))
    return _membership_action(
        request,
        pk,
        lambda m: services.set_signatory(by=request.user, membership=m, is_signatory=value),
        _("%(name)s is now a signatory.") if value else _("%(name)s is no longer a signatory."),
    )


@member_required
@require_POST
def set_member_role(request: HttpRequest, pk: int) -> HttpResponse:
    form = MemberRoleForm(request.POST)
    if not form.is_valid():
        membership = selectors.get_membership_to_manage(request.user, pk)
        messages.error(request, _("Unknown role."))
        return redirect(membership.organisation)
    return _membership_action(
        request,
        pk,
        lambda m: services.set_member_role(by=request.user, membership=m, role=form.cleaned_data["role"]),
        _("The role of %(name)s was changed."),
    )


@member_required
@require_POST
def revoke_invitation(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(Invitation.objects.select_related("organisation"), pk=pk)
    if not permissions.can_manage_members(request.user, invitation.organisation):
        raise Http404
    return _run(
        request,
        lambda: services.revoke_invitation(by=request.user, invitation=invitation),
        _("The invitation was withdrawn."),
        invitation.organisation,
    )


def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.find_usable_invitation(token)
    if invitation is None:
        return render(request, "partners/invitation_invalid.html", status=410)
    if request.user.is_authenticated:
        return render(request, "partners/invitation_logged_in.html", {"invitation": invitation}, status=409)
    form = AcceptInvitationForm(request.POST or None, initial={"full_name": invitation.full_name})
    if request.method == "POST" and form.is_valid():
        try:
            user = services.accept_invitation(
                token=token,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                show_on_form(form, error)
            else:
                form.add_error("password1", error)
        else:
            login(request, user, backend="allauth.account.auth_backends.AuthenticationBackend")
            messages.success(request, _("Welcome to Samverkan, %(name)s!") % {"name": user.get_short_name()})
            return redirect("dashboard")
    return render(request, "partners/accept_invitation.html", {"form": form, "invitation": invitation})


@member_required
def area_list(request: HttpRequest) -> HttpResponse:
    can_manage = permissions.can_manage_areas(request.user)
    areas = selectors.areas_for(request.user)
    form = AreaForm(request.POST or None) if can_manage else None
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            services.save_area(by=request.user, **form.cleaned_data)
            messages.success(request, _("The area was saved."))
            return redirect("partners:areas")
    return render(
        request,
        "partners/area_list.html",
        {
            "areas": areas,
            "form": form,
            "can_manage": can_manage,
            "boundary_form": AreaBoundaryImportForm() if can_manage else None,
        },
    )


@member_required
@require_POST
def area_boundaries(request: HttpRequest) -> HttpResponse:
    """A coordinator imports the areas' boundaries from a GeoJSON file; a bad file is refused whole."""
    if not permissions.can_manage_areas(request.user):
        raise PermissionDenied
    form = AreaBoundaryImportForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("partners:areas")
    upload = form.cleaned_data["file"]
    try:
        imported = services.import_area_boundaries(
            by=request.user,
            data=upload.read(geo.MAX_BOUNDARY_FILE_BYTES + 1),
            name_property=form.cleaned_data["name_property"],
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("Boundaries imported for %(names)s.") % {"names": ", ".join(a.name for a in imported)}
        )
    return redirect("partners:areas")


@member_required
def area_edit(request: HttpRequest, pk: int) -> HttpResponse:
    if not permissions.can_manage_areas(request.user):
        raise PermissionDenied
    area = get_object_or_404(Area, pk=pk)
    form = AreaForm(request.POST or None, instance=area)
    if request.method == "POST" and form.is_valid():
        services.save_area(by=request.user, area=area, **form.cleaned_data)
        messages.success(request, _("The area was saved."))
        return redirect("partners:areas")
    return render(request, "partners/area_edit.html", {"form": form, "area": area})


@member_required
def hub_roles(request: HttpRequest) -> HttpResponse:
    if not permissions.can_assign_roles(request.user):
        raise PermissionDenied
    if request.method == "POST":
        form = HubRoleForm(request.POST)
        if form.is_valid():
            try:
                services.set_hub_role(by=request.user, **form.cleaned_data)
            except ValidationError as error:
                messages.error(request, error.messages[0])
            else:
                messages.success(request, _("The role was updated."))
        else:
            messages.error(request, _("Choose a user and a role."))
        return redirect("partners:roles")
    people = selectors.people_with_roles()
    return render(request, "partners/roles.html", {"people": people, "roles": Role.choices})


@member_required
def audit_log(request: HttpRequest) -> HttpResponse:
    if not permissions.can_read_audit_log(request.user):
        raise PermissionDenied
    events = selectors.audit_log(action=request.GET.get("action", ""), actor=request.GET.get("actor", ""))
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "partners/audit_log.html",
        {
            "page": page,
            "action": request.GET.get("action", ""),
            "actor": request.GET.get("actor", ""),
            "actions": audit_labels.choices(),
        },
    )
