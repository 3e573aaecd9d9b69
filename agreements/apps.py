from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = _("Agreements")

    def ready(self) -> None:
        from agreements import personal_data
        from realtime import kinds

        kinds.register("agreement_open", _("An agreement is open for signing"))
        kinds.register("agreement_reminder", _("Reminder: an agreement awaits your signature"))
        kinds.register("agreement_signed", _("An agreement was signed"))
        kinds.register("agreement_withdrawn", _("A signature was withdrawn"))
        kinds.register("agreement_declined", _("An organisation declined an agreement"))
        personal_data.register()
