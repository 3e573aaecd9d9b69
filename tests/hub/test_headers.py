"""Caching and origin rules that every page shares."""

import pytest
from django.http import HttpResponse
from django.urls import reverse

from forum import services
from hub.middleware import SecurityHeadersMiddleware, TrustedProxyMiddleware, cache_allowed
from tests.forum.factories import CategoryFactory

pytestmark = pytest.mark.django_db


def signed_in_pages(member):
    thread = services.create_thread(
        category=CategoryFactory(), by=member, title="Trasiga lyktor", body="Tre lyktor är trasiga."
    )
    return [
        reverse("dashboard"),
        thread.get_absolute_url(),
        reverse("forum:search") + "?q=lykta",
        reverse("partners:directory"),
        reverse("partners:organisation", args=(member.membership.organisation_id,)),
    ]


def test_every_page_a_signed_in_person_sees_is_private_and_not_stored(member, client_for):
    client = client_for(member)
    for url in signed_in_pages(member):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "private, no-store", url


def test_a_page_may_opt_out_of_no_store(member, rf):
    request = rf.get("/")
    request.user = member
    response = SecurityHeadersMiddleware(cache_allowed(lambda request: HttpResponse()))(request)
    assert "no-store" not in response.get("Cache-Control", "")


def test_sockets_may_connect_only_to_the_hubs_own_origin(member, client_for):
    policy = client_for(member).get(reverse("dashboard"))["Content-Security-Policy"]
    connect = next(part.strip() for part in policy.split(";") if part.strip().startswith("connect-src"))
    assert connect == "connect-src 'self' ws://testserver"


def test_secure_requests_allow_only_the_secure_socket_origin(member, rf):
    request = rf.get("/", secure=True)
    request.user = member
    policy = SecurityHeadersMiddleware(lambda request: HttpResponse())(request)["Content-Security-Policy"]
    assert "connect-src 'self' wss://testserver" in policy
    assert " ws:" not in policy and " wss:;" not in policy


def forwarded_proto_after(remote_addr, rf, settings):
    seen = {}

    def view(request):
        seen["proto"] = request.META.get("HTTP_X_FORWARDED_PROTO")
        return HttpResponse()

    TrustedProxyMiddleware(view)(rf.get("/", REMOTE_ADDR=remote_addr, HTTP_X_FORWARDED_PROTO="https"))
    return seen["proto"]


def test_forwarded_proto_from_a_client_is_dropped(rf, settings):
    settings.HUB_PROXY_ADDRESSES = ["10.0.0.5/32"]
    assert forwarded_proto_after("203.0.113.9", rf, settings) is None


def test_forwarded_proto_from_a_listed_proxy_is_believed(rf, settings):
    settings.HUB_PROXY_ADDRESSES = ["10.0.0.0/24"]
    assert forwarded_proto_after("10.0.0.5", rf, settings) == "https"
