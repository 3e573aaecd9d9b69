"""Persisted notifications: written first, pushed after commit, replayed on resume."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationQuerySet(models.QuerySet["Notification"]):
    def for_user(self, user: object) -> "NotificationQuerySet":
        return self.filter(recipient=user)

    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    # No index of its own: the (recipient, id) and (recipient, read_at) indexes below serve every
    # lookup by recipient, and each index more is written for every row of a fan-out.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        db_index=False,
    )
    kind = models.CharField(_("kind"), max_length=64)
    # The text in the hub's language (emails, and the fallback); message, when set, is its
    # translatable source and parameters (realtime.messages), rendered in each reader's language.
    text = models.CharField(_("text"), max_length=500)
    message = models.TextField(blank=True, editable=False)
    url = models.CharField(_("link"), max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # Set when the notification went out by email (immediately or in a digest), so nothing goes twice.
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["recipient", "id"]), models.Index(fields=["recipient", "read_at"])]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return f"{self.kind}: {self.text}"

    @property
    def display_text(self) -> str:
        if self.message:
            from realtime.messages import Message

            try:
                return Message.loads(self.message).render()[:500]
            except (ValueError, KeyError, TypeError):
                return self.text
        return self.text

    def as_message(self) -> dict[str, object]:
        """The stable wire format documented in docs/REALTIME.md."""
        return {
            "type": "notification",
            "id": self.pk,
            "kind": self.kind,
            "text": self.display_text,
            "url": self.url,
            "created": self.created_at.isoformat(),
        }


class Delivery(models.TextChoices):
    IN_APP = "in_app", _("In the hub only")
    IMMEDIATE = "immediate", _("Also by email, immediately")
    DIGEST = "digest", _("Also by email, in a daily digest")


class NotificationPreference(models.Model):
    """How one user wants one kind of notification; no row means in the hub only."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind"), max_length=64)
    delivery = models.CharField(
        _("delivery"), max_length=16, choices=Delivery.choices, default=Delivery.IN_APP
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_user_and_kind")
        ]
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.delivery}"
