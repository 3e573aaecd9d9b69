from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SituationConfig(AppConfig):
    name = "situation"
    verbose_name = _("Situation picture")

    def ready(self) -> None:
        from realtime import kinds
        from situation import personal_data

        kinds.register("situation.reminder", _("Reminder: the week's situation report"))
        kinds.register("situation.reporter", _("You were named your organisation's weekly reporter"))
        kinds.register("situation.hotspot", _("A hotspot signal in an area"))
        kinds.register("situation.walk", _("Safety walks"))
        kinds.register("situation.finding_response", _("A response to a walk finding"))
        personal_data.register()
