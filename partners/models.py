"""The partner network: people, organisations, districts, invitations, hub-wide roles and the audit log."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from partners.validators import normalize_organisation_number, validate_organisation_number


class Role(models.TextChoices):
    """Hub-wide roles, stored as auth groups of the same name."""

    CHAIR = "chair", _("Forum chair")
    LEADERSHIP = "leadership", _("Municipal leadership")
    COORDINATOR = "coordinator", _("Coordinator")
    # The municipality's kontaktcenter: triages residents' felanmälan and nothing more.
    CUSTOMER_SERVICE = "customer_service", _("Customer service (kontaktcenter)")


class UserQuerySet(models.QuerySet["User"]):
    def people(self) -> UserQuerySet:
        """Active accounts of people: a partner system's service identity is no member anyone counts,
        lists or notifies."""
        return self.filter(is_active=True, is_service_account=False)


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: object) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person in the network, known by email; belongs to one organisation through Membership."""

    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("name"), max_length=150)
    title = models.CharField(pgettext_lazy("job title", "title"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    # The identity an API key acts as (integrations): it holds a membership so the key sees what its
    # organisation sees, but it is not a person.
    is_service_account = models.BooleanField(_("service account"), default=False, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    objects = UserManager()

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def save(self, *args: object, **kwargs: object) -> None:
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def organisation(self) -> Organisation | None:
        membership = getattr(self, "membership", None)
        return membership.organisation if membership else None

    def has_role(self, role: str) -> bool:
        """Hub-wide role check; the group names are cached on the instance for the request."""
        if not self.is_authenticated or not self.is_active:
            return False
        cached = getattr(self, "_role_names", None)
        if cached is None:
            cached = set(self.groups.values_list("name", flat=True))
            self._role_names = cached
        return role in cached

    @property
    def roles(self) -> list[str]:
        return [role.value for role in Role if self.has_role(role.value)]


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def active(self) -> OrganisationQuerySet:
        return self.filter(is_active=True)

    def visible_to(self, user: User) -> OrganisationQuerySet:
        """The partner directory is open to every member of the network; outsiders see nothing."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.has_role(Role.COORDINATOR):
            return self.all()
        return self.filter(is_active=True)


class Organisation(models.Model):
    class Kind(models.TextChoices):
        POLICE = "police", _("Police")
        MUNICIPALITY = "municipality", _("Municipal department")
        MUNICIPAL_COMPANY = "municipal_company", _("Municipal company")
        HOUSING = "housing", _("Housing company")
        UTILITY = "utility", _("Utility")
        ASSOCIATION = "association", _("Association")
        BUSINESS = "business", _("Business")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    organisation_number = models.CharField(
        _("organisation number"),
        max_length=11,
        validators=[validate_organisation_number],
        help_text=_("Ten digits, e.g. 202100-2890. Departments of one municipality share its number."),
    )
    description = models.TextField(_("description"), blank=True)
    contact_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contact person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("partners:organisation", args=[self.pk])

    def clean(self) -> None:
        if self.organisation_number:
            self.organisation_number = normalize_organisation_number(self.organisation_number)


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self) -> MembershipQuerySet:
        return self.filter(user__is_active=True, organisation__is_active=True, user__is_service_account=False)

    def of_people(self) -> MembershipQuerySet:
        return self.filter(user__is_service_account=False)


class Membership(models.Model):
    """A user's place in their organisation; every user has exactly one."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        ORG_ADMIN = "org_admin", _("Organisation admin")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    is_signatory = models.BooleanField(_("signatory"), default=False)
    joined_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "user__full_name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} ({self.organisation})"

    @property
    def is_org_admin(self) -> bool:
        return self.role == self.Role.ORG_ADMIN


class Area(models.Model):
    """A district of the municipality (Handen, Jordbro, ...)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # A GeoJSON Polygon or MultiPolygon (WGS 84), imported by a coordinator (partners.geo); a pin on
    # the public map finds its area through it. Empty until imported.
    boundary = models.JSONField(_("boundary"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")

    def __str__(self) -> str:
        return self.name


def _invitation_expiry() -> datetime:
    return timezone.now() + timedelta(days=settings.HUB_INVITATION_DAYS)


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def pending(self) -> InvitationQuerySet:
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """A single-use link that lets one person join one organisation.

    Only the SHA-256 of the token is stored, so a copy of the database cannot be used to join.
    """

    email = models.EmailField(_("email address"))
    full_name = models.CharField(_("name"), max_length=150, blank=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    role = models.CharField(
        _("role"), max_length=16, choices=Membership.Role.choices, default=Membership.Role.MEMBER
    )
    is_signatory = models.BooleanField(_("signatory"), default=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=_invitation_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and not self.is_expired

    def clean(self) -> None:
        self.email = (self.email or "").strip().lower()


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: object) -> int:
        raise ValidationError("The audit log is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ValidationError("The audit log is append-only.")


class AuditChainHead(models.Model):
    """The chain_hash of the newest audit event: one row, locked while an event is written, so two
    writers never chain to the same predecessor, and compared with the last row when verifying (a
    removed tail shows)."""

    chain_hash = models.CharField(max_length=64, blank=True)
    length = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.length}: {self.chain_hash}"


class AuditEvent(models.Model):
    """Who did what to what, from where, and when. Append-only: rows are never changed or removed."""

    # PROTECT: a person who has acted is deactivated, never deleted, so the log keeps its actor.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_label = models.CharField(max_length=254, blank=True)
    action = models.CharField(max_length=64, db_index=True)
    target_type = models.CharField(max_length=64, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(max_length=254, blank=True)
    data = models.JSONField(default=dict, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    # Tamper evidence (partners/audit_chain.py): each row's HMAC over its content and the previous
    # row's chain_hash. Rows written before the chain existed have none.
    previous_hash = models.CharField(max_length=64, blank=True, editable=False)
    chain_hash = models.CharField(max_length=64, blank=True, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise ValidationError("The audit log is append-only.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise ValidationError("The audit log is append-only.")
