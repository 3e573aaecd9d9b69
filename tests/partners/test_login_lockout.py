"""Wrong passwords lock an address out of an account, never the account's owner elsewhere."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.partners.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()
    yield
    cache.clear()


def log_in(client, email, password, address):
    return client.post(reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=address)


def test_an_attacker_cannot_lock_the_owner_out_from_the_owners_address(member, client_for):
    attacker = client_for(None)
    for _ in range(6):
        log_in(attacker, member.email, "gissning", "198.51.100.66")
    refused = log_in(attacker, member.email, PASSWORD, "198.51.100.66")
    assert "_auth_user_id" not in attacker.session, "the guessing address stays locked out"
    assert refused.status_code == 200

    owner = client_for(None)
    response = log_in(owner, member.email, PASSWORD, "192.0.2.10")
    assert response.status_code == 302
    assert owner.session["_auth_user_id"] == str(member.pk)


def test_guessing_from_one_address_is_still_limited_over_many_accounts(member, signatory, client_for):
    attacker = client_for(None)
    for number in range(12):
        log_in(attacker, f"gissad{number}@example.test", "gissning", "198.51.100.66")
    response = log_in(attacker, signatory.email, PASSWORD, "198.51.100.66")
    assert "_auth_user_id" not in attacker.session
    assert response.status_code in (200, 429)
