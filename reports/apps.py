from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from realtime import kinds
        from reports import personal_data

        kinds.register("report.routed", _("A report was routed to your organisation"))
        kinds.register("report.overdue", _("A report is past its due time"))
        kinds.register("report.reminder", _("A coordinator's reminder of an overdue report"))
        kinds.register("report.acknowledged", _("Your report was acknowledged"))
        kinds.register("report.started", _("Work started on your report"))
        kinds.register("report.resolved", _("Your report was resolved"))
        kinds.register("report.rejected", _("Your report was rejected"))
        kinds.register("report.forwarded", _("Your report was forwarded"))
        kinds.register("report.comment", _("A comment on your report"))
        personal_data.register()
