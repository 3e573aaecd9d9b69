"""What reports hold about a person, for their own data export: the reports they filed and the notes
they wrote in reports' histories."""

from typing import Any

from django.db.models import Count

from reports.models import Report, ReportEvent


def export(user: Any) -> dict[str, Any]:
    return {
        "reports_filed": [
            {
                "id": report.pk,
                "area": report.area.name,
                "category": report.category,
                "place": report.place_text,
                "latitude": str(report.latitude) if report.latitude is not None else None,
                "longitude": str(report.longitude) if report.longitude is not None else None,
                "occurred": report.occurred_at.isoformat(),
                "description": report.description,
                "status": report.status,
                "photos": report.photo_count,
                "created": report.created_at.isoformat(),
            }
            for report in Report.objects.filter(reporter=user)
            .select_related("area")
            .annotate(photo_count=Count("photos"))
            .order_by("id")
        ],
        "report_events": [
            {
                "report": event.report_id,
                "kind": event.kind,
                "note": event.note,
                "time": event.created_at.isoformat(),
            }
            for event in ReportEvent.objects.filter(actor=user).order_by("id")
        ],
    }
