"""The signed-in person comes with their membership and organisation in one query, and sessions
signed in through the stock backends stay valid."""

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, get_user
from django.test import RequestFactory

from partners.backends import HubAuthenticationBackend, HubModelBackend

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("backend", [HubModelBackend, HubAuthenticationBackend])
def test_the_user_comes_with_membership_and_organisation(backend, member, django_assert_num_queries):
    with django_assert_num_queries(1):
        user = backend().get_user(member.pk)
        assert user.membership.organisation.name == member.membership.organisation.name


def test_a_deactivated_user_is_not_loaded(deactivated):
    assert HubModelBackend().get_user(deactivated.pk) is None


@pytest.mark.parametrize(
    "path",
    ["django.contrib.auth.backends.ModelBackend", "allauth.account.auth_backends.AuthenticationBackend"],
)
def test_a_session_from_before_the_hub_backends_stays_signed_in(client, member, path):
    client.force_login(member, backend=path)
    request = RequestFactory().get("/")
    request.session = client.session
    assert request.session[BACKEND_SESSION_KEY] == path
    assert get_user(request) == member
