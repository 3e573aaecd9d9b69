"""Tamper evidence: rewriting, replacing or removing audit rows or a signature from the database
itself breaks the chain, and verify_audit names the first broken link and alerts coordinators."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from partners import audit, audit_chain
from partners.models import AuditChainHead, AuditEvent
from realtime.models import Notification

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]


def _write_events(member, count=4):
    return [audit.record(actor=member, action="thing.do", target=member, data={"n": n}) for n in range(count)]


def _raw(*statements):
    """What someone with the application's own connection could do, triggers included."""
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _without_triggers(statement):
    if connection.vendor == "sqlite":
        return [
            "DROP TRIGGER IF EXISTS partners_auditevent_no_update",
            "DROP TRIGGER IF EXISTS partners_auditevent_no_delete",
            statement,
        ]
    return [
        "SET CONSTRAINTS ALL IMMEDIATE",
        "ALTER TABLE partners_auditevent DISABLE TRIGGER USER",
        statement,
    ]


def test_an_untouched_chain_verifies(member):
    _write_events(member)
    assert audit_chain.verify() is None
    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert "intact: 4 events" in out.getvalue()


def test_each_event_is_chained_to_the_one_before(member):
    first, second, *_rest = _write_events(member)
    assert second.previous_hash == first.chain_hash and len(second.chain_hash) == 64


def test_a_rewritten_row_is_named(member):
    events = _write_events(member)
    _raw(*_without_triggers(f"UPDATE partners_auditevent SET target_label = 'x' WHERE id = {events[1].pk}"))
    broken = audit_chain.verify()
    assert broken is not None and broken.where == f"audit event {events[1].pk}"
    assert "changed" in broken.why


def test_a_removed_row_is_named(member):
    events = _write_events(member)
    _raw(*_without_triggers(f"DELETE FROM partners_auditevent WHERE id = {events[1].pk}"))
    broken = audit_chain.verify()
    assert broken is not None and broken.where == f"audit event {events[2].pk}"


def test_a_removed_tail_is_noticed(member):
    events = _write_events(member)
    _raw(*_without_triggers(f"DELETE FROM partners_auditevent WHERE id = {events[-1].pk}"))
    broken = audit_chain.verify()
    assert broken is not None and "newest" in broken.where


def test_a_row_replaced_in_place_is_noticed(member):
    """SQLite's INSERT OR REPLACE (PostgreSQL: INSERT ... ON CONFLICT DO UPDATE) swaps a row."""
    events = _write_events(member)
    event = events[2]
    copy = (
        "SELECT id, actor_id, actor_label, 'nothing.happened', target_type, target_id, target_label, data, "
        f"ip, created_at, previous_hash, chain_hash FROM partners_auditevent WHERE id = {event.pk}"
    )
    columns = (
        "(id, actor_id, actor_label, action, target_type, target_id, target_label, data, ip, created_at, "
        "previous_hash, chain_hash)"
    )
    if connection.vendor == "sqlite":
        _raw(f"INSERT OR REPLACE INTO partners_auditevent {columns} {copy}")
    else:
        _raw(
            *_without_triggers(
                f"INSERT INTO partners_auditevent {columns} {copy} "
                "ON CONFLICT (id) DO UPDATE SET action = EXCLUDED.action"
            )
        )
    assert AuditEvent.objects.get(pk=event.pk).action == "nothing.happened"
    assert audit_chain.verify().where == f"audit event {event.pk}"


def test_verify_audit_alerts_the_coordinators_and_fails(member, coordinator):
    events = _write_events(member)
    _raw(*_without_triggers(f"UPDATE partners_auditevent SET ip = '10.0.0.1' WHERE id = {events[0].pk}"))
    with pytest.raises(CommandError, match=f"audit event {events[0].pk}"):
        call_command("verify_audit", stdout=StringIO())
    alert = Notification.objects.get(recipient=coordinator, kind="audit.chain_broken")
    assert f"audit event {events[0].pk}" in alert.text


def test_a_signature_whose_hash_or_signed_text_changed_is_named(signatory):
    from agreements import services
    from tests.agreements.factories import make_version
    from tests.partners.factories import PASSWORD

    version = make_version(status="open")
    signature = services.sign_version(
        version=version, organisation=signatory.membership.organisation, by=signatory, password=PASSWORD
    )
    assert audit_chain.verify() is None
    table = signature._meta.db_table
    if connection.vendor == "sqlite":
        names = [
            row[0]
            for row in connection.cursor()
            .execute(f"SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = '{table}'")
            .fetchall()
        ]
        _raw(*[f"DROP TRIGGER {name}" for name in names])
    else:
        _raw("SET CONSTRAINTS ALL IMMEDIATE", f"ALTER TABLE {table} DISABLE TRIGGER USER")
    _raw(f"UPDATE {table} SET text_sha256 = '{'0' * 64}' WHERE id = {signature.pk}")
    assert audit_chain.verify().where == f"signature {signature.pk}"


def test_the_head_counts_every_event(member):
    _write_events(member, 3)
    assert AuditChainHead.objects.get().length == AuditEvent.objects.count()
