"""What reports hold about a person, registered with partners.privacy: the reports they filed and
the notes they wrote in reports' histories."""

from typing import Any

from partners import privacy
from reports.models import Report, ReportEvent


def _report(report: Report) -> dict[str, Any]:
    return {
        "id": report.pk,
        "area": report.area.name,
        "category": str(report.get_category_display()),
        "place": report.place_text,
        "latitude": privacy.plain(report.latitude),
        "longitude": privacy.plain(report.longitude),
        "occurred": report.occurred_at.isoformat(),
        "description": report.description,
        "status": report.status,
        "photos": report.photos.count(),
        "created": report.created_at.isoformat(),
    }


def register() -> None:
    privacy.register(Report, "reporter", section="reports_filed", related=["area"], row=_report)
    privacy.register(
        ReportEvent, "actor", section="report_events", fields=["report_id", "kind", "note", "created_at"]
    )
