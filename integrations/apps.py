from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationsConfig(AppConfig):
    name = "integrations"
    verbose_name = _("Integrations")

    def ready(self) -> None:
        from integrations import personal_data, receivers
        from partners import audit_labels
        from realtime import kinds

        kinds.register("webhook.paused", _("Webhook deliveries to your organisation's system were paused"))
        audit_labels.register(
            {
                "api_key.create": _("API key created"),
                "api_key.revoke": _("API key revoked"),
                "api_key.use": _("API key used"),
                "webhook.create": _("Webhook subscribed"),
                "webhook.delete": _("Webhook removed"),
                "webhook.resume": _("Paused webhook resumed"),
                "webhook.pause": _("Webhook paused after repeated failures"),
                "webhook.resend": _("Webhook delivery sent again by hand"),
                "calendar_feed.issue": _("Calendar address created"),
                "calendar_feed.revoke": _("Calendar address revoked"),
            },
            {
                "scopes": _("Scopes"),
                "expires": _("Expires"),
                "method": _("Method"),
                "path": _("Path"),
                "delivery": _("Delivery"),
            },
        )
        receivers.connect()
        personal_data.register()
