"""Meetings of the forum: the invitation, the agenda built from the hub's state, minutes with
decisions and the actions they create, and the approval (justering) that locks the minutes."""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from agreements.models import FollowUpPeriod, Progress
from partners import permissions
from partners.models import Organisation


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def visible_to(self, user: Any) -> MeetingQuerySet:
        """Chairs, coordinators and leadership see every meeting; a member those their organisation
        is invited to."""
        if not permissions.is_member(user):
            return self.none()
        if permissions.is_chair(user) or permissions.is_coordinator(user) or permissions.is_leadership(user):
            return self.all()
        membership = permissions.membership_of(user)
        if membership is None:
            return self.none()
        return self.filter(invited_organisations=membership.organisation_id).distinct()


class Meeting(models.Model):
    class State(models.TextChoices):
        PLANNED = "planned", _("Planned")
        APPROVED = "approved", _("Minutes approved")
        CANCELLED = "cancelled", pgettext_lazy("meeting", "Cancelled")

    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    video_link = models.URLField(_("video link"), blank=True)
    invited_organisations = models.ManyToManyField(
        Organisation, verbose_name=_("invited organisations"), related_name="meetings"
    )
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("planned by"), on_delete=models.PROTECT, related_name="+"
    )
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("chair"), on_delete=models.PROTECT, related_name="+"
    )
    adjuster = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("adjuster (justerare)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.PLANNED)
    created_at = models.DateTimeField(default=timezone.now)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:detail", args=[self.pk])

    def clean(self) -> None:
        if not self.place and not self.video_link:
            raise ValidationError(_("Give a place or a video link."))
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The meeting must end after it starts.")})

    @property
    def is_locked(self) -> bool:
        """Minutes cannot change once anyone has approved them."""
        return self.state != self.State.PLANNED or self.approvals.exists()

    def minutes_text(self) -> str:
        """The full minutes as plain text: what the chair and the adjuster approve (its hash is stored)."""
        # Local time as written, so the text (and its hash) is the same however the instance was loaded.
        when = timezone.localtime(self.starts_at).strftime("%Y-%m-%d %H:%M")
        lines = [self.title, when, self.place or self.video_link, ""]
        for number, item in enumerate(self.items.order_by("position", "id"), start=1):
            lines.append(f"§{number} {item.title}")
            if item.restricted_to_id:
                lines.append(f"[restricted:{item.restricted_to_id}]")
            lines.append(item.notes)
            lines.append(item.decision)
            for action in item.actions.order_by("id"):
                lines.append(f"- {action.owner_id} {action.due_date.isoformat()} {action.description}")
            lines.append("")
        return "\n".join(lines)

    def minutes_sha256(self) -> str:
        return hashlib.sha256(self.minutes_text().encode("utf-8")).hexdigest()


class Invitation(models.Model):
    class Response(models.TextChoices):
        PENDING = "pending", _("Not answered")
        ATTENDING = "attending", _("Attending")
        NOT_ATTENDING = "not_attending", _("Not attending")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_invitations"
    )
    response = models.CharField(
        _("answer"), max_length=16, choices=Response.choices, default=Response.PENDING
    )
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["meeting", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="meeting_invitation_once")]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.user}"


class AgendaItem(models.Model):
    class Source(models.TextChoices):
        CUSTOM = "custom", _("Added by the chair")
        ESCALATION = "escalation", _("Escalation")
        OVERDUE = "overdue", _("Overdue reports")
        HOTSPOT = "hotspot", _("Hotspot signal")
        DARK_SPOT = "dark_spot", _("Unresolved dark spots")
        MEASURE = "measure", _("Measures due for follow-up")
        HANDSLAG = "handslag", _("Handslag renewal")
        ACTION = "action", _("Open action from an earlier meeting")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(_("title"), max_length=300)
    source = models.CharField(_("source"), max_length=16, choices=Source.choices, default=Source.CUSTOM)
    source_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    linked = GenericForeignKey("source_type", "source_id")
    source_url = models.CharField(max_length=300, blank=True)
    # An item only this organisation (and the forum's chairs, coordinators, leadership) may read.
    restricted_to = models.ForeignKey(
        Organisation,
        verbose_name=_("restricted to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    notes = models.TextField(_("notes"), blank=True, max_length=10000)
    decision = models.TextField(_("decision"), blank=True, max_length=10000)

    class Meta:
        ordering = ["meeting", "position", "id"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return self.title


class ActionQuerySet(models.QuerySet["Action"]):
    def visible_to(self, user: Any) -> ActionQuerySet:
        if not permissions.is_member(user):
            return self.none()
        if permissions.is_chair(user) or permissions.is_coordinator(user) or permissions.is_leadership(user):
            return self.all()
        membership = permissions.membership_of(user)
        if membership is None:
            return self.none()
        return self.filter(owner_id=membership.organisation_id)

    def open(self) -> ActionQuerySet:
        return self.filter(done_at__isnull=True)


class Action(models.Model):
    """Something a decision asks an organisation to do by a date; it returns on every agenda until done."""

    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="actions")
    owner = models.ForeignKey(
        Organisation,
        verbose_name=_("owner organisation"),
        on_delete=models.PROTECT,
        related_name="meeting_actions",
    )
    description = models.TextField(_("description"), max_length=2000)
    due_date = models.DateField(_("due date"))
    created_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    done_comment = models.TextField(_("comment"), blank=True, max_length=2000)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(done_at__isnull=True) | ~models.Q(done_comment=""),
                name="meeting_action_done_has_comment",
            ),
        ]

    def __str__(self) -> str:
        return self.description[:80]

    def get_absolute_url(self) -> str:
        return reverse("meetings:actions") + f"#action-{self.pk}"

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    @property
    def is_overdue(self) -> bool:
        return not self.is_done and self.due_date < timezone.localdate()


class Approval(models.Model):
    """The chair's or the adjuster's approval of the minutes, with the hash of the exact text approved."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        ADJUSTER = "adjuster", _("Adjuster")

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="approvals")
    role = models.CharField(max_length=16, choices=Role.choices)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text_sha256 = models.CharField(max_length=64)
    approved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["approved_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "role"], name="meeting_approval_once_per_role")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.get_role_display()}"


class YearDate(models.Model):
    """A date the forum enters in its årshjul: the schools' own holidays for the year (which then
    replace the usual weeks), a local risk day, or an event of the municipality."""

    class Kind(models.TextChoices):
        SCHOOL_HOLIDAY = "school_holiday", _("School holiday")
        RISK_DAY = "risk_day", _("Day of raised risk")
        EVENT = "event", _("Event in the municipality")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_on", "id"]
        verbose_name = _("date in the årshjul")
        verbose_name_plural = _("dates in the årshjul")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="year_date_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.starts_on and self.ends_on:
            if self.ends_on < self.starts_on:
                raise ValidationError({"ends_on": _("The last day cannot come before the first.")})
            if self.ends_on.year != self.starts_on.year:
                raise ValidationError(
                    {"ends_on": _("Enter a date per year; a period ends in the year it starts.")}
                )


class YearReminderSent(models.Model):
    """A reminder ahead of an årshjul event went out; the unique key makes the daily job idempotent."""

    key = models.CharField(max_length=100)
    days_ahead = models.PositiveSmallIntegerField()
    recipients = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [models.UniqueConstraint(fields=["key", "days_ahead"], name="year_reminder_once")]

    def __str__(self) -> str:
        return f"{self.key} −{self.days_ahead}"


class AnnualPicture(models.Model):
    """One version of the year's lägesbild (lag 2023:196): the figures as compiled from the hub's data
    when it was saved, their hash, and the coordinator's analysis around them."""

    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("version"))
    analysis = models.TextField(_("analysis"), max_length=50000)
    figures = models.JSONField(default=dict, editable=False)
    figures_sha256 = models.CharField(max_length=64, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-year", "-number"]
        verbose_name = _("annual situation picture")
        verbose_name_plural = _("annual situation pictures")
        constraints = [models.UniqueConstraint(fields=["year", "number"], name="annual_picture_version_once")]

    def __str__(self) -> str:
        return f"{self.year} v{self.number}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:annual_version", args=[self.pk])


class ActionPlan(models.Model):
    """The year's åtgärdsplan (lag 2023:196), derived from a version of the year's lägesbild; its
    adoption (body, date, diary number) is recorded once and then the plan no longer changes."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    based_on = models.ForeignKey(
        AnnualPicture,
        verbose_name=_("based on lägesbild"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plans",
    )
    adopted_by_body = models.CharField(_("adopted by"), max_length=200, blank=True)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    diary_number = models.CharField(_("diary number"), max_length=50, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(adopted_on__isnull=True, adopted_by_body="", diary_number="")
                | (
                    models.Q(adopted_on__isnull=False)
                    & ~models.Q(adopted_by_body="")
                    & ~models.Q(diary_number="")
                ),
                name="action_plan_adoption_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Action plan')} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:plan_year", args=[self.year])

    @property
    def is_adopted(self) -> bool:
        return self.adopted_on is not None


class PlanAction(models.Model):
    """One action of the plan: an owner, a due date, an indicator, and the measures or medborgarlöfte
    it is carried out through (whose tertial follow-up is the plan's follow-up)."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField(_("action"), max_length=2000)
    owner = models.ForeignKey(
        Organisation, verbose_name=_("owner organisation"), on_delete=models.PROTECT, related_name="+"
    )
    due_date = models.DateField(_("due date"))
    indicator = models.CharField(_("indicator"), max_length=300)
    measures = models.ManyToManyField(
        "agreements.Measure", verbose_name=_("measures"), blank=True, related_name="+"
    )
    programme = models.ForeignKey(
        "agreements.Programme",
        verbose_name=_("medborgarlöfte or programme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["plan", "due_date", "id"]
        verbose_name = _("plan action")
        verbose_name_plural = _("plan actions")

    def __str__(self) -> str:
        return self.description[:80]


class PlanActionFollowUp(models.Model):
    """What the owner reports for a plan action in a tertial or the annual report: the same periods
    and progress steps as the measures' follow-up, with the indicator's outcome in words."""

    action = models.ForeignKey(PlanAction, on_delete=models.CASCADE, related_name="follow_ups")
    term = models.CharField(_("period"), max_length=8, choices=FollowUpPeriod.Term.choices)
    status = models.CharField(_("status"), max_length=16, choices=Progress.choices)
    indicator_outcome = models.CharField(_("indicator outcome"), max_length=300)
    narrative = models.TextField(_("narrative"), max_length=2000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["action", "term"]
        verbose_name = _("plan action follow-up")
        verbose_name_plural = _("plan action follow-ups")
        constraints = [
            models.UniqueConstraint(fields=["action", "term"], name="plan_action_follow_up_once_per_term")
        ]

    def __str__(self) -> str:
        return f"{self.action} – {self.get_term_display()}"

    @property
    def rank(self) -> int:
        return FollowUpPeriod.TERM_RANK[self.term]
