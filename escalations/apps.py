from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EscalationsConfig(AppConfig):
    name = "escalations"
    verbose_name = _("Escalations")

    def ready(self) -> None:
        from escalations import personal_data
        from partners import audit_labels
        from realtime import kinds

        kinds.register("escalation.raised", _("New escalation to leadership"))
        kinds.register("escalation.acknowledged", _("Your escalation was acknowledged"))
        kinds.register("escalation.answered", _("Your escalation was answered"))
        kinds.register("escalation.closed", _("Your escalation was closed with a decision"))
        audit_labels.register(
            {
                "escalation.raise": _("Escalation raised to leadership"),
                "escalation.acknowledge": _("Escalation acknowledged"),
                "escalation.answer": _("Escalation answered"),
                "escalation.close": _("Escalation closed with a decision"),
            },
            {"urgency": _("Urgency"), "system": _("Raised by the hub")},
        )
        personal_data.register()
