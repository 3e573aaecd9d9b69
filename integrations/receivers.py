"""Learning of report and escalation events without those apps knowing of integrations: post_save
receivers that write outbox rows inside the service's own transaction."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save

from integrations import services
from integrations.models import WebhookEvent


def _report_payload(report: Any) -> dict[str, Any]:
    return {
        "service_request_id": str(report.pk),
        "service_code": report.category,
        "samverkan_status": report.status,
        "status": "closed" if report.status in ("resolved", "rejected") else "open",
        "area": report.area.name,
        "responsible_organisation": report.responsible_organisation_id,
    }


def report_event_saved(sender: Any, instance: Any, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if not created or raw:
        return
    from reports.models import ReportEvent

    event = instance
    report = event.report
    kind = event.kind
    base = {"report_event": kind}
    if kind == ReportEvent.Kind.CREATED and report.responsible_organisation_id:
        services.enqueue_event(
            organisation_id=report.responsible_organisation_id,
            event=WebhookEvent.ROUTED,
            payload={**_report_payload(report), **base},
        )
    elif kind == ReportEvent.Kind.FORWARDED:
        # Forward's event is written before the report is moved: to_organisation is the new holder.
        payload = {**_report_payload(report), **base, "responsible_organisation": event.to_organisation_id}
        if event.to_organisation_id:
            services.enqueue_event(
                organisation_id=event.to_organisation_id, event=WebhookEvent.ROUTED, payload=payload
            )
        if event.from_organisation_id:
            # The organisation it left may no longer see it: ids and status only.
            services.enqueue_event(
                organisation_id=event.from_organisation_id,
                event=WebhookEvent.FORWARDED_AWAY,
                payload={
                    "service_request_id": str(report.pk),
                    "report_event": kind,
                    "to_organisation": event.to_organisation_id,
                },
            )
    elif (
        kind
        in (
            ReportEvent.Kind.ACKNOWLEDGED,
            ReportEvent.Kind.STARTED,
            ReportEvent.Kind.RESOLVED,
            ReportEvent.Kind.REJECTED,
            ReportEvent.Kind.REOPENED,
        )
        and report.responsible_organisation_id
    ):
        services.enqueue_event(
            organisation_id=report.responsible_organisation_id,
            event=WebhookEvent.STATUS_CHANGED,
            payload={**_report_payload(report), **base},
        )


def escalation_event_saved(
    sender: Any, instance: Any, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if not created or raw:
        return
    from escalations.models import EscalationEvent

    if instance.kind != EscalationEvent.Kind.ANSWERED:
        return
    escalation = instance.escalation
    services.enqueue_event(
        organisation_id=escalation.organisation_id,
        event=WebhookEvent.ESCALATION_ANSWERED,
        payload={"escalation_id": escalation.pk, "status": escalation.status},
    )


def connect() -> None:
    from escalations.models import EscalationEvent
    from reports.models import ReportEvent

    post_save.connect(report_event_saved, sender=ReportEvent, dispatch_uid="integrations.report_event")
    post_save.connect(escalation_event_saved, sender=EscalationEvent, dispatch_uid="integrations.escalation")
