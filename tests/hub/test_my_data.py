import json

import pytest
from django.urls import reverse

from partners.models import AuditEvent
from realtime.services import notify

pytestmark = pytest.mark.django_db


def test_member_downloads_what_the_hub_holds_about_them_and_it_is_audited(member, outsider, client_for):
    notify([member], kind="report.comment", text="Klottret är sanerat", url="/")
    notify([outsider], kind="report.comment", text="Someone else's", url="/")
    response = client_for(member).post(reverse("my_data"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["partners"]["profile"][0]["email"] == member.email
    assert data["partners"]["membership"][0]["organisation"] == member.membership.organisation.name
    assert [n["text"] for n in data["realtime"]["notifications"]] == ["Klottret är sanerat"]
    assert AuditEvent.objects.filter(action="personal_data.export", actor=member).exists()


def test_my_data_page_explains_before_downloading(member, client_for):
    response = client_for(member).get(reverse("my_data"))
    assert response.status_code == 200
    assert not AuditEvent.objects.filter(action="personal_data.export").exists()


def test_anonymous_cannot_export(client_for):
    assert client_for(None).post(reverse("my_data")).status_code == 302
