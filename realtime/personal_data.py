"""Notifications kept for a person, registered with partners.privacy; a forgotten object's
notifications lose their text (they quote it)."""

from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext as _

from partners import privacy
from realtime.kinds import label_for
from realtime.models import Notification, NotificationPreference


def _forget_notifications(obj: models.Model) -> Iterable[models.Model]:
    if not hasattr(obj, "get_absolute_url"):
        return []
    told = Notification.objects.filter(url=obj.get_absolute_url())
    for kind in set(told.values_list("kind", flat=True)):
        text = _("%(kind)s (anonymised)") % {"kind": label_for(kind)}
        told.filter(kind=kind).update(text=text[:500])
    return []


def register() -> None:
    privacy.register(
        Notification,
        "recipient",
        section="notifications",
        fields=["kind", "text", "url", "created_at", "read_at"],
    )
    privacy.register(Notification, "actor", section="notifications_caused", fields=["kind", "created_at"])
    privacy.register(NotificationPreference, "user", section="email_preferences", fields=["kind", "delivery"])
    privacy.forgets(Notification, _forget_notifications)
