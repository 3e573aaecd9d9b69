from datetime import timedelta

import pytest
from allauth.usersessions.models import UserSession
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partners import services
from partners.models import AuditEvent, Invitation, Membership, Organisation, Role, User
from tests.partners.factories import make_member

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]


def test_coordinator_creates_organisation_and_it_is_audited(coordinator):
    organisation = services.create_organisation(
        by=coordinator,
        name="SRV återvinning AB",
        kind=Organisation.Kind.MUNICIPAL_COMPANY,
        organisation_number="5561392209",
    )
    assert organisation.organisation_number == "556139-2209"
    assert AuditEvent.objects.filter(action="organisation.create", target_id=str(organisation.pk)).exists()


def test_member_cannot_create_organisation(member):
    with pytest.raises(PermissionDenied):
        services.create_organisation(by=member, name="X", kind="other", organisation_number="2120000142")


def test_invalid_organisation_number_saves_nothing(coordinator):
    with pytest.raises(ValidationError) as error:
        services.create_organisation(
            by=coordinator, name="Felaktig AB", kind="business", organisation_number="5561392208"
        )
    assert "organisation_number" in error.value.error_dict
    assert not Organisation.objects.filter(name="Felaktig AB").exists()


def test_invitation_sends_single_use_link_valid_seven_days(
    org_admin, organisation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        issued = services.invite_member(by=org_admin, organisation=organisation, email="New@Example.test")
    invitation = issued.invitation
    assert invitation.email == "new@example.test"
    assert timedelta(days=6, hours=23) < invitation.expires_at - timezone.now() <= timedelta(days=7)
    assert invitation.token_hash == Invitation.hash_token(issued.token)
    assert issued.token not in invitation.token_hash
    assert len(mail.outbox) == 1
    assert issued.path in mail.outbox[0].body


def test_invitation_to_existing_email_is_refused(org_admin, organisation, member):
    with pytest.raises(ValidationError):
        services.invite_member(by=org_admin, organisation=organisation, email=member.email.upper())
    assert not Invitation.objects.exists()


def test_admin_cannot_invite_to_another_organisation(org_admin, other_organisation):
    with pytest.raises(PermissionDenied):
        services.invite_member(by=org_admin, organisation=other_organisation, email="x@example.test")


def test_plain_member_cannot_invite(member, organisation):
    with pytest.raises(PermissionDenied):
        services.invite_member(by=member, organisation=organisation, email="x@example.test")


def test_accepting_creates_member_with_role_and_signatory_flag(org_admin, organisation):
    issued = services.invite_member(
        by=org_admin,
        organisation=organisation,
        email="ny@example.test",
        role=Membership.Role.ORG_ADMIN,
        is_signatory=True,
    )
    user = services.accept_invitation(token=issued.token, full_name="Nina Ny", password="ett-starkt-losen-42")
    assert user.check_password("ett-starkt-losen-42")
    assert user.membership.organisation == organisation
    assert user.membership.role == Membership.Role.ORG_ADMIN
    assert user.membership.is_signatory
    assert AuditEvent.objects.filter(action="invitation.accept", actor=user).exists()


def test_invitation_cannot_be_used_twice(org_admin, organisation):
    issued = services.invite_member(by=org_admin, organisation=organisation, email="ny@example.test")
    services.accept_invitation(token=issued.token, full_name="Nina Ny", password="ett-starkt-losen-42")
    with pytest.raises(ValidationError):
        services.accept_invitation(token=issued.token, full_name="Nina Igen", password="ett-starkt-losen-42")
    assert User.objects.filter(email="ny@example.test").count() == 1


def test_expired_invitation_is_refused(org_admin, organisation):
    issued = services.invite_member(by=org_admin, organisation=organisation, email="ny@example.test")
    Invitation.objects.filter(pk=issued.invitation.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    with pytest.raises(ValidationError):
        services.accept_invitation(token=issued.token, full_name="Nina Ny", password="ett-starkt-losen-42")
    assert not User.objects.filter(email="ny@example.test").exists()


def test_weak_password_leaves_invitation_usable_and_no_user(org_admin, organisation):
    issued = services.invite_member(by=org_admin, organisation=organisation, email="ny@example.test")
    with pytest.raises(ValidationError):
        services.accept_invitation(token=issued.token, full_name="Nina Ny", password="123")
    assert not User.objects.filter(email="ny@example.test").exists()
    assert services.find_usable_invitation(issued.token) is not None


def test_new_invitation_replaces_pending_one_to_same_address(org_admin, organisation):
    first = services.invite_member(by=org_admin, organisation=organisation, email="ny@example.test")
    services.invite_member(by=org_admin, organisation=organisation, email="ny@example.test")
    assert services.find_usable_invitation(first.token) is None


def test_revoked_invitation_cannot_be_used(org_admin, organisation):
    issued = services.invite_member(by=org_admin, organisation=organisation, email="ny@example.test")
    services.revoke_invitation(by=org_admin, invitation=issued.invitation)
    with pytest.raises(ValidationError):
        services.accept_invitation(token=issued.token, full_name="Nina", password="ett-starkt-losen-42")


def test_deactivation_ends_sessions_and_is_audited(org_admin, member, client_for):
    client = client_for(None)
    client.post("/accounts/login/", {"login": member.email, "password": "a-long-test-password-9"})
    assert client.get("/").status_code == 200
    assert UserSession.objects.filter(user=member).exists()
    services.deactivate_member(by=org_admin, membership=member.membership)
    member.refresh_from_db()
    assert not member.is_active
    assert not UserSession.objects.filter(user=member).exists()
    assert not Session.objects.filter(session_key=client.session.session_key).exists()
    assert client.get("/").status_code == 302
    assert AuditEvent.objects.filter(action="member.deactivate", target_id=str(member.pk)).exists()


def test_admin_cannot_deactivate_member_of_another_organisation(outsider_admin, member):
    with pytest.raises(PermissionDenied):
        services.deactivate_member(by=outsider_admin, membership=member.membership)
    member.refresh_from_db()
    assert member.is_active


def test_admin_cannot_deactivate_themselves(org_admin):
    with pytest.raises(ValidationError):
        services.deactivate_member(by=org_admin, membership=org_admin.membership)


def test_admin_marks_member_as_signatory(org_admin, member):
    services.set_signatory(by=org_admin, membership=member.membership, is_signatory=True)
    member.membership.refresh_from_db()
    assert member.membership.is_signatory
    assert AuditEvent.objects.filter(action="member.signatory", target_id=str(member.pk)).exists()


def test_coordinator_grants_and_withdraws_hub_role(coordinator, member):
    services.set_hub_role(by=coordinator, user=member, role=Role.CHAIR, granted=True)
    assert User.objects.get(pk=member.pk).has_role(Role.CHAIR)
    services.set_hub_role(by=coordinator, user=member, role=Role.CHAIR, granted=False)
    assert not User.objects.get(pk=member.pk).has_role(Role.CHAIR)
    assert AuditEvent.objects.filter(action__in=["role.grant", "role.withdraw"]).count() == 2


def test_member_cannot_assign_hub_roles(org_admin, member):
    with pytest.raises(PermissionDenied):
        services.set_hub_role(by=org_admin, user=member, role=Role.LEADERSHIP, granted=True)


def test_coordinator_creates_and_renames_area(coordinator):
    area = services.save_area(by=coordinator, name="Handen")
    services.save_area(by=coordinator, area=area, name="Handen centrum")
    area.refresh_from_db()
    assert area.name == "Handen centrum"


def test_duplicate_area_name_is_refused(coordinator):
    services.save_area(by=coordinator, name="Jordbro")
    with pytest.raises(ValidationError):
        services.save_area(by=coordinator, name="Jordbro")


def test_coordinator_deactivates_an_organisation_and_its_members_are_logged_out(
    coordinator, member, organisation, client_for
):
    client = client_for(None)
    client.post("/accounts/login/", {"login": member.email, "password": "a-long-test-password-9"})
    assert client.get("/").status_code == 200
    services.deactivate_organisation(by=coordinator, organisation=organisation)
    organisation.refresh_from_db()
    member.refresh_from_db()
    assert not organisation.is_active
    assert member.is_active  # the account itself is kept for a reactivation
    assert not UserSession.objects.filter(user=member).exists()
    assert client.get("/").status_code == 302
    assert AuditEvent.objects.filter(
        action="organisation.deactivate", target_id=str(organisation.pk)
    ).exists()


def test_members_of_a_deactivated_organisation_cannot_log_in_until_it_is_reactivated(
    coordinator, member, organisation, client_for
):
    services.deactivate_organisation(by=coordinator, organisation=organisation)
    client = client_for(None)
    response = client.post("/accounts/login/", {"login": member.email, "password": "a-long-test-password-9"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/inactive/"
    assert client.get("/accounts/inactive/").status_code == 200
    assert client.get("/").status_code == 302
    services.reactivate_organisation(by=coordinator, organisation=organisation)
    client.post("/accounts/login/", {"login": member.email, "password": "a-long-test-password-9"})
    assert client.get("/").status_code == 200


def test_only_coordinators_change_an_organisations_place_in_the_network(org_admin, leader, organisation):
    for person in (org_admin, leader):
        with pytest.raises(PermissionDenied):
            services.deactivate_organisation(by=person, organisation=organisation)
    organisation.refresh_from_db()
    assert organisation.is_active


def test_a_coordinator_cannot_deactivate_their_own_organisation(coordinator):
    with pytest.raises(PermissionDenied):
        services.deactivate_organisation(by=coordinator, organisation=coordinator.membership.organisation)


def test_deactivating_a_deactivated_organisation_is_refused_with_a_message(coordinator, organisation):
    services.deactivate_organisation(by=coordinator, organisation=organisation)
    with pytest.raises(ValidationError, match="redan avaktiverad"):
        services.deactivate_organisation(by=coordinator, organisation=organisation)


def test_deactivating_an_organisation_takes_the_same_queries_however_many_members_it_has(
    coordinator, organisation, other_organisation
):
    from partners import audit

    audit.record(actor=None, action="test.start")  # the very first audit event creates the chain head
    counts = []
    for place, size in ((organisation, 2), (other_organisation, 6)):
        for _number in range(size):
            make_member(place)
        by = User.objects.get(pk=coordinator.pk)  # nothing cached from the round before
        with CaptureQueriesContext(connection) as queries:
            services.deactivate_organisation(by=by, organisation=place)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_coordinator_in_a_deactivated_organisation_keeps_their_sessions(
    coordinator, organisation, client_for
):
    colleague = make_member(organisation)
    colleague.groups.add(Group.objects.get_or_create(name=Role.COORDINATOR)[0])
    client = client_for(None)
    client.post("/accounts/login/", {"login": colleague.email, "password": "a-long-test-password-9"})
    services.deactivate_organisation(by=coordinator, organisation=organisation)
    assert UserSession.objects.filter(user=colleague).exists()
    assert client.get("/").status_code == 200
