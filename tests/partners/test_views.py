import pytest
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.core import mail
from django.urls import reverse

from partners import services
from partners.models import AuditEvent, Invitation, Organisation, User
from tests.partners.factories import AreaFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password-9"


def test_invited_person_sets_password_and_lands_on_hub_logged_in(org_admin, organisation, client_for):
    issued = services.invite_member(by=org_admin, organisation=organisation, email="ny@example.test")
    client = client_for(None)
    page = client.get(issued.path)
    assert page.status_code == 200
    assert organisation.name in page.content.decode()
    response = client.post(
        issued.path,
        {"full_name": "Nina Ny", "password1": "ett-starkt-losen-42", "password2": "ett-starkt-losen-42"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("dashboard")
    assert response.context["user"].email == "ny@example.test"
    assert "Nina" in response.content.decode()
    assert UserSession.objects.filter(user__email="ny@example.test").exists()


def test_used_invitation_link_shows_clear_page(org_admin, organisation, client_for):
    issued = services.invite_member(by=org_admin, organisation=organisation, email="ny@example.test")
    services.accept_invitation(token=issued.token, full_name="Nina Ny", password="ett-starkt-losen-42")
    response = client_for(None).get(issued.path)
    assert response.status_code == 410
    assert response.templates[0].name == "partners/invitation_invalid.html"


def test_mismatched_passwords_show_error_and_create_nothing(org_admin, organisation, client_for):
    issued = services.invite_member(by=org_admin, organisation=organisation, email="ny@example.test")
    response = client_for(None).post(
        issued.path, {"full_name": "Nina", "password1": "ett-starkt-losen-42", "password2": "annat-losen-42"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["password2"]
    assert not User.objects.filter(email="ny@example.test").exists()


def test_signup_is_closed(client_for):
    response = client_for(None).get(reverse("account_signup"))
    assert response.status_code == 200
    assert "signup_closed" in response.templates[0].name
    client_for(None).post(
        reverse("account_signup"),
        {"email": "x@example.test", "password1": "abcdefgh12!", "password2": "abcdefgh12!"},
    )
    assert not User.objects.filter(email="x@example.test").exists()


def test_deactivated_user_cannot_log_in(deactivated, client_for):
    client = client_for(None)
    response = client.post(reverse("account_login"), {"login": deactivated.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert response["Location"] == reverse("account_inactive")


def test_member_logs_in_with_email_and_login_is_audited(member, client_for):
    client = client_for(None)
    response = client.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="auth.login", actor=member).exists()


def test_failed_login_is_audited_without_revealing_whether_email_exists(member, client_for):
    client = client_for(None)
    known = client.post(reverse("account_login"), {"login": member.email, "password": "wrong-password"})
    unknown = client.post(reverse("account_login"), {"login": "nobody@example.test", "password": "wrong"})
    assert known.context["form"].non_field_errors() == unknown.context["form"].non_field_errors()
    assert AuditEvent.objects.filter(action="auth.login_failed").count() == 2


def test_password_reset_answers_the_same_for_unknown_email(member, client_for):
    client = client_for(None)
    known = client.post(reverse("account_reset_password"), {"email": member.email})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.test"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert any(member.email in message.to for message in mail.outbox)


def test_dashboard_greets_with_organisation_and_role(chair, client_for):
    response = client_for(chair).get(reverse("dashboard"))
    content = response.content.decode()
    assert chair.get_short_name() in content
    assert chair.membership.organisation.name in content
    assert "role-tag" in content


def test_admin_login_goes_through_allauth(client_for):
    response = client_for(None).get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_privileged_user_without_totp_is_sent_to_mfa_setup_when_required(chair, client_for, settings):
    settings.HUB_MFA_REQUIRED_FOR_PRIVILEGED = True
    response = client_for(chair).get(reverse("partners:directory"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_mfa_setup_flow_is_reachable_when_required(chair, client_for, settings):
    """The forced set-up must not loop: allauth asks for the password again, then shows the QR code."""
    settings.HUB_MFA_REQUIRED_FOR_PRIVILEGED = True
    client = client_for(chair)
    response = client.get(reverse("mfa_activate_totp"), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))
    response = client.post(response.redirect_chain[-1][0], {"password": PASSWORD}, follow=True)
    assert response.status_code == 200
    assert response.request["PATH_INFO"] == reverse("mfa_activate_totp")


def test_privileged_user_with_totp_passes_when_required(chair, client_for, settings):
    settings.HUB_MFA_REQUIRED_FOR_PRIVILEGED = True
    Authenticator.objects.create(user=chair, type=Authenticator.Type.TOTP, data={"secret": "x"})
    assert client_for(chair).get(reverse("partners:directory")).status_code == 200


def test_plain_member_is_not_forced_to_mfa(member, client_for, settings):
    settings.HUB_MFA_REQUIRED_FOR_PRIVILEGED = True
    assert client_for(member).get(reverse("partners:directory")).status_code == 200


def test_mfa_is_optional_when_setting_is_off(chair, client_for, settings):
    settings.HUB_MFA_REQUIRED_FOR_PRIVILEGED = False
    assert client_for(chair).get(reverse("partners:directory")).status_code == 200


def test_coordinator_creates_organisation_through_form(
    coordinator, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(coordinator).post(
            reverse("partners:organisation_create"),
            {
                "name": "Brandbergens Företagarförening",
                "kind": "business",
                "organisation_number": "802412-3450",
                "admin_email": "chef@example.test",
            },
        )
    organisation = Organisation.objects.get(name="Brandbergens Företagarförening")
    assert response.status_code == 302
    assert Invitation.objects.get(email="chef@example.test").organisation == organisation
    assert mail.outbox[0].to == ["chef@example.test"]


def test_invalid_organisation_number_in_form_shows_message_and_saves_nothing(coordinator, client_for):
    response = client_for(coordinator).post(
        reverse("partners:organisation_create"),
        {
            "name": "Fel AB",
            "kind": "business",
            "organisation_number": "556139-2208",
            "admin_email": "chef@example.test",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["organisation_number"]
    assert not Organisation.objects.filter(name="Fel AB").exists()
    assert not Invitation.objects.exists()


def test_duplicate_email_in_invitation_form_shows_message(org_admin, member, organisation, client_for):
    response = client_for(org_admin).post(
        reverse("partners:invite", args=[organisation.pk]), {"email": member.email, "role": "member"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert not Invitation.objects.exists()


def test_directory_lists_organisations_with_contact_person(member, organisation, org_admin, client_for):
    organisation.contact_person = org_admin
    organisation.save()
    response = client_for(member).get(reverse("partners:directory"))
    content = response.content.decode()
    assert organisation.name in content
    assert org_admin.email in content


def test_directory_runs_constant_queries(member, client_for, django_assert_max_num_queries):
    from tests.partners.factories import OrganisationFactory

    client = client_for(member)
    client.get(reverse("partners:directory"))  # the first request records the user's session
    OrganisationFactory.create_batch(30)
    with django_assert_max_num_queries(8):
        client.get(reverse("partners:directory"))


def test_plain_member_page_hides_admin_actions(member, organisation, client_for):
    content = (
        client_for(member).get(reverse("partners:organisation", args=[organisation.pk])).content.decode()
    )
    assert reverse("partners:invite", args=[organisation.pk]) not in content


def test_interface_is_swedish_by_default(member, client_for):
    response = client_for(member).get(reverse("partners:directory"))
    assert response.content.decode().count('lang="sv"') == 1
    assert "Partnerkatalog" in response.content.decode()


def test_only_a_coordinator_is_offered_to_deactivate_an_organisation(
    coordinator, org_admin, organisation, client_for
):
    url = organisation.get_absolute_url()
    action = f"/partners/{organisation.pk}/deactivate/"
    assert action in client_for(coordinator).get(url).content.decode()
    assert action not in client_for(org_admin).get(url).content.decode()


def test_deactivating_an_organisation_from_its_page_says_what_happened(coordinator, organisation, client_for):
    client = client_for(coordinator)
    response = client.post(f"/partners/{organisation.pk}/deactivate/", follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == organisation.get_absolute_url()
    assert "/reactivate/" in page
    assert f"{organisation.name} har avaktiverats och dess medlemmar har loggats ut." in page
    organisation.refresh_from_db()
    assert not organisation.is_active


def test_the_area_list_shows_inactive_areas_to_a_coordinator_only(client_for, coordinator, member):
    AreaFactory(name="Handen")
    AreaFactory(name="Gamla Tungelsta", is_active=False)
    listed = {area.name for area in client_for(coordinator).get(reverse("partners:areas")).context["areas"]}
    assert listed == {"Handen", "Gamla Tungelsta"}
    listed = {area.name for area in client_for(member).get(reverse("partners:areas")).context["areas"]}
    assert listed == {"Handen"}
