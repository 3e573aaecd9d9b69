from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partner network")

    def ready(self) -> None:
        # Logins are Django's own events; the receivers only write the audit log.
        from partners import personal_data, receivers  # noqa: F401
        from realtime import kinds

        personal_data.register()
        kinds.register("audit.chain_broken", _("The audit log's tamper check failed"))
