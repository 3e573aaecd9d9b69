"""Every change to the partner network: one verb each, permission checked, audited, in a transaction."""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from partners import audit, permissions
from partners.models import Area, Invitation, Membership, Organisation, Role, User
from realtime.services import disconnect_users


@dataclass(frozen=True)
class IssuedInvitation:
    invitation: Invitation
    token: str

    @property
    def path(self) -> str:
        return reverse("partners:accept_invitation", args=[self.token])


def create_organisation(
    *,
    by: User,
    name: str,
    kind: str,
    organisation_number: str,
    description: str = "",
) -> Organisation:
    if not permissions.can_create_organisation(by):
        raise PermissionDenied
    organisation = Organisation(
        name=name.strip(),
        kind=kind,
        organisation_number=organisation_number,
        description=description,
    )
    organisation.full_clean()
    with transaction.atomic():
        organisation.save()
        audit.record(actor=by, action="organisation.create", target=organisation, data={"kind": kind})
    return organisation


def invite_member(
    *,
    by: User,
    organisation: Organisation,
    email: str,
    full_name: str = "",
    role: str = Membership.Role.MEMBER,
    is_signatory: bool = False,
) -> IssuedInvitation:
    """Send a single-use invitation link, valid HUB_INVITATION_DAYS days, to join the organisation."""
    if not permissions.can_manage_members(by, organisation):
        raise PermissionDenied
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("A user with this email address already exists.")})
    if not organisation.is_active:
        raise ValidationError(_("The organisation is not active."))
    token = Invitation.new_token()
    invitation = Invitation(
        email=email,
        full_name=full_name.strip(),
        organisation=organisation,
        role=role,
        is_signatory=is_signatory,
        token_hash=Invitation.hash_token(token),
        invited_by=by,
    )
    invitation.full_clean()
    with transaction.atomic():
        # A newer invitation replaces any pending one to the same address.
        Invitation.objects.pending().filter(email=email).update(revoked_at=timezone.now())
        invitation.save()
        audit.record(
            actor=by,
            action="invitation.send",
            target=invitation,
            data={"email": email, "role": role, "organisation": organisation.pk},
        )
        issued = IssuedInvitation(invitation=invitation, token=token)
        link = settings.HUB_SITE_URL.rstrip("/") + issued.path
        transaction.on_commit(lambda: _send_invitation_email(invitation, link))
    return issued


def _send_invitation_email(invitation: Invitation, link: str) -> None:
    context = {"invitation": invitation, "link": link, "days": settings.HUB_INVITATION_DAYS}
    send_mail(
        subject=render_to_string("partners/email/invitation_subject.txt", context).strip(),
        message=render_to_string("partners/email/invitation_body.txt", context),
        from_email=None,
        recipient_list=[invitation.email],
    )


def find_usable_invitation(token: str) -> Invitation | None:
    invitation = (
        Invitation.objects.select_related("organisation")
        .filter(token_hash=Invitation.hash_token(token))
        .first()
    )
    if invitation is None or not invitation.is_usable or not invitation.organisation.is_active:
        return None
    return invitation


def accept_invitation(
    *,
    token: str,
    full_name: str,
    password: str,
) -> User:
    """Create the invited person's account; the invitation cannot be used again."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .select_related("organisation")
            .filter(token_hash=Invitation.hash_token(token))
            .first()
        )
        if invitation is None or not invitation.is_usable or not invitation.organisation.is_active:
            raise ValidationError(_("This invitation is no longer valid. Ask for a new one."))
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise ValidationError(_("A user with this email address already exists."))
        full_name = full_name.strip()
        if not full_name:
            raise ValidationError({"full_name": _("Enter your name.")})
        user = User(email=invitation.email, full_name=full_name)
        validate_password(password, user)
        user.set_password(password)
        user.save()
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        Membership.objects.create(
            user=user,
            organisation=invitation.organisation,
            role=invitation.role,
            is_signatory=invitation.is_signatory,
        )
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        if invitation.organisation.contact_person_id is None and invitation.role == Membership.Role.ORG_ADMIN:
            invitation.organisation.contact_person = user
            invitation.organisation.save(update_fields=["contact_person"])
        audit.record(
            actor=user,
            action="invitation.accept",
            target=invitation,
            data={"organisation": invitation.organisation_id},
        )
    return user


def revoke_invitation(*, by: User, invitation: Invitation) -> None:
    if not permissions.can_manage_members(by, invitation.organisation):
        raise PermissionDenied
    if not invitation.is_usable:
        raise ValidationError(_("This invitation is no longer pending."))
    with transaction.atomic():
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        audit.record(actor=by, action="invitation.revoke", target=invitation)


def deactivate_member(*, by: User, membership: Membership) -> None:
    """Lock the person out: no more logins, every open session and socket ends."""
    if not permissions.membership_actions(by, membership).can_manage:
        raise PermissionDenied
    user = membership.user
    if user.pk == by.pk:
        raise ValidationError(_("You cannot deactivate yourself."))
    if not user.is_active:
        raise ValidationError(_("This member is already deactivated."))
    with transaction.atomic():
        user.is_active = False
        user.save(update_fields=["is_active"])
        end_all_sessions(user)
        audit.record(
            actor=by,
            action="member.deactivate",
            target=user,
            data={"organisation": membership.organisation_id},
        )


def reactivate_member(*, by: User, membership: Membership) -> None:
    if not permissions.membership_actions(by, membership).can_manage:
        raise PermissionDenied
    user = membership.user
    if user.is_active:
        raise ValidationError(_("This member is already active."))
    with transaction.atomic():
        user.is_active = True
        user.save(update_fields=["is_active"])
        audit.record(actor=by, action="member.reactivate", target=user)


def deactivate_organisation(*, by: User, organisation: Organisation) -> None:
    """Take an organisation out of the network: its members lose access, their sessions and sockets end.

    The members' own accounts stay as they are, so reactivating the organisation lets them back in.
    """
    if not permissions.can_change_organisation_status(by, organisation):
        raise PermissionDenied
    if not organisation.is_active:
        raise ValidationError(_("This organisation is already deactivated."))
    with transaction.atomic():
        organisation.is_active = False
        organisation.save(update_fields=["is_active"])
        # Coordinators keep their access through their role; everyone else is logged out.
        end_all_sessions(
            *User.objects.filter(membership__organisation=organisation, is_active=True).exclude(
                groups__name=Role.COORDINATOR
            )
        )
        audit.record(actor=by, action="organisation.deactivate", target=organisation)


def reactivate_organisation(*, by: User, organisation: Organisation) -> None:
    if not permissions.can_change_organisation_status(by, organisation):
        raise PermissionDenied
    if organisation.is_active:
        raise ValidationError(_("This organisation is already active."))
    with transaction.atomic():
        organisation.is_active = True
        organisation.save(update_fields=["is_active"])
        audit.record(actor=by, action="organisation.reactivate", target=organisation)


def end_all_sessions(*users: User) -> None:
    """End the users' logged-in sessions (allauth tracks them) and close their sockets."""
    for session in UserSession.objects.filter(user__in=users):
        session.end()
    disconnect_users([user.pk for user in users], reason="sessions_ended")


def set_signatory(*, by: User, membership: Membership, is_signatory: bool) -> Membership:
    if not permissions.membership_actions(by, membership).can_manage:
        raise PermissionDenied
    if not membership.user.is_active and is_signatory:
        raise ValidationError(_("A deactivated member cannot be a signatory."))
    with transaction.atomic():
        membership.is_signatory = is_signatory
        membership.save(update_fields=["is_signatory"])
        audit.record(
            actor=by,
            action="member.signatory",
            target=membership.user,
            data={"is_signatory": is_signatory},
        )
    return membership


def set_member_role(*, by: User, membership: Membership, role: str) -> Membership:
    if not permissions.membership_actions(by, membership).can_manage:
        raise PermissionDenied
    if role not in Membership.Role.values:
        raise ValidationError(_("Unknown role."))
    if (
        membership.user_id == by.pk
        and role != Membership.Role.ORG_ADMIN
        and not permissions.is_coordinator(by)
    ):
        raise ValidationError(_("You cannot remove your own admin role."))
    with transaction.atomic():
        membership.role = role
        membership.save(update_fields=["role"])
        audit.record(actor=by, action="member.role", target=membership.user, data={"role": role})
    return membership


def set_hub_role(*, by: User, user: User, role: str, granted: bool) -> None:
    """Grant or withdraw a hub-wide role (chair, leadership, coordinator)."""
    if not permissions.can_assign_roles(by):
        raise PermissionDenied
    if role not in Role.values:
        raise ValidationError(_("Unknown role."))
    if user.pk == by.pk and role == Role.COORDINATOR and not granted:
        raise ValidationError(_("You cannot withdraw your own coordinator role."))
    group, _created = Group.objects.get_or_create(name=role)
    with transaction.atomic():
        if granted:
            user.groups.add(group)
        else:
            user.groups.remove(group)
        user.__dict__.pop("_role_names", None)
        audit.record(
            actor=by,
            action="role.grant" if granted else "role.withdraw",
            target=user,
            data={"role": role},
        )


def save_area(
    *,
    by: User,
    name: str,
    description: str = "",
    is_active: bool = True,
    area: Area | None = None,
) -> Area:
    if not permissions.can_manage_areas(by):
        raise PermissionDenied
    creating = area is None
    area = area or Area()
    area.name = name.strip()
    area.description = description
    area.is_active = is_active
    area.full_clean()
    with transaction.atomic():
        area.save()
        audit.record(actor=by, action="area.create" if creating else "area.update", target=area)
    return area


def import_area_boundaries(*, by: User, data: bytes, name_property: str = "name") -> list[Area]:
    """Set the boundaries of the areas named in a GeoJSON file (exported from the municipality's GIS).
    Every feature must name an existing area; the file is refused whole, saying why, otherwise."""
    from partners import geo

    if not permissions.can_manage_areas(by):
        raise PermissionDenied
    boundaries = geo.parse_boundaries(data, name_property=name_property)
    areas = {area.name: area for area in Area.objects.filter(name__in=[b.name for b in boundaries])}
    unknown = sorted(b.name for b in boundaries if b.name not in areas)
    if unknown:
        raise ValidationError(
            _("No area is called %(names)s; add it first or correct the file.")
            % {"names": ", ".join(unknown)}
        )
    with transaction.atomic():
        for boundary in boundaries:
            area = areas[boundary.name]
            area.boundary = boundary.geometry
            area.save(update_fields=["boundary"])
            audit.record(actor=by, action="area.boundary", target=area)
    return [areas[b.name] for b in boundaries]


def update_organisation(
    *,
    by: User,
    organisation: Organisation,
    description: str,
    contact_person: User | None,
) -> Organisation:
    if not permissions.can_manage_members(by, organisation):
        raise PermissionDenied
    if contact_person is not None and contact_person.organisation != organisation:
        raise ValidationError({"contact_person": _("The contact person must belong to the organisation.")})
    with transaction.atomic():
        organisation.description = description
        organisation.contact_person = contact_person
        organisation.full_clean()
        organisation.save()
        audit.record(actor=by, action="organisation.update", target=organisation)
    return organisation
