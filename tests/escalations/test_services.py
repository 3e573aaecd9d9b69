"""Raising, acknowledging, answering and closing escalations."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from escalations import services
from escalations.models import Escalation, EscalationEvent, Status, Urgency
from partners.models import AuditEvent, Organisation
from realtime.models import Notification
from tests.escalations.factories import EscalationFactory

pytestmark = pytest.mark.django_db


def raise_one(user, **kwargs):
    values = {"subject": "Vandalism", "summary": "Every weekend.", "urgency": Urgency.URGENT, **kwargs}
    return services.raise_escalation(by=user, **values)


def test_member_raises_for_own_organisation_and_leadership_is_notified(member, leader, coordinator, outsider):
    escalation = raise_one(member)
    assert escalation.organisation == member.membership.organisation
    assert escalation.status == Status.OPEN
    assert escalation.due_at == escalation.created_at + timedelta(hours=4)
    notified = set(
        Notification.objects.filter(kind="escalation.raised").values_list("recipient_id", flat=True)
    )
    assert notified == {leader.pk, coordinator.pk}
    assert EscalationEvent.objects.get(escalation=escalation).kind == EscalationEvent.Kind.RAISED
    assert AuditEvent.objects.filter(action="escalation.raise", target_id=str(escalation.pk)).exists()


def test_escalation_without_subject_is_refused(member):
    with pytest.raises(ValidationError) as error:
        raise_one(member, subject="   ")
    assert "subject" in error.value.message_dict
    assert not Escalation.objects.exists()


def test_unknown_urgency_is_refused(member):
    with pytest.raises(ValidationError):
        raise_one(member, urgency="apocalyptic")


def test_source_the_user_may_not_see_is_refused(member, outsider):
    # An Organisation has visible_to(); a deactivated one is invisible to a plain member.
    hidden = Organisation.objects.create(
        name="Closed AB", kind="other", organisation_number="5560000000", is_active=False
    )
    with pytest.raises(ValidationError) as error:
        raise_one(member, source=hidden)
    assert "source" in error.value.message_dict


def test_visible_source_is_linked(member):
    source = member.membership.organisation
    escalation = raise_one(member, source=source)
    assert escalation.source == source


def test_resolve_source_refuses_models_not_allowed(member, settings):
    settings.ESCALATION_SOURCE_MODELS = ["forum.thread"]
    with pytest.raises(ValidationError):
        services.resolve_source(
            label="partners.organisation", pk=member.membership.organisation_id, user=member
        )


def test_resolve_source_refuses_non_numeric_id(member, settings):
    settings.ESCALATION_SOURCE_MODELS = ["partners.organisation"]
    with pytest.raises(ValidationError):
        services.resolve_source(label="partners.organisation", pk="1 or 1=1", user=member)


def test_rate_limit_per_organisation_gives_a_clear_message(member, signatory, settings):
    settings.ESCALATION_RATE_LIMIT_PER_HOUR = 2
    raise_one(member)
    raise_one(signatory)
    with pytest.raises(ValidationError) as error:
        raise_one(member)
    assert "2" in error.value.messages[0]
    assert Escalation.objects.count() == 2


def test_outsider_without_membership_cannot_raise(db):
    from tests.partners.factories import UserFactory

    with pytest.raises(PermissionDenied):
        raise_one(UserFactory())


def test_only_leadership_acknowledges(member, coordinator, leader):
    escalation = raise_one(member)
    for user in (member, coordinator):
        with pytest.raises(PermissionDenied):
            services.acknowledge(by=user, escalation=escalation)
    escalation = services.acknowledge(by=leader, escalation=escalation)
    assert escalation.status == Status.ACKNOWLEDGED
    assert escalation.acknowledged_by == leader
    assert escalation.time_to_acknowledge is not None
    with pytest.raises(ValidationError):
        services.acknowledge(by=leader, escalation=escalation)


def test_answer_reaches_every_member_of_the_raising_organisation(member, signatory, outsider, leader):
    escalation = raise_one(member)
    services.answer(by=leader, escalation=escalation, text="We will fund lighting.")
    notified = set(
        Notification.objects.filter(kind="escalation.answered").values_list("recipient_id", flat=True)
    )
    assert notified == {member.pk, signatory.pk}
    escalation.refresh_from_db()
    assert escalation.status == Status.ANSWERED and escalation.acknowledged_at is not None
    assert "<p>We will fund lighting.</p>" in escalation.answer_html


def test_closed_escalation_cannot_be_answered(member, leader):
    escalation = raise_one(member)
    services.close(by=leader, escalation=escalation, decision="Handled by the police.")
    with pytest.raises(ValidationError):
        services.answer(by=leader, escalation=escalation, text="Late answer")
    with pytest.raises(ValidationError):
        services.close(by=leader, escalation=escalation, decision="again")


def test_close_needs_a_decision(member, leader):
    escalation = raise_one(member)
    with pytest.raises(ValidationError):
        services.close(by=leader, escalation=escalation, decision=" ")


def test_timeline_records_every_step_with_who(member, leader):
    escalation = raise_one(member)
    services.acknowledge(by=leader, escalation=escalation)
    services.answer(by=leader, escalation=escalation, text="Yes")
    services.close(by=leader, escalation=escalation, decision="Done")
    events = list(EscalationEvent.objects.filter(escalation=escalation).values_list("kind", "actor_id"))
    assert events == [
        ("raised", member.pk),
        ("acknowledged", leader.pk),
        ("answered", leader.pk),
        ("closed", leader.pk),
    ]


def test_system_escalation_has_no_author_and_skips_the_rate_limit(organisation, leader, settings):
    settings.ESCALATION_RATE_LIMIT_PER_HOUR = 0
    escalation = services.escalate_on_behalf_of_system(
        organisation=organisation, subject="Overdue report", summary="No response in 48 h.", urgency="acute"
    )
    assert escalation.raised_by is None
    assert escalation.due_at == escalation.created_at + timedelta(hours=1)


def test_reports_escalate_overdue_reports_through_this_service():
    from reports import hooks

    assert hooks._wired["escalate_to_leadership"] is services.escalate_on_behalf_of_system


def test_breach_when_unacknowledged_past_target(organisation):
    late = EscalationFactory(
        organisation=organisation, urgency="acute", created_at=timezone.now() - timedelta(hours=2)
    )
    fresh = EscalationFactory(organisation=organisation, urgency="acute")
    assert late.breached and not fresh.breached


def test_audit_log_names_a_raised_escalation_by_id_not_by_its_subject(member):
    escalation = raise_one(member, subject="Graffiti at Storgatan 4")
    event = AuditEvent.objects.get(action="escalation.raise", target_id=str(escalation.pk))
    assert event.target_label == f"escalation #{escalation.pk} (urgent)"
    assert "Storgatan" not in event.target_label
