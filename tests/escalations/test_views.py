"""Escalation pages: permission matrix, forms and handling."""

import pytest

from escalations.models import Escalation, Status
from tests.escalations.factories import EscalationFactory

pytestmark = pytest.mark.django_db


def test_member_raises_through_the_form(client_for, member):
    response = client_for(member).post(
        "/escalations/new/", {"subject": "Klotter", "summary": "Varje natt", "urgency": "acute"}
    )
    escalation = Escalation.objects.get()
    assert response["Location"] == escalation.get_absolute_url()
    assert escalation.urgency == "acute"


def test_form_without_subject_shows_error(client_for, member):
    response = client_for(member).post(
        "/escalations/new/", {"subject": "", "summary": "x", "urgency": "normal"}
    )
    assert response.status_code == 200
    assert not Escalation.objects.exists()


def test_form_with_invisible_source_shows_error(client_for, member, settings):
    settings.ESCALATION_SOURCE_MODELS = ["partners.organisation"]
    response = client_for(member).post(
        "/escalations/new/",
        {
            "subject": "S",
            "summary": "x",
            "urgency": "normal",
            "source": "partners.organisation",
            "source_id": "999999",
        },
    )
    assert response.status_code == 200
    assert "field-errors" in response.content.decode() or "form-errors" in response.content.decode()
    assert not Escalation.objects.exists()


def test_rate_limited_form_says_so(client_for, member, settings):
    settings.ESCALATION_RATE_LIMIT_PER_HOUR = 0
    response = client_for(member).post(
        "/escalations/new/", {"subject": "S", "summary": "x", "urgency": "normal"}
    )
    assert response.status_code == 200
    assert not Escalation.objects.exists()


def test_answering_closed_escalation_shows_message_not_500(client_for, leader, organisation):
    escalation = EscalationFactory(organisation=organisation, status=Status.CLOSED)
    response = client_for(leader).post(
        f"/escalations/{escalation.pk}/answer/", {"answer": "late"}, follow=True
    )
    assert response.status_code == 200
    escalation.refresh_from_db()
    assert escalation.answer == ""


def test_list_queries_are_constant(client_for, leader, organisation, django_assert_max_num_queries):
    EscalationFactory.create_batch(30, organisation=organisation)
    client = client_for(leader)
    with django_assert_max_num_queries(20):
        assert client.get("/escalations/").status_code == 200


def test_leader_list_loads_live_script_and_member_list_does_not(client_for, leader, member):
    assert "js/escalations.js" in client_for(leader).get("/escalations/").content.decode()
    assert "js/escalations.js" not in client_for(member).get("/escalations/").content.decode()


def test_dashboard_panel_and_nav_link(client_for, member, organisation):
    EscalationFactory(organisation=organisation, subject="Trapphus")
    body = client_for(member).get("/").content.decode()
    assert "Trapphus" in body and 'href="/escalations/"' in body


def test_demo_seed_is_idempotent(db):
    from escalations import demo
    from partners import demo as partners_demo

    partners_demo.seed()
    demo.seed()
    demo.seed()
    assert (
        Escalation.objects.filter(organisation__name="Haninge Bostäder AB", status=Status.OPEN).count() == 1
    )
    assert Escalation.objects.filter(status=Status.ANSWERED).count() == 1
