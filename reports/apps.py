from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from partners import audit_labels
        from realtime import kinds
        from reports import personal_data
        from reports.models import ReportEvent

        kinds.register("report.routed", _("A report was routed to your organisation"))
        kinds.register("report.overdue", _("A report is past its due time"))
        kinds.register("report.reminder", _("A coordinator's reminder of an overdue report"))
        kinds.register("report.acknowledged", _("Your report was acknowledged"))
        kinds.register("report.started", _("Work started on your report"))
        kinds.register("report.resolved", _("Your report was resolved"))
        kinds.register("report.rejected", _("Your report was rejected"))
        kinds.register("report.forwarded", _("Your report was forwarded"))
        kinds.register("report.comment", _("A comment on your report"))
        audit_labels.register(
            {
                "report.create": _("Report filed"),
                "report.read": _("Restricted report read"),
                "report.comment": _("Comment on a report"),
                "report.remind": _("Reminder sent about an overdue report"),
                "report.anonymise": _("Report anonymised"),
                "routing_rule.create": _("Routing rule created"),
                "routing_rule.update": _("Routing rule changed"),
                "routing_rule.delete": _("Routing rule removed"),
                **{f"report.{kind}": label for kind, label in ReportEvent.Kind.choices},
            },
            {
                "report": _("Report"),
                "responsible_organisation": _("Responsible organisation"),
                "photos": _("Photos"),
                "with_note": _("With a note"),
                "from": _("From"),
                "to": _("To"),
                "events": _("Events"),
            },
        )
        personal_data.register()
