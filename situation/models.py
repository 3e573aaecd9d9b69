"""The weekly situation picture (lägesbild): the partners' reporting round, hotspot signals, area
followers, and the walks (trygghets-, natt- and föräldravandringar) whose findings are reports."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners import permissions
from partners.categories import IncidentCategory
from partners.models import Area, Organisation


def iso_week_is_valid(year: int, week: int) -> bool:
    try:
        date.fromisocalendar(year, week, 1)
    except (ValueError, TypeError, OverflowError):
        return False
    return True


class ReportingDuty(models.Model):
    """A person named as their organisation's reporter (rapportör) for the weekly round."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="reporting_duties")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reporting_duties"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["organisation__name", "user__full_name"]
        verbose_name = _("reporter")
        verbose_name_plural = _("reporters")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="reporting_duty_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.organisation})"


class WeeklyCheckIn(models.Model):
    """An organisation's answer for one ISO week: it reported, or it had nothing to report."""

    class Kind(models.TextChoices):
        REPORTED = "reported", _("Reported")
        NOTHING_TO_REPORT = "nothing_to_report", _("Nothing to report")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="check_ins")
    year = models.PositiveSmallIntegerField(_("ISO year"))
    week = models.PositiveSmallIntegerField(_("ISO week"))
    kind = models.CharField(_("answer"), max_length=24, choices=Kind.choices)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-year", "-week", "organisation__name"]
        verbose_name = _("weekly check-in")
        verbose_name_plural = _("weekly check-ins")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year", "week"], name="check_in_once_per_week"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year}-W{self.week:02d} {self.kind}"

    def clean(self) -> None:
        if not iso_week_is_valid(self.year, self.week):
            raise ValidationError({"week": _("There is no such week.")})


class AreaRating(models.Model):
    """A reporting partner's own judgement of an area in one ISO week, on a four-step scale."""

    class Level(models.IntegerChoices):
        CALM = 1, _("Calm")
        SOME_CONCERN = 2, _("Some concern")
        TROUBLED = 3, _("Troubled")
        SERIOUS = 4, _("Serious")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="area_ratings")
    area = models.ForeignKey(Area, verbose_name=_("area"), on_delete=models.CASCADE, related_name="ratings")
    year = models.PositiveSmallIntegerField(_("ISO year"))
    week = models.PositiveSmallIntegerField(_("ISO week"))
    level = models.PositiveSmallIntegerField(_("assessment"), choices=Level.choices)
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-year", "-week", "area__name", "organisation__name"]
        verbose_name = _("area assessment")
        verbose_name_plural = _("area assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "area", "year", "week"], name="area_rating_once_per_week"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.area} {self.year}-W{self.week:02d} {self.level}"


class RatingSignal(models.Model):
    """An area rated serious, or rated two steps worse than two weeks before (see rules.rating_signal)."""

    class Reason(models.TextChoices):
        SERIOUS = "serious", _("Rated serious")
        RISING = "rising", _("Rising two steps within two weeks")

    rating = models.OneToOneField(AreaRating, on_delete=models.CASCADE, related_name="signal")
    reason = models.CharField(max_length=16, choices=Reason.choices)
    previous_level = models.PositiveSmallIntegerField(null=True, blank=True)
    raised_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-raised_at", "-id"]
        verbose_name = _("assessment signal")
        verbose_name_plural = _("assessment signals")

    def __str__(self) -> str:
        return f"{self.rating} {self.reason}"

    def get_absolute_url(self) -> str:
        return (
            reverse("situation:week", args=[self.rating.year, self.rating.week])
            + f"#area-{self.rating.area_id}"
        )


class ReminderSent(models.Model):
    """The reminder for one organisation and week went out; the unique key makes the command idempotent."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    week = models.PositiveSmallIntegerField()
    recipients = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year", "week"], name="reminder_once_per_week"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year}-W{self.week:02d}"


class HotspotSignal(models.Model):
    """An area-category whose count in a week stood clearly above its own history (see rules.py)."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="hotspot_signals")
    category = models.CharField(_("category"), max_length=32, choices=IncidentCategory.choices)
    year = models.PositiveSmallIntegerField()
    week = models.PositiveSmallIntegerField()
    count = models.PositiveIntegerField()
    mean = models.FloatField()
    stdev = models.FloatField()
    raised_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-raised_at", "-id"]
        verbose_name = _("hotspot signal")
        verbose_name_plural = _("hotspot signals")
        constraints = [
            models.UniqueConstraint(
                fields=["area", "category", "year", "week"], name="hotspot_once_per_area_category_week"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area} {self.get_category_display()} {self.year}-W{self.week:02d}"

    def get_absolute_url(self) -> str:
        return reverse("situation:week", args=[self.year, self.week]) + f"#area-{self.area_id}"

    @property
    def threshold(self) -> float:
        return self.mean + 2 * self.stdev


class AreaFollow(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="area_follows")
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="followers")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "area"], name="area_follow_unique")]

    def __str__(self) -> str:
        return f"{self.user} → {self.area}"


class WalkQuerySet(models.QuerySet["Walk"]):
    def visible_to(self, user: Any) -> WalkQuerySet:
        """Walks are planned in the open: every member of the network sees them."""
        if not permissions.is_member(user):
            return self.none()
        return self.all()


class Walk(models.Model):
    class Kind(models.TextChoices):
        SAFETY = "trygghetsvandring", _("Safety walk (trygghetsvandring)")
        NIGHT = "nattvandring", _("Night walk (nattvandring)")
        PARENT = "foraldravandring", _("Parent walk (föräldravandring)")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("organiser"), on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organising organisation"),
        on_delete=models.PROTECT,
        related_name="walks",
    )
    area = models.ForeignKey(Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="walks")
    starts_at = models.DateTimeField(_("date and time"))
    route = models.TextField(_("route"))
    meeting_point = models.CharField(_("meeting point"), max_length=200)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.SCHEDULED)
    preparatory_meeting_at = models.DateTimeField(_("preparatory meeting"), null=True, blank=True)
    feedback_meeting_at = models.DateTimeField(_("feedback meeting"), null=True, blank=True)
    follow_up_of = models.ForeignKey(
        "self",
        verbose_name=_("follow-up of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = WalkQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("walk")
        verbose_name_plural = _("walks")
        indexes = [models.Index(fields=["area", "-starts_at"], name="walk_area_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.area}, {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("situation:walk", args=[self.pk])

    @property
    def has_happened(self) -> bool:
        return self.status != self.Status.CANCELLED and self.starts_at <= timezone.now()

    @property
    def is_safety_walk(self) -> bool:
        return self.kind == self.Kind.SAFETY

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.is_safety_walk and self.starts_at:
            if self.preparatory_meeting_at and self.preparatory_meeting_at > self.starts_at:
                errors["preparatory_meeting_at"] = _("The preparatory meeting comes before the walk.")
            if self.feedback_meeting_at and self.feedback_meeting_at < self.starts_at:
                errors["feedback_meeting_at"] = _("The feedback meeting comes after the walk.")
        elif not self.is_safety_walk and (self.preparatory_meeting_at or self.feedback_meeting_at):
            errors["kind"] = _("Only a safety walk has preparatory and feedback meetings.")
        if errors:
            raise ValidationError(errors)


class WalkSignup(models.Model):
    walk = models.ForeignKey(Walk, on_delete=models.CASCADE, related_name="signups")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="walk_signups")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["walk", "user"], name="walk_signup_once")]

    def __str__(self) -> str:
        return f"{self.user} → {self.walk_id}"


class WalkFinding(models.Model):
    """Something found on a walk, filed as a report through the reports part."""

    walk = models.ForeignKey(Walk, on_delete=models.CASCADE, related_name="findings")
    report = models.OneToOneField("reports.Report", on_delete=models.PROTECT, related_name="walk_finding")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")

    def __str__(self) -> str:
        return f"{self.walk_id}: {self.report_id}"


class FindingResponse(models.Model):
    """At the feedback meeting, what the finding's owner will do about it."""

    finding = models.ForeignKey(WalkFinding, on_delete=models.CASCADE, related_name="responses")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    commitment = models.TextField(_("what we will do"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["finding", "organisation"], name="finding_response_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.finding_id}: {self.organisation}"
