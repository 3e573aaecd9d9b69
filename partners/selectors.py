"""Read paths of the partner network; fetch-or-deny helpers give outsiders a 404."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from partners import permissions
from partners.models import Area, AuditEvent, Invitation, Membership, Organisation, User


def directory_for(user: User) -> QuerySet[Organisation]:
    return (
        Organisation.objects.visible_to(user)
        .select_related("contact_person")
        .annotate(
            member_count=Count(
                "memberships",
                filter=Q(memberships__user__is_active=True, memberships__user__is_service_account=False),
            )
        )
    )


def get_organisation_for(user: User, pk: int) -> Organisation:
    organisation = directory_for(user).filter(pk=pk).first()
    if organisation is None:
        raise Http404
    return organisation


def members_of(organisation: Organisation, *, viewer: User) -> QuerySet[Membership]:
    """Active members for everyone; admins and coordinators also see the deactivated ones."""
    members = organisation.memberships.of_people().select_related("user").prefetch_related("user__groups")
    if not permissions.can_manage_members(viewer, organisation):
        members = members.filter(user__is_active=True)
    return members.order_by("-user__is_active", "user__full_name")


def outlined_areas() -> QuerySet[Area]:
    """The areas in use that have a boundary: what a map draws and a pin is resolved against."""
    return Area.objects.filter(is_active=True, boundary__isnull=False)


def areas_for(user: User) -> QuerySet[Area]:
    """Every area for those who manage them (so an inactive one can be reactivated), else the active ones."""
    if permissions.can_manage_areas(user):
        return Area.objects.all()
    return Area.objects.filter(is_active=True)


def pending_invitations_of(organisation: Organisation) -> QuerySet[Invitation]:
    return organisation.invitations.pending().select_related("invited_by")


def get_membership_to_manage(user: User, pk: int) -> Membership:
    """A membership the user may manage; any other gives the same 404 as a missing one."""
    membership = Membership.objects.select_related("user", "organisation").filter(pk=pk).first()
    if membership is None or not permissions.membership_actions(user, membership).can_manage:
        raise Http404
    return membership


def people_with_roles() -> QuerySet[User]:
    return (
        User.objects.people()
        .select_related("membership__organisation")
        .prefetch_related("groups")
        .order_by("membership__organisation__name", "full_name")
    )


def audit_log(*, action: str = "", actor: str = "") -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.select_related("actor")
    if action:
        events = events.filter(action__startswith=action)
    if actor:
        events = events.filter(actor_label__icontains=actor)
    return events
