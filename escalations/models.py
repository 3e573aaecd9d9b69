"""Escalations: a partner organisation's direct channel up to municipal leadership, with its timeline."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from escalations.targets import due_at
from partners import permissions
from partners.models import Organisation


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent")
    ACUTE = "acute", _("Acute")


class Status(models.TextChoices):
    OPEN = "open", _("Open")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


class EscalationQuerySet(models.QuerySet["Escalation"]):
    def visible_to(self, user: object) -> EscalationQuerySet:
        """The raising organisation, leadership and coordinators; nobody else."""
        if not permissions.is_member(user):
            return self.none()
        if permissions.is_leadership(user) or permissions.is_coordinator(user):
            return self.all()
        membership = permissions.membership_of(user)
        if membership is None:
            return self.none()
        return self.filter(organisation_id=membership.organisation_id)

    def not_closed(self) -> EscalationQuerySet:
        return self.exclude(status=Status.CLOSED)

    def awaiting_acknowledgement(self) -> EscalationQuerySet:
        return self.filter(status=Status.OPEN)


class Escalation(models.Model):
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="escalations"
    )
    # None when the hub itself escalated (e.g. an overdue report).
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("raised by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    subject = models.CharField(_("subject"), max_length=200)
    summary = models.TextField(_("summary"), max_length=10000)
    summary_html = models.TextField(editable=False, blank=True)
    urgency = models.CharField(_("urgency"), max_length=16, choices=Urgency.choices, default=Urgency.NORMAL)
    source_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(_("raised"), default=timezone.now, db_index=True)
    due_at = models.DateTimeField(_("acknowledge by"))
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answer = models.TextField(_("answer"), blank=True, max_length=10000)
    answer_html = models.TextField(editable=False, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.TextField(_("decision"), blank=True, max_length=10000)
    decision_html = models.TextField(editable=False, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = EscalationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "created_at"]),
            models.Index(fields=["status", "due_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(source_type__isnull=True, source_id__isnull=True)
                | models.Q(source_type__isnull=False, source_id__isnull=False),
                name="escalation_source_complete",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="open") | models.Q(acknowledged_at__isnull=True),
                name="escalation_open_not_acknowledged",
            ),
        ]
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")

    def __str__(self) -> str:
        return self.subject

    def save(self, *args: object, **kwargs: object) -> None:
        if self.due_at is None:
            self.due_at = due_at(self.created_at, self.urgency)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def get_absolute_url(self) -> str:
        return reverse("escalations:detail", args=[self.pk])

    @property
    def audit_label(self) -> str:
        """How the append-only audit log names an escalation: no subject copied from a report."""
        return f"escalation #{self.pk} ({self.urgency})"

    @property
    def is_pressing(self) -> bool:
        return self.urgency in (Urgency.URGENT, Urgency.ACUTE)

    @property
    def time_to_acknowledge(self) -> timedelta | None:
        if self.acknowledged_at is None:
            return None
        return self.acknowledged_at - self.created_at

    def is_breached(self, now: datetime | None = None) -> bool:
        """Acknowledged after the target, or still unacknowledged past it."""
        if self.acknowledged_at is not None:
            return self.acknowledged_at > self.due_at
        return (now or timezone.now()) > self.due_at

    @property
    def breached(self) -> bool:
        return self.is_breached()


class EscalationEvent(models.Model):
    """One step on an escalation's timeline: who did what, when."""

    class Kind(models.TextChoices):
        RAISED = "raised", _("Raised")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed with a decision")

    escalation = models.ForeignKey(Escalation, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("escalation event")
        verbose_name_plural = _("escalation events")

    def __str__(self) -> str:
        return f"{self.escalation_id} {self.kind}"
