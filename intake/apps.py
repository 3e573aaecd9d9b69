from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = _("Citizens' reports")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from intake import personal_data, receivers
        from partners import audit_labels
        from realtime import kinds
        from reports.models import ReportEvent

        # reports may not import intake: the report's steps reach the residents through this receiver.
        post_save.connect(receivers.report_event_saved, sender=ReportEvent, dispatch_uid="intake.relay")
        audit_labels.register(
            {
                "citizen_report.submit": _("Citizen's report sent (unconfirmed)"),
                "citizen_report.follow": _("A resident asked to follow a report"),
                "citizen_report.confirm": _("Citizen's report confirmed by e-mail"),
                "citizen_report.accept": _("Citizen's report accepted"),
                "citizen_report.merge": _("Citizen's report joined to an existing report"),
                "citizen_report.reject": _("Citizen's report rejected"),
                "citizen_report.forward": _("Citizen's report forwarded outside the network"),
                "citizen_report.reopen": _("Resident reported it as not fixed"),
                "citizen_report.erase": _("Resident's contact details erased"),
            },
            {"category": _("Category"), "area": _("Area")},
        )
        personal_data.register()
        kinds.register("intake.received", _("A resident's report waits in triage"))
