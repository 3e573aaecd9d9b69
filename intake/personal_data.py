"""What the intake holds about people: the coordinator who decided a citizen's report (a user field),
and the resident's e-mail, name and phone, which are not a user's and are erased after retention
(and when the report they are linked to is anonymised)."""

from partners import privacy


def register() -> None:
    from intake import services
    from intake.models import CitizenReport

    privacy.register(
        CitizenReport, "decided_by", section="citizen_reports_decided", fields=["status", "decided_at"]
    )
    privacy.forgets(CitizenReport, services.forget_for_report)
