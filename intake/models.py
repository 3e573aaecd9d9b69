"""Citizens' reports (felanmälan): what a resident filed without an account, its confirmation by
e-mail, the coordinators' triage decision, and the history the resident reads on a tracking page."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from partners.categories import IncidentCategory
from partners.models import Area
from reports.models import Report

# What a citizen may report: the categories about places and things. Drugs, youth unrest and fire
# are for the police and the emergency services (112/114 14), never a public web form.
PUBLIC_CATEGORIES = (
    IncidentCategory.VANDALISM,
    IncidentCategory.GRAFFITI,
    IncidentCategory.LIGHTING,
    IncidentCategory.LITTERING,
    IncidentCategory.UNSAFE_PLACE,
    IncidentCategory.OTHER,
)
CONFIRM_HOURS = 48


def _new_key() -> str:
    return secrets.token_urlsafe(24)


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class CitizenReportQuerySet(models.QuerySet["CitizenReport"]):
    def in_triage(self) -> CitizenReportQuerySet:
        return self.filter(status=CitizenReport.Status.RECEIVED, follows__isnull=True)

    def linked_to(self, report: Report) -> CitizenReportQuerySet:
        """Confirmed citizens' reports and followers that hear about this report's steps."""
        return self.filter(report=report, confirmed_at__isnull=False, erased_at__isnull=True)


class CitizenReport(models.Model):
    """One resident's felanmälan, or their request to follow an existing report (`follows`)."""

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("Waiting for e-mail confirmation")
        RECEIVED = "received", _("Received, being reviewed")
        ACCEPTED = "accepted", _("Accepted")
        MERGED = "merged", _("Joined to an existing report")
        REJECTED = "rejected", _("Rejected")
        FORWARDED = "forwarded", _("Forwarded outside the network")
        FOLLOWING = "following", _("Following a report")

    category = models.CharField(_("category"), max_length=32, choices=IncidentCategory.choices, blank=True)
    area = models.ForeignKey(
        Area, verbose_name=_("area"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    place_text = models.CharField(_("place"), max_length=200, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    # The resident: personal data, erased (erased_at) when the retention period after closing runs out.
    email = models.EmailField(_("e-mail"), blank=True)
    name = models.CharField(_("name"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    # An HMAC of the sender's address, for the limit per address; erased with the contact details.
    address_key = models.CharField(max_length=64, blank=True, db_index=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.UNCONFIRMED)
    # The language the resident wrote in; their e-mails are written in it.
    language = models.CharField(max_length=8, default="sv")
    # The public identifier in links; the tracking link adds an HMAC of it (tracking_key()).
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    confirm_key_hash = models.CharField(max_length=64, blank=True)
    follows = models.ForeignKey(
        Report,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("follows"),
    )
    report = models.ForeignKey(
        Report,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="citizen_reports",
        verbose_name=pgettext_lazy("the partners' report", "report"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_reason = models.TextField(_("reason"), blank=True)
    forwarded_to = models.CharField(_("forwarded to"), max_length=200, blank=True)
    forwarded_email = models.EmailField(_("forwarded to e-mail"), blank=True)
    created_at = models.DateTimeField(_("filed"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    erased_at = models.DateTimeField(_("contact details erased"), null=True, blank=True)

    objects = CitizenReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("citizen's report")
        verbose_name_plural = _("citizens' reports")
        indexes = [
            models.Index(fields=["status", "created_at"], name="citizen_status_idx"),
            models.Index(fields=["email", "created_at"], name="citizen_email_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="citizen_coordinates_both_or_neither",
            ),
            models.CheckConstraint(
                condition=Q(erased_at__isnull=False) | ~Q(email=""), name="citizen_email_unless_erased"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.public_id} {self.status}"

    @property
    def audit_label(self) -> str:
        return f"citizen report #{self.pk} ({self.category or 'follow'})"

    @property
    def is_follow(self) -> bool:
        return self.follows_id is not None

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None

    def tracking_key(self) -> str:
        return hmac.new(
            settings.SECRET_KEY.encode(), f"intake-track:{self.public_id}".encode(), hashlib.sha256
        ).hexdigest()[:32]

    def tracking_path(self) -> str:
        return reverse("intake:track", args=[self.public_id, self.tracking_key()])

    def new_confirm_key(self) -> str:
        key = _new_key()
        self.confirm_key_hash = key_hash(key)
        return key

    @property
    def confirm_deadline(self) -> Any:
        return self.created_at + timedelta(hours=CONFIRM_HOURS)


class CitizenPhoto(models.Model):
    """A photo the resident attached, already re-encoded without metadata (reports.services.prepare_photo);
    copied into the report on acceptance and deleted with the unconfirmed report."""

    citizen_report = models.ForeignKey(CitizenReport, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to="intake/", max_length=200)
    content_type = models.CharField(max_length=32)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.file.name


class CitizenEvent(models.Model):
    """One step the resident reads on the tracking page and got by e-mail: only public text."""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("Received")
        ACCEPTED = "accepted", _("Sent to the responsible organisation")
        MERGED = "merged", _("Joined to an existing report")
        REJECTED = "rejected", _("Rejected")
        FORWARDED_OUT = "forwarded_out", _("Forwarded outside the network")
        FORWARDED = "forwarded", _("Forwarded")
        ACKNOWLEDGED = "acknowledged", _("Accepted by the responsible organisation")
        STARTED = "started", _("Work started")
        RESOLVED = "resolved", _("Fixed")
        CLOSED = "closed", pgettext_lazy("citizen report", "Closed")
        REOPENED = "reopened", _("Reported as not fixed")
        FOLLOWING = "following", _("You follow this report")

    citizen_report = models.ForeignKey(CitizenReport, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    organisation_name = models.CharField(max_length=200, blank=True)
    text = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.citizen_report_id} {self.kind}"
