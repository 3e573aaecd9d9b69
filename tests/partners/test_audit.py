import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction

from partners import audit
from partners.models import AuditEvent

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]


def test_audit_event_records_actor_target_and_ip(member, rf):
    request = rf.get("/", REMOTE_ADDR="10.1.2.3")
    event = audit.record(
        actor=member, action="thing.do", target=member.membership.organisation, data={"x": 1}, request=request
    )
    assert event.actor == member
    assert event.target_type == "partners.organisation"
    assert event.ip == "10.1.2.3"


def test_forwarded_for_is_ignored_without_trusted_proxies(rf, settings):
    settings.HUB_TRUSTED_PROXIES = 0
    request = rf.get("/", REMOTE_ADDR="10.1.2.3", HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert audit.client_ip(request) == "10.1.2.3"


def test_forwarded_for_uses_the_address_the_trusted_proxy_saw(rf, settings):
    settings.HUB_TRUSTED_PROXIES = 1
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.7")
    assert audit.client_ip(request) == "192.0.2.7"


def test_audit_event_cannot_be_changed_through_the_model(member):
    event = audit.record(actor=member, action="thing.do")
    event.action = "thing.undo"
    with pytest.raises(ValidationError):
        event.save()
    with pytest.raises(ValidationError):
        event.delete()
    with pytest.raises(ValidationError):
        AuditEvent.objects.all().delete()


def test_database_refuses_raw_update_and_delete_of_audit_events(member):
    audit.record(actor=member, action="thing.do")
    for statement in ("UPDATE partners_auditevent SET action = 'x'", "DELETE FROM partners_auditevent"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert AuditEvent.objects.get().action == "thing.do"
