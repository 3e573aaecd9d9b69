"""What integrations hold about a person: the keys and webhooks they created, their calendar
address (a key's service identity is not a person)."""

from integrations.models import ApiKey, CalendarFeed, WebhookEndpoint
from partners import privacy


def register() -> None:
    privacy.register(
        ApiKey, "created_by", section="api_keys_created", fields=["name", "created_at", "revoked_at"]
    )
    privacy.register(ApiKey, "service_user", section="api_key_identity", fields=["name", "organisation_id"])
    privacy.register(WebhookEndpoint, "created_by", section="webhooks_created", fields=["url", "created_at"])
    privacy.register(CalendarFeed, "user", section="calendar_feed", fields=["created_at"])
