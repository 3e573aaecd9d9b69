"""Meeting pages: what each role sees and may post, and bad input answered without a 500."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import Invitation, Meeting
from tests.meetings.factories import ActionFactory, ItemFactory
from tests.partners.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_chair_plans_a_meeting_in_the_form(client, chair, organisation, member):
    client.force_login(chair)
    start = timezone.localtime() + timedelta(days=5)
    response = client.post(
        reverse("meetings:plan"),
        {
            "title": "Forum januari",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "place": "Kommunhuset",
            "organisations": [organisation.pk],
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response.url == meeting.get_absolute_url()
    assert meeting.invitations.filter(user=member).exists()


def test_plan_form_without_place_shows_the_error(client, chair, organisation):
    client.force_login(chair)
    start = timezone.localtime() + timedelta(days=5)
    response = client.post(
        reverse("meetings:plan"),
        {
            "title": "Forum",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "organisations": [organisation.pk],
        },
    )
    assert response.status_code == 200 and not Meeting.objects.exists()
    assert response.context["form"].non_field_errors()


def test_member_cannot_open_the_plan_form(client, member):
    client.force_login(member)
    assert client.get(reverse("meetings:plan")).status_code == 403


def test_uninvited_partner_gets_404_for_the_meeting(client, meeting, outsider):
    client.force_login(outsider)
    assert client.get(meeting.get_absolute_url()).status_code == 404
    assert client.get(reverse("meetings:pdf", args=[meeting.pk])).status_code == 404


def test_member_answers_the_invitation(client, meeting, member):
    client.force_login(member)
    client.post(reverse("meetings:respond", args=[meeting.pk]), {"response": "not_attending"})
    assert meeting.invitations.get(user=member).response == Invitation.Response.NOT_ATTENDING


def test_member_posting_an_item_changes_nothing(client, meeting, member):
    client.force_login(member)
    response = client.post(reverse("meetings:add_item", args=[meeting.pk]), {"title": "Min punkt"})
    assert response.status_code == 403
    assert not meeting.items.exists()


def test_restricted_item_is_not_on_the_page_or_the_pdf_of_other_partners(client, meeting, member, outsider):
    meeting.invited_organisations.add(outsider.membership.organisation)
    ItemFactory(meeting=meeting, title="Hemlig polispunkt", restricted_to=outsider.membership.organisation)
    client.force_login(member)
    assert "Hemlig polispunkt" not in client.get(meeting.get_absolute_url()).content.decode()
    assert (
        "Hemlig polispunkt" not in client.get(reverse("meetings:print", args=[meeting.pk])).content.decode()
    )
    client.force_login(outsider)
    assert "Hemlig polispunkt" in client.get(reverse("meetings:print", args=[meeting.pk])).content.decode()


def test_minutes_pdf_is_a_pdf(client, meeting, chair):
    ItemFactory(meeting=meeting, title="Lägesbild", decision="Godkänd")
    client.force_login(chair)
    response = client.get(reverse("meetings:pdf", args=[meeting.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_ics_download_is_a_calendar(client, meeting, member):
    client.force_login(member)
    response = client.get(reverse("meetings:ics", args=[meeting.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in response.content


def test_wrong_password_on_approval_shows_a_message_not_an_error_page(client, meeting, chair, member):
    meeting.adjuster = member
    meeting.save()
    client.force_login(chair)
    response = client.post(
        reverse("meetings:approve", args=[meeting.pk]),
        {"sha256": meeting.minutes_sha256(), "password": "fel"},
        follow=True,
    )
    assert response.status_code == 200 and not meeting.approvals.exists()


def test_chair_approves_from_the_page(client, meeting, chair, member):
    meeting.adjuster = member
    meeting.save()
    client.force_login(chair)
    client.post(
        reverse("meetings:approve", args=[meeting.pk]),
        {"sha256": meeting.minutes_sha256(), "password": PASSWORD},
    )
    assert meeting.approvals.filter(role="chair").exists()


def test_action_queue_shows_the_organisations_actions_and_reports_one_done(client, meeting, member, outsider):
    action = ActionFactory(
        item=ItemFactory(meeting=meeting, decision="Beslut"), owner=member.membership.organisation
    )
    client.force_login(outsider)
    assert action.description not in client.get(reverse("meetings:actions")).content.decode()
    assert client.post(reverse("meetings:action_done", args=[action.pk]), {"comment": "x"}).status_code == 404
    client.force_login(member)
    assert action.description in client.get(reverse("meetings:actions")).content.decode()
    client.post(reverse("meetings:action_done", args=[action.pk]), {"comment": "Klart"})
    action.refresh_from_db()
    assert action.is_done


def test_dashboard_shows_the_next_meeting_and_open_actions(client, meeting, member):
    ActionFactory(item=ItemFactory(meeting=meeting, decision="Beslut"), owner=member.membership.organisation)
    client.force_login(member)
    page = client.get(reverse("dashboard")).content.decode()
    assert meeting.title in page and "Se över belysningen" in page
