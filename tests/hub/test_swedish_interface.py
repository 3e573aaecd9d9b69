"""What a Swedish reader sees: error pages, names and dates in Swedish, never codes."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from partners.models import Invitation

pytestmark = pytest.mark.django_db


def test_the_403_page_is_in_swedish(member, client_for):
    response = client_for(member).get(reverse("partners:audit"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "Du har inte åtkomst till den här sidan" in page
    assert "You do not have access" not in page


def test_the_404_page_is_in_swedish(member, client_for):
    response = client_for(member).get("/reports/999999/")
    assert response.status_code == 404
    assert "Sidan finns inte" in response.content.decode()


def test_two_factor_login_has_one_name_on_the_link_and_the_page(member, client_for):
    client = client_for(member)
    link_page = client.get(reverse("my_data")).content.decode()
    mfa_page = client.get(reverse("mfa_index")).content.decode()
    assert "Tvåfaktorsautentisering" in link_page and "Tvåfaktorsautentisering" in mfa_page
    assert "Tvåsteg" not in link_page + mfa_page


def test_an_invitation_is_valid_until_a_date_written_out_in_swedish(org_admin, client_for):
    organisation = org_admin.membership.organisation
    Invitation.objects.create(
        organisation=organisation,
        email="ny@haninge.example",
        token_hash="0" * 64,
        invited_by=org_admin,
        expires_at=datetime(2026, 12, 9, 12, tzinfo=ZoneInfo("Europe/Stockholm")),
    )
    page = client_for(org_admin).get(organisation.get_absolute_url()).content.decode()
    assert "giltig till 9 december 2026" in page
