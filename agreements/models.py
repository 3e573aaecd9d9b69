"""Agreements of the network: the Handslag's signed versions, and the commission's measures and the
citizen promises, followed up per tertial."""

from __future__ import annotations

import calendar
import hashlib
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from partners.categories import IncidentCategory
from partners.markup import render_markdown
from partners.models import Organisation


class Agreement(models.Model):
    class Kind(models.TextChoices):
        HANDSLAG = "handslag", _("Handslag mot skadegörelse")
        COMMISSION = "commission", _("Commission agreement")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "title"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("agreements:agreement", args=[self.pk])


class VersionQuerySet(models.QuerySet["AgreementVersion"]):
    def in_force(self, at: date | None = None) -> VersionQuerySet:
        day = at or timezone.localdate()
        return self.filter(status=AgreementVersion.Status.IN_FORCE, valid_from__lte=day, valid_until__gte=day)

    def open_for_signing(self) -> VersionQuerySet:
        return self.filter(status=AgreementVersion.Status.OPEN)

    def visible_to(self, user: Any) -> VersionQuerySet:
        """Every member reads versions past draft; drafts are the coordinators' working copies."""
        from partners import permissions

        if not permissions.is_member(user):
            return self.none()
        if permissions.is_coordinator(user):
            return self.all()
        return self.exclude(status=AgreementVersion.Status.DRAFT)


class AgreementVersion(models.Model):
    """One wording of an agreement. It can change only while a draft; after that, a new version."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for signing")
        IN_FORCE = "in_force", _("In force")
        EXPIRED = "expired", _("Expired")
        SUPERSEDED = "superseded", _("Superseded")

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    body_raw = models.TextField(_("text"), help_text=_("Markdown."))
    body_html = models.TextField(editable=False)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="successors"
    )
    opened_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VersionQuerySet.as_manager()

    class Meta:
        ordering = ["agreement", "-number"]
        verbose_name = _("agreement version")
        verbose_name_plural = _("agreement versions")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="agreements_version_unique_number"),
            models.CheckConstraint(
                condition=Q(valid_until__gt=models.F("valid_from")), name="agreements_version_period_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement} v{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        stored = self._stored()
        if stored is not None and stored.status != self.Status.DRAFT and stored.body_raw != self.body_raw:
            raise ValidationError(_("This version is no longer a draft and cannot be changed."))
        self.body_html = render_markdown(self.body_raw)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("agreements:version", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_signable(self) -> bool:
        # Signing stays possible while in force, so a partner joining later can sign the text that applies.
        return self.status in (self.Status.OPEN, self.Status.IN_FORCE)

    def days_left(self, today: date | None = None) -> int:
        return (self.valid_until - (today or timezone.localdate())).days

    def _stored(self) -> AgreementVersion | None:
        if self.pk is None:
            return None
        return AgreementVersion.objects.filter(pk=self.pk).first()

    def clean(self) -> None:
        if self.valid_from and self.valid_until and self.valid_until <= self.valid_from:
            raise ValidationError({"valid_until": _("The end date must be after the start date.")})
        stored = self._stored()
        if stored is not None and stored.status != self.Status.DRAFT:
            changed = (
                stored.body_raw != self.body_raw
                or stored.valid_from != self.valid_from
                or stored.valid_until != self.valid_until
            )
            if changed:
                raise ValidationError(
                    _("This version is no longer a draft and cannot be changed; draft a new version.")
                )
        if self.agreement_id and self.valid_from and self.valid_until:
            overlapping = (
                AgreementVersion.objects.filter(
                    agreement_id=self.agreement_id,
                    valid_from__lte=self.valid_until,
                    valid_until__gte=self.valid_from,
                )
                .exclude(pk=self.pk)
                .order_by("number")
                .first()
            )
            if overlapping is not None:
                raise ValidationError(
                    _("The validity period overlaps version %(number)s (%(start)s – %(end)s).")
                    % {
                        "number": overlapping.number,
                        "start": date_format(overlapping.valid_from, "DATE_FORMAT"),
                        "end": date_format(overlapping.valid_until, "DATE_FORMAT"),
                    }
                )

    def _canonical_parts(
        self, commitments: list[Commitment] | None = None, *, labelled: bool = False
    ) -> tuple[list[str], str, list[str]]:
        """The header lines, the Markdown body and the commitment lines the signed text is made of.
        labelled: each commitment named by its category's label (for reading), not its code (hashed)."""
        items = commitments if commitments is not None else list(self.commitments.all())
        items = sorted(items, key=lambda item: (item.category, item.pk or 0))
        header = [
            f"{self.agreement.title}",
            f"Version {self.number}",
            f"Giltig {self.valid_from:%Y-%m-%d} -- {self.valid_until:%Y-%m-%d}",
        ]
        body = self.body_raw.replace("\r\n", "\n").replace("\r", "\n").strip()
        lines = []
        for item in items:
            promise = " ".join(item.promise.split())
            category = item.get_category_display() if labelled else item.category
            lines.append(f"{category}: {item.response_target_hours} h. {promise}")
        return header, body, lines

    def canonical_text(self, commitments: list[Commitment] | None = None) -> str:
        """The exact text a signature's hash covers, shown as is on the version's page.

        Deliberately not translated: the same version must give the same bytes whatever the reader's
        language. Line endings are normalised so a browser's CRLF does not change the hash.
        """
        header, body, items = self._canonical_parts(commitments)
        lines = [*header, "", body, "", "Åtaganden:", *(f"- {item}" for item in items)]
        return "\n".join(lines) + "\n"

    def canonical_html(self, commitments: list[Commitment] | None = None) -> str:
        """The signed text as a reader sees it: the same words as canonical_text, the Markdown rendered.
        Safe HTML (the body through the sanitiser, the rest escaped)."""
        from django.utils.html import escape

        header, body, items = self._canonical_parts(commitments, labelled=True)
        parts = [
            "<p>" + "<br>".join(escape(line) for line in header) + "</p>",
            render_markdown(body),
            "<p>Åtaganden:</p>",
        ]
        if items:
            parts.append("<ul>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul>")
        return "\n".join(parts)

    def text_sha256(self) -> str:
        return hashlib.sha256(self.canonical_text().encode("utf-8")).hexdigest()


class Commitment(models.Model):
    """A promise per incident category, with the response target the reports app uses for due times."""

    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="commitments")
    category = models.CharField(_("category"), max_length=32, choices=IncidentCategory.choices)
    promise = models.TextField(_("promise"))
    response_target_hours = models.PositiveIntegerField(
        _("response target (hours)"), validators=[MinValueValidator(1)]
    )

    class Meta:
        ordering = ["category"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "category"], name="agreements_commitment_one_per_category"
            ),
            models.CheckConstraint(
                condition=Q(response_target_hours__gt=0), name="agreements_commitment_target_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.response_target_hours} h"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self._refuse_unless_draft()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        self._refuse_unless_draft()
        return super().delete(*args, **kwargs)

    def _refuse_unless_draft(self) -> None:
        status = AgreementVersion.objects.filter(pk=self.version_id).values_list("status", flat=True).first()
        if status is not None and status != AgreementVersion.Status.DRAFT:
            raise ValidationError(_("Commitments can only change while the version is a draft."))

    def clean(self) -> None:
        self._refuse_unless_draft()


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        raise ValidationError("Signatures and their withdrawals are never changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ValidationError("Signatures and their withdrawals are never removed.")


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValidationError("This record is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValidationError("This record is never removed.")


class Signature(AppendOnlyModel):
    """An organisation's signature of a version. Never edited or deleted (DB triggers as well)."""

    version = models.ForeignKey(AgreementVersion, on_delete=models.PROTECT, related_name="signatures")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="signatures")
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(default=timezone.now)
    text_sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["signed_at", "pk"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "organisation"], name="agreements_signature_one_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.version}"

    @property
    def is_withdrawn(self) -> bool:
        try:
            return self.withdrawal is not None
        except SignatureWithdrawal.DoesNotExist:
            return False


class SignatureWithdrawal(AppendOnlyModel):
    """The only way out of a signature: a new, logged record; the signature itself stays."""

    signature = models.OneToOneField(Signature, on_delete=models.PROTECT, related_name="withdrawal")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("withdrawn signature")
        verbose_name_plural = _("withdrawn signatures")

    def __str__(self) -> str:
        return f"{self.signature} (withdrawn)"


class Decline(models.Model):
    """An organisation's answer that it will not sign this version, with its reason."""

    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="declines")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("declined signature")
        verbose_name_plural = _("declined signatures")
        constraints = [
            models.UniqueConstraint(fields=["version", "organisation"], name="agreements_decline_once")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} declined {self.version}"


class ReminderSent(models.Model):
    """One row per reminder sent, so the daily command never sends the same reminder twice."""

    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    days_left = models.PositiveIntegerField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["version", "organisation", "days_left"], name="agreements_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.version} → {self.organisation} ({self.days_left} days)"


# --- The commission's measures and the citizen promises: one follow-up machinery -----------------


class Programme(models.Model):
    """The commission's measures or a medborgarlöfte's promises, followed up per period."""

    class Kind(models.TextChoices):
        COMMISSION = "commission", _("Commission measures")
        CITIZEN_PROMISE = "citizen_promise", _("Citizen promise")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    agreement = models.ForeignKey(
        Agreement, null=True, blank=True, on_delete=models.SET_NULL, related_name="programmes"
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        ordering = ["kind", "title"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("agreements:programme", args=[self.pk])


class MeasureArea(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="areas")
    name = models.CharField(_("name"), max_length=120)
    position = models.PositiveIntegerField(default=0)
    budget_note = models.CharField(_("budget estimate"), max_length=200, blank=True)

    class Meta:
        ordering = ["programme", "position", "name"]
        verbose_name = _("area group")
        verbose_name_plural = _("area groups")
        constraints = [models.UniqueConstraint(fields=["programme", "name"], name="agreements_area_unique")]

    def __str__(self) -> str:
        return self.name


class Progress(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DELAYED = "delayed", _("Delayed")
    DONE = "done", _("Done")


class MeasureQuerySet(models.QuerySet["Measure"]):
    def visible_to(self, user: Any) -> MeasureQuerySet:
        from partners import permissions

        return self.all() if permissions.is_member(user) else self.none()


class Measure(models.Model):
    """A measure of the commission's agreement, or one promise of a medborgarlöfte."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="measures")
    number = models.PositiveIntegerField(_("number"), validators=[MinValueValidator(1)])
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    area = models.ForeignKey(
        MeasureArea, null=True, blank=True, on_delete=models.PROTECT, related_name="measures"
    )
    responsible = models.ForeignKey(
        Organisation,
        verbose_name=_("responsible"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="measures",
    )
    budget_sek = models.PositiveBigIntegerField(_("allocated budget (SEK)"), default=0)
    status = models.CharField(
        _("status"), max_length=16, choices=Progress.choices, default=Progress.NOT_STARTED
    )

    objects = MeasureQuerySet.as_manager()

    class Meta:
        ordering = ["programme", "number"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="agreements_measure_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("agreements:measure", args=[self.pk])

    def over_budget_sek(self, spent: int | None) -> int:
        """How much `spent` exceeds the allocation; 0 when within it or when nothing is allocated."""
        if not spent or not self.budget_sek or spent <= self.budget_sek:
            return 0
        return spent - self.budget_sek

    def clean(self) -> None:
        if self.area_id and self.programme_id and self.area.programme_id != self.programme_id:
            raise ValidationError({"area": _("The area group belongs to another programme.")})


class FollowUpPeriod(models.Model):
    """A reporting period of a programme: the first tertial, the second tertial or the whole year."""

    class Term(models.TextChoices):
        T1 = "t1", _("January–April")
        T2 = "t2", _("May–August")
        ANNUAL = "annual", _("Annual")

    TERM_MONTHS = {Term.T1: (1, 4), Term.T2: (5, 8), Term.ANNUAL: (1, 12)}
    # The order in which a year's periods are reported: April, August, then the annual report.
    TERM_RANK: dict[str, int] = {Term.T1: 1, Term.T2: 2, Term.ANNUAL: 3}

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="periods")
    year = models.PositiveIntegerField(_("year"), validators=[MinValueValidator(2000)])
    term = models.CharField(_("period"), max_length=8, choices=Term.choices)
    is_open = models.BooleanField(_("open for follow-up"), default=True)
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["programme", "-year", "term"]
        verbose_name = _("follow-up period")
        verbose_name_plural = _("follow-up periods")
        constraints = [
            models.UniqueConstraint(fields=["programme", "year", "term"], name="agreements_period_unique")
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.year} {self.get_term_display()}"

    def get_absolute_url(self) -> str:
        return reverse("agreements:period", args=[self.pk])

    @property
    def starts_on(self) -> date:
        return date(self.year, self.TERM_MONTHS[self.term][0], 1)

    @property
    def ends_on(self) -> date:
        month = self.TERM_MONTHS[self.term][1]
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    def is_future(self, today: date | None = None) -> bool:
        return self.starts_on > (today or timezone.localdate())

    @property
    def rank(self) -> int:
        return self.TERM_RANK[self.term]

    @property
    def earlier_terms(self) -> list[str]:
        """The terms of the same year reported before this one (spending is cumulative for the year)."""
        return [term for term, rank in self.TERM_RANK.items() if rank < self.rank]

    @property
    def label(self) -> str:
        return f"{self.get_term_display()} {self.year}"


class FollowUpQuerySet(models.QuerySet["FollowUp"]):
    def published(self) -> FollowUpQuerySet:
        return self.filter(period__is_published=True)

    def visible_to(self, user: Any) -> FollowUpQuerySet:
        """Leadership and coordinators see all; a responsible department its own; others the published."""
        from partners import permissions

        if not permissions.is_member(user):
            return self.none()
        if permissions.is_coordinator(user) or permissions.is_leadership(user):
            return self.all()
        membership = permissions.membership_of(user)
        own = Q(measure__responsible_id=membership.organisation_id) if membership else Q(pk__in=[])
        return self.filter(Q(period__is_published=True) | own)


class FollowUp(models.Model):
    """What the responsible department reports for a measure in a period."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="follow_ups")
    period = models.ForeignKey(FollowUpPeriod, on_delete=models.CASCADE, related_name="follow_ups")
    status = models.CharField(_("status"), max_length=16, choices=Progress.choices)
    spent_sek = models.PositiveBigIntegerField(
        _("spent this year so far (SEK)"), default=0, help_text=_("Whole kronor, cumulative for the year.")
    )
    narrative = models.TextField(_("narrative"), max_length=2000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["period", "measure__number"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        constraints = [
            models.UniqueConstraint(fields=["measure", "period"], name="agreements_followup_once_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.measure} – {self.period}"

    @property
    def over_budget_sek(self) -> int:
        """How much the reported spending exceeds the measure's allocation; 0 when within it."""
        return self.measure.over_budget_sek(self.spent_sek)

    def clean(self) -> None:
        if self.period_id and self.measure_id and self.period.programme_id != self.measure.programme_id:
            raise ValidationError(_("The period belongs to another programme."))
