import time

import pytest
from django.core.cache import cache
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def test_pages_carry_a_csp_without_inline_scripts(member, client_for):
    response = client_for(member).get(reverse("dashboard"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_pages_have_no_inline_script_or_event_handler(member, client_for):
    content = client_for(member).get(reverse("dashboard")).content.decode()
    assert "<script>" not in content
    assert " onclick=" not in content and " onload=" not in content


def test_sensitive_prefixes_are_not_stored(member, client_for, settings):
    settings.HUB_NO_STORE_PREFIXES = ["/partners/"]
    response = client_for(member).get(reverse("partners:directory"))
    assert response["Cache-Control"] == "private, no-store"


def test_idle_session_is_ended(member, client_for, settings):
    client = client_for(member)
    assert client.get(reverse("dashboard")).status_code == 200
    session = client.session
    session["hub_seen_at"] = int(time.time()) - settings.HUB_SESSION_IDLE_SECONDS - 5
    session.save()
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_page_refreshing_its_parts_does_not_keep_the_session_alive(member, client_for, settings):
    client = client_for(member)
    client.get(reverse("dashboard"))
    session = client.session
    idle_since = int(time.time()) - settings.HUB_SESSION_IDLE_SECONDS + 120
    session["hub_seen_at"] = idle_since
    session.save()
    assert client.get(reverse("dashboard"), HTTP_X_HUB_REFRESH="1").status_code == 200
    assert client.session["hub_seen_at"] == idle_since
    client.get(reverse("dashboard"))
    assert client.session["hub_seen_at"] > idle_since


def test_session_ends_after_absolute_lifetime_even_when_active(member, client_for, settings):
    client = client_for(member)
    client.get(reverse("dashboard"))
    session = client.session
    session["hub_started_at"] = int(time.time()) - settings.HUB_SESSION_MAX_SECONDS - 5
    session["hub_seen_at"] = int(time.time())
    session.save()
    assert client.get(reverse("dashboard")).status_code == 302


def test_page_carries_expiry_warning_with_extend_form(member, client_for):
    content = client_for(member).get(reverse("dashboard")).content.decode()
    assert 'id="session-warning"' in content
    assert reverse("extend_session") in content


def test_extending_restarts_the_idle_clock(member, client_for, settings):
    client = client_for(member)
    client.get(reverse("dashboard"))
    session = client.session
    session["hub_seen_at"] = int(time.time()) - settings.HUB_SESSION_IDLE_SECONDS + 30
    session.save()
    response = client.post(reverse("extend_session"), HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response.json()["expires_at"] >= int(time.time()) + settings.HUB_SESSION_IDLE_SECONDS - 2


def test_write_flood_gets_429_with_clear_page(org_admin, organisation, client_for, settings):
    settings.HUB_WRITE_RATE_LIMITS = [("/partners/", 3, 60)]
    client = client_for(org_admin)
    url = reverse("partners:invite", args=[organisation.pk])
    statuses = [
        client.post(url, {"email": f"p{i}@example.test", "role": "member"}).status_code for i in range(5)
    ]
    assert statuses[:3] == [302, 302, 302]
    assert statuses[3:] == [429, 429]
    response = client.post(url, {"email": "late@example.test", "role": "member"})
    assert "429.html" in [template.name for template in response.templates]


def test_rate_limit_counts_each_person_separately(org_admin, coordinator, organisation, client_for, settings):
    settings.HUB_WRITE_RATE_LIMITS = [("/partners/", 1, 60)]
    url = reverse("partners:invite", args=[organisation.pk])
    assert client_for(org_admin).post(url, {"email": "a@example.test", "role": "member"}).status_code == 302
    assert client_for(coordinator).post(url, {"email": "b@example.test", "role": "member"}).status_code == 302


def test_forged_forwarded_for_does_not_reset_anonymous_limit(client_for, settings):
    settings.HUB_WRITE_RATE_LIMITS = [("/partners/invitations/", 2, 60)]
    settings.HUB_TRUSTED_PROXIES = 0
    client = client_for(None)
    url = reverse("partners:accept_invitation", args=["nonexistent-token"])
    statuses = [client.post(url, {}, HTTP_X_FORWARDED_FOR=f"10.0.0.{i}").status_code for i in range(4)]
    assert statuses[-1] == 429


def test_error_pages_show_no_internals(member, client_for):
    response = client_for(member).get("/partners/999999/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "Traceback" not in content and "partners.views" not in content


def test_swedish_is_used_whatever_the_browser_asks_for(member, client_for):
    response = client_for(member).get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "sv"


def test_english_is_used_when_the_person_chose_it(member, client_for):
    client = client_for(member)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("dashboard"))
    assert response["Content-Language"] == "en"
    assert 'lang="en"' in response.content.decode()
