"""An API key acts as a service identity in its organisation; it is nobody's colleague: no member
list, count, choice or notification includes it."""

from datetime import UTC, datetime, timedelta

import pytest

from escalations import services as escalations
from forum.services import mentioned_users
from meetings import services as meetings
from partners import audit, selectors
from partners.models import Membership
from realtime.models import Notification
from reports import permissions as report_permissions
from reports import services as reports
from situation import selectors as situation
from tests.partners.factories import AreaFactory, OrganisationFactory, make_member
from tests.reports.factories import RoutingRuleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def service_user(read_key):
    key, _secret = read_key
    return key.service_user


def test_the_keys_identity_is_marked_as_a_service_account(service_user):
    assert service_user.is_service_account
    assert audit.actor_name(service_user) == service_user.full_name


def test_the_member_list_leaves_out_the_keys_identity(service_user, organisation, member, org_admin):
    listed = {membership.user for membership in selectors.members_of(organisation, viewer=org_admin)}
    assert listed == {member, org_admin}


def test_the_directory_counts_only_people(service_user, organisation, member, org_admin):
    counted = selectors.directory_for(member).get(pk=organisation.pk)
    assert counted.member_count == 2


def test_the_directory_page_shows_the_count_of_people(client, service_user, organisation, member):
    client.force_login(member)
    response = client.get("/partners/")
    row = next(line for line in response.content.decode().split("<tr") if organisation.name in line)
    assert "<td>1</td>" in row


def test_a_report_routed_to_the_organisation_tells_its_people_only(service_user, organisation, member):
    area = AreaFactory(name="Handen")
    RoutingRuleFactory(category="vandalism", area=area, organisation=organisation)
    filer = make_member(OrganisationFactory(name="Nattvandrarna"), email="filer@example.test")
    report = reports.create_report(
        by=filer,
        area=area,
        category="vandalism",
        place_text="Poststigen 4",
        occurred_at=datetime.now(UTC) - timedelta(hours=1),
        description="Krossad ruta.",
    )
    told = set(Notification.objects.filter(url=report.get_absolute_url()).values_list("recipient", flat=True))
    assert told == {member.pk}


def test_handlers_and_admins_of_the_organisation_are_people(service_user, organisation, member, org_admin):
    assert set(report_permissions.active_members_of(organisation)) == {member, org_admin}
    assert report_permissions.admins_of(organisation) == [org_admin]


def test_escalation_recipients_leave_out_the_keys_identity(service_user, organisation, member):
    assert list(escalations._organisation_members(organisation)) == [member]


def test_a_meetings_invitees_are_people(service_user, organisation, member):
    assert meetings._invitees([organisation]) == [member]


def test_the_weekly_reporter_choice_lists_people(service_user, organisation, member):
    assert list(situation.reporter_candidates(organisation)) == [member]


def test_the_keys_identity_cannot_be_mentioned(service_user):
    handle = service_user.email.split("@")[0]
    assert mentioned_users(f"@{handle} ser du detta?") == []


def test_the_hub_role_list_leaves_out_the_keys_identity(service_user, member):
    assert list(selectors.people_with_roles()) == [member]


def test_the_identity_still_belongs_to_its_organisation(service_user, organisation):
    assert Membership.objects.get(user=service_user).organisation == organisation
