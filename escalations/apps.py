from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EscalationsConfig(AppConfig):
    name = "escalations"
    verbose_name = _("Escalations")

    def ready(self) -> None:
        from escalations import personal_data
        from realtime import kinds

        kinds.register("escalation.raised", _("New escalation to leadership"))
        kinds.register("escalation.acknowledged", _("Your escalation was acknowledged"))
        kinds.register("escalation.answered", _("Your escalation was answered"))
        kinds.register("escalation.closed", _("Your escalation was closed with a decision"))
        personal_data.register()
