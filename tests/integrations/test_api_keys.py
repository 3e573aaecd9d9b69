"""API keys: created by the organisation's admin, shown once, stored hashed, scoped, expiring, revocable."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from integrations import services
from integrations.models import ApiKey
from partners.models import AuditEvent
from tests.integrations.factories import issue_key

pytestmark = pytest.mark.django_db


def services_status(secret):
    return Client().get("/open311/v2/services.json", HTTP_X_API_KEY=secret).status_code


def test_only_the_hash_of_a_key_is_stored(organisation):
    key, secret = issue_key(organisation)
    assert secret not in key.key_hash
    assert key.key_hash == ApiKey.hash(secret)
    assert not ApiKey.objects.filter(key_hash=secret).exists()


def test_org_admin_creates_a_key_for_their_organisation(org_admin, organisation):
    issued = services.create_api_key(
        organisation=organisation, by=org_admin, name="Fastighetssystem", scopes=["read", "write"]
    )
    assert issued.key.scope_list == ["read", "write"]
    assert AuditEvent.objects.filter(action="api_key.create", actor=org_admin).exists()


def test_a_member_who_is_not_admin_cannot_create_a_key(member, organisation):
    with pytest.raises(PermissionDenied):
        services.create_api_key(organisation=organisation, by=member, name="X", scopes=["read"])


def test_an_admin_of_another_organisation_cannot_create_a_key(outsider_admin, organisation):
    with pytest.raises(PermissionDenied):
        services.create_api_key(organisation=organisation, by=outsider_admin, name="X", scopes=["read"])


def test_an_unknown_scope_is_refused(org_admin, organisation):
    with pytest.raises(ValidationError):
        services.create_api_key(organisation=organisation, by=org_admin, name="X", scopes=["admin"])


def test_an_expired_key_is_refused(organisation):
    key, secret = issue_key(organisation, expires_at=timezone.now() + timedelta(minutes=5))
    assert services_status(secret) == 200
    ApiKey.objects.filter(pk=key.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert services_status(secret) == 401


def test_a_key_revoked_between_two_requests_stops_at_once(org_admin, organisation):
    key, secret = issue_key(organisation)
    assert services_status(secret) == 200
    services.revoke_api_key(key=key, by=org_admin)
    assert services_status(secret) == 401
    key.service_user.refresh_from_db()
    assert not key.service_user.is_active


def test_revoking_is_audited_with_the_keys_name(org_admin, organisation):
    key, _secret = issue_key(organisation)
    services.revoke_api_key(key=key, by=org_admin)
    event = AuditEvent.objects.get(action="api_key.revoke")
    assert event.target_label == f"API key Arbetsorder of {organisation.name}"


def test_the_command_prints_a_working_key_once(organisation):
    out = StringIO()
    call_command("create_api_key", str(organisation.pk), "--scope", "read,write", stdout=out)
    secret = out.getvalue().strip()
    assert secret.startswith("smv_")
    assert ApiKey.objects.get(key_hash=ApiKey.hash(secret)).scope_list == ["read", "write"]
    assert services_status(secret) == 200


def test_the_command_refuses_an_unknown_organisation(db):
    with pytest.raises(CommandError):
        call_command("create_api_key", "999999", stdout=StringIO())


def test_the_page_shows_a_new_key_once(client_for, org_admin):
    client = client_for(org_admin)
    response = client.post("/integrations/keys/new/", {"name": "Arbetsorder", "scopes": ["read"]})
    assert response.status_code == 200
    key = ApiKey.objects.get()
    secret = response.context["new_key"].secret
    assert ApiKey.hash(secret) == key.key_hash
    assert secret not in client.get("/integrations/").content.decode()


def test_a_member_cannot_open_the_integrations_page(client_for, member):
    assert client_for(member).get("/integrations/").status_code == 403


def test_an_admin_cannot_revoke_another_organisations_key(client_for, outsider_admin, organisation):
    key, secret = issue_key(organisation)
    response = client_for(outsider_admin).post(f"/integrations/keys/{key.pk}/revoke/")
    assert response.status_code == 404
    assert services_status(secret) == 200


def test_a_write_only_key_files_a_report_but_cannot_read(organisation):
    from tests.partners.factories import AreaFactory

    _key, secret = issue_key(organisation, scopes=("write",))
    assert services_status(secret) == 403
    response = Client().post(
        "/open311/v2/requests.json",
        {
            "service_code": "fire",
            "address_string": "Skolan",
            "description": "Brand i papperskorg.",
            "attribute[area]": str(AreaFactory(name="Vega").pk),
        },
        HTTP_X_API_KEY=secret,
    )
    assert response.status_code == 201
