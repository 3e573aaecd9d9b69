from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SituationConfig(AppConfig):
    name = "situation"
    verbose_name = _("Situation picture")

    def ready(self) -> None:
        from partners import audit_labels
        from realtime import kinds
        from situation import personal_data

        kinds.register("situation.reminder", _("Reminder: the week's situation report"))
        kinds.register("situation.reporter", _("You were named your organisation's weekly reporter"))
        kinds.register("situation.hotspot", _("A hotspot signal in an area"))
        kinds.register("situation.walk", _("Safety walks"))
        kinds.register("situation.finding_response", _("A response to a walk finding"))
        kinds.register("situation.rating", _("A partner rated an area serious or markedly worse"))
        audit_labels.register(
            {
                "check_in.create": _("Weekly check-in reported"),
                "reporter.name": _("Weekly reporter named"),
                "reporter.remove": _("Weekly reporter removed"),
                "situation.remind_now": _("Weekly round reminder sent"),
                "hotspot.raise": _("Hotspot signal raised"),
                "walk.schedule": _("Safety walk planned"),
                "walk.meetings": _("Safety walk meetings set"),
                "walk.sign_up": _("Signed up for a safety walk"),
                "walk.cancelled": _("Safety walk cancelled"),
                "walk.done": _("Safety walk marked as done"),
                "walk.finding": _("Walk finding recorded"),
                "finding.respond": _("Response to a walk finding"),
                "area_rating.rate": _("Area assessed in the weekly round"),
                "rating.signal": _("Assessment signal raised"),
            },
            {
                "week": _("Week"),
                "area": _("Area"),
                "threshold": _("Threshold"),
                "mean": _("Average"),
                "stdev": _("Standard deviation"),
                "count": _("Count"),
                "follow_up_of": _("Follow-up of"),
                "organisations": _("Organisations"),
                "asked": _("Asked"),
                "level": _("Assessment"),
                "reason": _("Reason"),
            },
        )
        personal_data.register()
