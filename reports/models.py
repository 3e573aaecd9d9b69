"""Local reports (lägesrapporter): what a partner saw, who must act on it, and what happened since."""

from __future__ import annotations

import uuid
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from partners import permissions, privacy
from partners.categories import IncidentCategory
from partners.models import Area, Organisation

# Sweden's bounding box, rounded outwards a little (Smygehuk to Treriksröset, Koster to Haparanda).
LATITUDE_RANGE = (Decimal("55.0"), Decimal("69.1"))
LONGITUDE_RANGE = (Decimal("10.9"), Decimal("24.2"))
# A clock a few minutes fast on the reporter's phone should not make "just now" a future time.
CLOCK_SKEW = timedelta(minutes=5)
REOPEN_DAYS = 30
# What an anonymised report keeps in place of its free text (stored data, the same in every language).
ANONYMISED_TEXT = privacy.ANONYMISED_TEXT


class ReportQuerySet(models.QuerySet["Report"]):
    def visible_to(self, user: Any) -> ReportQuerySet:
        """Network reports for every member; restricted ones for the reporter's organisation, the
        responsible organisation, the police, coordinators and municipal leadership."""
        if not permissions.is_member(user):
            return self.none()
        if permissions.is_coordinator(user) or permissions.is_leadership(user):
            return self.all()
        membership = permissions.membership_of(user)
        if membership is None:
            return self.filter(visibility=Report.Visibility.NETWORK)
        organisation = membership.organisation
        if organisation.kind == Organisation.Kind.POLICE:
            return self.all()
        return self.filter(
            Q(visibility=Report.Visibility.NETWORK)
            | Q(organisation_id=organisation.pk)
            | Q(responsible_organisation_id=organisation.pk)
        )

    def open(self) -> ReportQuerySet:
        return self.filter(status__in=Report.OPEN_STATUSES)

    def overdue(self, now: Any = None) -> ReportQuerySet:
        return self.open().filter(due_at__lt=now or timezone.now())

    def past_retention(self, cutoff: Any) -> ReportQuerySet:
        """Resolved or rejected reports, not yet anonymised, closed before `cutoff` and untouched since.

        Closed means resolved_at; a rejected report has none, so its last event (else its last change)
        counts. Any event at or after the cutoff (a late comment) keeps the report as it is for now.
        """
        last_event = (
            ReportEvent.objects.filter(report=OuterRef("pk")).order_by("-created_at").values("created_at")[:1]
        )
        recent_event = ReportEvent.objects.filter(report=OuterRef("pk"), created_at__gte=cutoff)
        return (
            self.filter(status__in=Report.FINAL_STATUSES, anonymised_at__isnull=True)
            .annotate(last_event_at=Subquery(last_event))
            .filter(
                Q(resolved_at__lt=cutoff)
                | Q(resolved_at__isnull=True, last_event_at__lt=cutoff)
                | Q(resolved_at__isnull=True, last_event_at__isnull=True, updated_at__lt=cutoff)
            )
            .exclude(Exists(recent_event))
        )


class Report(models.Model):
    class Severity(models.TextChoices):
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")

    class Visibility(models.TextChoices):
        NETWORK = "network", _("The whole network")
        RESTRICTED = "restricted", _("Restricted")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        IN_PROGRESS = "in_progress", _("In progress")
        RESOLVED = "resolved", _("Resolved")
        REJECTED = "rejected", _("Rejected")

    OPEN_STATUSES = (Status.NEW, Status.ACKNOWLEDGED, Status.IN_PROGRESS)
    FINAL_STATUSES = (Status.RESOLVED, Status.REJECTED)
    # The state machine: for each status, the steps (ReportEvent kinds) allowed from it and the
    # status each leads to. Forwarding and reopening put the report back to NEW in the (new)
    # responsible organisation's queue; a rejected report is closed for good.
    TRANSITIONS: dict[str, dict[str, str]] = {
        Status.NEW: {
            "acknowledged": Status.ACKNOWLEDGED,
            "started": Status.IN_PROGRESS,
            "resolved": Status.RESOLVED,
            "rejected": Status.REJECTED,
            "forwarded": Status.NEW,
        },
        Status.ACKNOWLEDGED: {
            "started": Status.IN_PROGRESS,
            "resolved": Status.RESOLVED,
            "rejected": Status.REJECTED,
            "forwarded": Status.NEW,
        },
        Status.IN_PROGRESS: {
            "resolved": Status.RESOLVED,
            "rejected": Status.REJECTED,
            "forwarded": Status.NEW,
        },
        Status.RESOLVED: {"reopened": Status.NEW},
        Status.REJECTED: {},
    }
    STEP_PHRASES = {
        "acknowledged": _("be acknowledged"),
        "started": _("be started"),
        "resolved": _("be resolved"),
        "rejected": _("be rejected"),
        "forwarded": _("be forwarded"),
        "reopened": _("be reopened"),
    }

    # Empty only once the report is anonymised (REPORTS_RETENTION_DAYS after it was closed); the
    # reporting organisation stays, so the lägesbild's counts per organisation do not change.
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reporter"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("reporting organisation"),
        on_delete=models.PROTECT,
        related_name="filed_reports",
    )
    area = models.ForeignKey(Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="reports")
    category = models.CharField(_("category"), max_length=32, choices=IncidentCategory.choices)
    place_text = models.CharField(_("place"), max_length=200)
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    occurred_at = models.DateTimeField(_("occurred at"))
    severity = models.CharField(
        _("severity"), max_length=8, choices=Severity.choices, default=Severity.MEDIUM
    )
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.NETWORK
    )
    description = models.TextField(_("description"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.NEW)
    responsible_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("responsible organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="responsible_reports",
    )
    # When the report entered the current responsible organisation's queue (filed, forwarded,
    # reopened); the overdue ladder starts again from here.
    assigned_at = models.DateTimeField(_("assigned at"), default=timezone.now)
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    reopened_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # When the reporter, the free text, the coordinates and the photos were removed (retention).
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        indexes = [
            models.Index(fields=["-occurred_at", "-id"], name="report_occurred_idx"),
            models.Index(fields=["visibility", "-occurred_at"], name="report_visibility_idx"),
            models.Index(fields=["area", "-occurred_at"], name="report_area_idx"),
            # Cover the visibility test, so that counting a member's filtered list reads only the index.
            models.Index(
                fields=["area", "visibility", "organisation", "responsible_organisation"],
                name="report_area_visible_idx",
            ),
            models.Index(
                fields=["responsible_organisation", "visibility", "organisation"],
                name="report_resp_visible_idx",
            ),
            models.Index(fields=["responsible_organisation", "-occurred_at", "-id"], name="report_resp_idx"),
            models.Index(fields=["category", "-occurred_at"], name="report_category_idx"),
            models.Index(fields=["status", "-occurred_at"], name="report_status_idx"),
            models.Index(fields=["responsible_organisation", "status", "due_at"], name="report_queue_idx"),
            # The weekly lägesbild (situation app): who reported in a week, counts per week and trend.
            models.Index(fields=["created_at", "organisation"], name="report_created_org_idx"),
            models.Index(fields=["occurred_at", "area", "category"], name="report_week_counts_idx"),
            models.Index(fields=["area", "occurred_at", "category"], name="report_area_trend_idx"),
            models.Index(fields=["organisation", "-occurred_at"], name="report_org_idx"),
            models.Index(fields=["status", "due_at"], name="report_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="report_coordinates_both_or_neither",
            ),
            models.CheckConstraint(
                condition=Q(reporter__isnull=False) | Q(anonymised_at__isnull=False),
                name="report_reporter_unless_anonymised",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_category_display()}, {self.place_text}"

    def get_absolute_url(self) -> str:
        return reverse("reports:detail", args=[self.pk])

    @property
    def audit_label(self) -> str:
        """How the append-only audit log names a report: no place or other free text to outlive it,
        in the hub's language, since the log is read long after whoever acted chose theirs."""
        with translation.override(settings.LANGUAGE_CODE):
            return gettext("Report #%(id)s (%(category)s)") % {
                "id": self.pk,
                "category": self.get_category_display(),
            }

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude" if self.longitude is None else "latitude"] = _(
                "Give both latitude and longitude, or neither."
            )
        if self.latitude is not None and not LATITUDE_RANGE[0] <= self.latitude <= LATITUDE_RANGE[1]:
            errors["latitude"] = _("The latitude is outside Sweden (55.0–69.1).")
        if self.longitude is not None and not LONGITUDE_RANGE[0] <= self.longitude <= LONGITUDE_RANGE[1]:
            errors["longitude"] = _("The longitude is outside Sweden (10.9–24.2).")
        if self.occurred_at and self.occurred_at > timezone.now() + CLOCK_SKEW:
            errors["occurred_at"] = _("The time cannot be in the future.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None

    @property
    def is_restricted(self) -> bool:
        return self.visibility == self.Visibility.RESTRICTED

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_at is not None and self.due_at < timezone.now()

    def allows(self, step: str) -> bool:
        return step in self.TRANSITIONS.get(self.status, {})

    def status_after(self, step: str) -> str:
        """The status the step leads to; refuses a step the state machine does not allow, saying why."""
        if not self.allows(step):
            raise ValidationError(
                _("A report that is %(current)s cannot %(step)s."),
                code="transition",
                params={
                    "current": self.Status(self.status).label.lower(),
                    "step": self.STEP_PHRASES.get(step, step),
                },
            )
        return self.TRANSITIONS[self.status][step]

    @property
    def reopen_deadline(self) -> Any:
        return self.resolved_at + timedelta(days=REOPEN_DAYS) if self.resolved_at else None


class ReportEvent(models.Model):
    """One step in a report's history: who did what, when, and why."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Filed")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        STARTED = "started", _("Work started")
        RESOLVED = "resolved", _("Resolved")
        REJECTED = "rejected", _("Rejected")
        FORWARDED = "forwarded", _("Forwarded")
        REOPENED = "reopened", _("Reopened")
        COMMENT = "comment", _("Comment")
        OVERDUE_ORGANISATION = "overdue_organisation", _("Overdue: organisation admins told")
        OVERDUE_COORDINATORS = "overdue_coordinators", _("Overdue: coordinators told")
        OVERDUE_LEADERSHIP = "overdue_leadership", _("Overdue: raised to leadership")
        REMINDED = "reminded", _("Reminder sent by a coordinator")

    LADDER = (Kind.OVERDUE_ORGANISATION, Kind.OVERDUE_COORDINATORS, Kind.OVERDUE_LEADERSHIP)

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    note = models.TextField(_("note"), blank=True)
    # What the handler wrote for the public (a citizen who filed or follows the report reads it);
    # the note above stays between the network's members.
    public_note = models.TextField(_("public feedback"), blank=True)
    from_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["report", "kind", "created_at"], name="report_event_kind_idx")]
        verbose_name = _("report event")
        verbose_name_plural = _("report events")

    def __str__(self) -> str:
        return f"{self.report_id} {self.kind} {self.created_at:%Y-%m-%d %H:%M}"


def _photo_path(instance: ReportPhoto, filename: str) -> str:
    # The name the user gave is never used: a random name reveals nothing and cannot be guessed.
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"reports/{uuid.uuid4().hex}.{extension}"


class ReportPhoto(models.Model):
    """A photo attached to a report, re-encoded without metadata; served only through a checked view."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to=_photo_path, max_length=200)
    content_type = models.CharField(max_length=32)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return self.file.name

    def get_absolute_url(self) -> str:
        return reverse("reports:photo", args=[self.pk])


class RoutingRule(models.Model):
    """Reports in this category (and area, or any area when empty) go to this organisation."""

    category = models.CharField(_("category"), max_length=32, choices=IncidentCategory.choices)
    area = models.ForeignKey(
        Area,
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Leave empty for any area."),
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("responsible organisation"),
        on_delete=models.CASCADE,
        related_name="routing_rules",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["category", "area__name"]
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        constraints = [
            models.UniqueConstraint(fields=["category", "area"], name="routing_rule_category_area_unique"),
            # NULL is distinct in a unique index, so "any area" needs a constraint of its own.
            models.UniqueConstraint(
                fields=["category"], condition=Q(area__isnull=True), name="routing_rule_category_any_area"
            ),
        ]

    def __str__(self) -> str:
        area = self.area.name if self.area_id else _("any area")
        return f"{self.get_category_display()} / {area} → {self.organisation}"
