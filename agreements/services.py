"""Every write of the agreements app: one verb each, permission first, atomic, audited, notified."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mass_mail
from django.db import IntegrityError, models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from agreements import permissions, selectors
from agreements.models import (
    Agreement,
    AgreementVersion,
    Commitment,
    Decline,
    FollowUp,
    FollowUpPeriod,
    Measure,
    Programme,
    ReminderSent,
    Signature,
    SignatureWithdrawal,
)
from partners import audit
from partners import permissions as partner_permissions
from partners.models import Organisation, Role, User
from realtime.messages import Message
from realtime.services import notify

REMINDER_DAYS = (30, 14, 3)


def _coordinators() -> list[User]:
    return list(User.objects.filter(groups__name=Role.COORDINATOR, is_active=True))


def _require_manager(by: User) -> None:
    if not permissions.can_manage_agreements(by):
        raise PermissionDenied(_("Only coordinators manage agreements."))


def _email(users: list[User], template: str, context: dict[str, Any]) -> None:
    """Send one plain email per recipient after the transaction commits."""
    site = settings.HUB_SITE_URL.rstrip("/")
    messages = []
    for user in users:
        if not user.is_active or not user.email:
            continue
        data = {**context, "user": user, "site": site}
        subject = render_to_string(f"agreements/email/{template}_subject.txt", data).strip()
        body = render_to_string(f"agreements/email/{template}_body.txt", data)
        messages.append((subject, body, None, [user.email]))
    if messages:
        transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=False))


def _lock_and_refresh(version: AgreementVersion) -> None:
    """Lock the row for this transaction and bring the caller's instance up to date with it."""
    AgreementVersion.objects.select_for_update().filter(pk=version.pk).values_list("pk").first()
    version.refresh_from_db()


# --- versions -------------------------------------------------------------------------------------


def create_agreement(
    *,
    by: User,
    kind: str,
    title: str,
    body: str,
    valid_from: date,
    valid_until: date,
) -> AgreementVersion:
    """A new agreement with its first version as a draft."""
    _require_manager(by)
    with transaction.atomic():
        agreement = Agreement(kind=kind, title=title)
        agreement.full_clean()
        agreement.save()
        version = AgreementVersion(
            agreement=agreement, number=1, body_raw=body, valid_from=valid_from, valid_until=valid_until
        )
        version.full_clean()
        version.save()
        audit.record(actor=by, action="agreement.create", target=agreement)
    return version


def _replace_commitments(version: AgreementVersion, commitments: list[dict[str, Any]]) -> None:
    seen = set()
    rows = []
    for item in commitments:
        if item["category"] in seen:
            raise ValidationError(_("Each category can have only one commitment."))
        seen.add(item["category"])
        row = Commitment(
            version=version,
            category=item["category"],
            promise=item["promise"],
            response_target_hours=item["response_target_hours"],
        )
        row.full_clean(exclude=["version"])
        rows.append(row)
    for existing in version.commitments.all():
        existing.delete()
    for row in rows:
        row.save()


def update_draft(
    *,
    version: AgreementVersion,
    by: User,
    body: str,
    valid_from: date,
    valid_until: date,
    commitments: list[dict[str, Any]] | None = None,
) -> AgreementVersion:
    """Change a draft's text, dates and commitments; refused once it has been opened for signing."""
    _require_manager(by)
    with transaction.atomic():
        _lock_and_refresh(version)
        if not version.is_draft:
            raise ValidationError(
                _("This version is open for signing or in force and cannot be changed; draft a new version.")
            )
        version.body_raw = body
        version.valid_from = valid_from
        version.valid_until = valid_until
        version.full_clean()
        version.save()
        if commitments is not None:
            _replace_commitments(version, commitments)
        audit.record(actor=by, action="agreement_version.update", target=version)
    return version


def draft_next_version(*, agreement: Agreement, by: User) -> AgreementVersion:
    """Copy the latest version (text and commitments) into a new draft that starts the day after it ends."""
    _require_manager(by)
    with transaction.atomic():
        latest = (
            AgreementVersion.objects.select_for_update()
            .filter(agreement=agreement)
            .order_by("-number")
            .first()
        )
        if latest is None:
            raise ValidationError(_("The agreement has no version to renew."))
        if latest.is_draft:
            raise ValidationError(_("A draft of the next version already exists."))
        length = latest.valid_until - latest.valid_from
        start = latest.valid_until + timedelta(days=1)
        version = AgreementVersion(
            agreement=agreement,
            number=latest.number + 1,
            body_raw=latest.body_raw,
            valid_from=start,
            valid_until=start + length,
            previous=latest,
        )
        version.full_clean()
        version.save()
        for commitment in latest.commitments.all():
            Commitment.objects.create(
                version=version,
                category=commitment.category,
                promise=commitment.promise,
                response_target_hours=commitment.response_target_hours,
            )
        audit.record(
            actor=by,
            action="agreement_version.draft",
            target=version,
            data={"from_version": latest.number},
        )
    return version


def open_for_signing(*, version: AgreementVersion, by: User) -> AgreementVersion:
    """Freeze the draft and ask every organisation that signed the previous version to sign again."""
    _require_manager(by)
    with transaction.atomic():
        _lock_and_refresh(version)
        if not version.is_draft:
            raise ValidationError(_("Only a draft can be opened for signing."))
        if not version.commitments.exists() and version.agreement.kind == Agreement.Kind.HANDSLAG:
            raise ValidationError(_("Add at least one commitment before opening the version for signing."))
        version.full_clean()
        version.status = AgreementVersion.Status.OPEN
        version.opened_at = timezone.now()
        version.save(update_fields=["status", "opened_at"])
        organisations = list(selectors.organisations_to_ask(version))
        recipients = selectors.signatories_of(organisations)
        audit.record(
            actor=by,
            action="agreement_version.open",
            target=version,
            data={"asked": [org.pk for org in organisations]},
        )
        text = Message(
            gettext_noop("%(version)s is open for signing. Please sign on behalf of your organisation."),
            version=version,
        )
        notify(recipients, "agreement_open", text, version.get_absolute_url(), actor=by)
        _email(recipients, "open_for_signing", {"version": version})
    return version


# Wrong confirmations at the signing step, per person, before signing is refused for a while: the
# step is a second password check and is throttled like login.
SIGN_CONFIRM_ATTEMPTS = 5
SIGN_CONFIRM_WINDOW_SECONDS = 15 * 60


def _confirm_failures_key(user: User) -> str:
    return f"agreements:sign-confirm-failures:{user.pk}"


def _identity_failure(user: User, *, password: str, totp_code: str) -> tuple[str, str] | None:
    """The signer confirms who they are: their TOTP code when MFA is on, else their password.
    Returns (method, message) when the confirmation fails."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is not None:
        if not totp_code or not TOTP(authenticator).validate_code(totp_code.strip()):
            return "totp", _("The authenticator code is not correct.")
        return None
    if not password or not user.check_password(password):
        return "password", _("The password is not correct.")
    return None


def _refuse_when_throttled(user: User) -> None:
    if (cache.get(_confirm_failures_key(user)) or 0) >= SIGN_CONFIRM_ATTEMPTS:
        raise ValidationError(
            _("Too many wrong attempts to confirm your identity. Wait %(minutes)d minutes and try again."),
            code="sign_throttled",
            params={"minutes": SIGN_CONFIRM_WINDOW_SECONDS // 60},
        )


def _record_failed_confirmation(user: User, version: models.Model, method: str) -> None:
    key = _confirm_failures_key(user)
    cache.add(key, 0, SIGN_CONFIRM_WINDOW_SECONDS)
    try:
        failures = cache.incr(key)
    except ValueError:
        cache.set(key, 1, SIGN_CONFIRM_WINDOW_SECONDS)
        failures = 1
    audit.record(
        actor=user,
        action="signature.confirm_failed",
        target=version,
        data={"method": method, "failures": failures},
    )


def confirm_identity(*, user: User, password: str, totp_code: str, target: models.Model) -> None:
    """Signing's second check (password, or TOTP code with MFA), throttled and audited the same way,
    for another text approved like a signature (the forum's minutes)."""
    _refuse_when_throttled(user)
    failure = _identity_failure(user, password=password, totp_code=totp_code)
    if failure is not None:
        _record_failed_confirmation(user, target, failure[0])
        raise ValidationError(failure[1])


def sign_version(
    *,
    version: AgreementVersion,
    organisation: Organisation,
    by: User,
    password: str = "",
    totp_code: str = "",
) -> Signature:
    """Sign on the organisation's behalf; the hash of the exact text shown is stored with the signature.
    A wrong password or code is audited, and after SIGN_CONFIRM_ATTEMPTS of them signing is refused
    for a while, right password or not."""
    _refuse_when_throttled(by)
    failure: tuple[str, str] | None = None
    with transaction.atomic():
        _lock_and_refresh(version)
        if not partner_permissions.is_signatory_of(by, organisation):
            raise PermissionDenied(_("Only a signatory of the organisation can sign on its behalf."))
        refusal = permissions.sign_refusal(by, version, organisation)
        if refusal:
            raise ValidationError(refusal)
        if version.signatures.filter(organisation=organisation).exists():
            raise ValidationError(
                _("%(organisation)s has already signed this version.") % {"organisation": organisation}
            )
        failure = _identity_failure(by, password=password, totp_code=totp_code)
        if failure is None:
            signature = _create_signature(version=version, organisation=organisation, by=by)
    if failure is not None:
        # Outside the transaction, so the audit row stays although the signing failed.
        _record_failed_confirmation(by, version, failure[0])
        raise ValidationError(failure[1])
    return signature


def _create_signature(*, version: AgreementVersion, organisation: Organisation, by: User) -> Signature:
    try:
        with transaction.atomic():
            signature = Signature.objects.create(
                version=version,
                organisation=organisation,
                signed_by=by,
                text_sha256=version.text_sha256(),
            )
    except IntegrityError as error:
        raise ValidationError(
            _("%(organisation)s has already signed this version.") % {"organisation": organisation}
        ) from error
    audit.record(
        actor=by,
        action="signature.create",
        target=signature,
        data={"version": version.pk, "organisation": organisation.pk, "sha256": signature.text_sha256},
    )
    notify(
        _coordinators(),
        "agreement_signed",
        Message(
            gettext_noop("%(organisation)s signed %(version)s."), organisation=organisation, version=version
        ),
        reverse("agreements:board", args=[version.pk]),
        actor=by,
    )
    return signature


def withdraw_signature(*, signature: Signature, by: User, reason: str) -> SignatureWithdrawal:
    """A signatory takes their organisation out of a version; the signature itself stays on record."""
    if not partner_permissions.is_signatory_of(by, signature.organisation):
        raise PermissionDenied(_("Only a signatory of the organisation can withdraw its signature."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason for the withdrawal.")})
    with transaction.atomic():
        if SignatureWithdrawal.objects.filter(signature=signature).exists():
            raise ValidationError(_("This signature has already been withdrawn."))
        withdrawal = SignatureWithdrawal.objects.create(signature=signature, by=by, reason=reason)
        audit.record(
            actor=by,
            action="signature.withdraw",
            target=signature,
            data={"reason": reason, "version": signature.version_id},
        )
        notify(
            _coordinators(),
            "agreement_withdrawn",
            Message(
                gettext_noop("%(organisation)s withdrew its signature of %(version)s."),
                organisation=signature.organisation,
                version=signature.version,
            ),
            signature.version.get_absolute_url(),
            actor=by,
        )
    return withdrawal


def decline_version(
    *,
    version: AgreementVersion,
    organisation: Organisation,
    by: User,
    reason: str,
) -> Decline:
    if not partner_permissions.is_signatory_of(by, organisation):
        raise PermissionDenied(_("Only a signatory of the organisation can answer on its behalf."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason for declining.")})
    with transaction.atomic():
        _lock_and_refresh(version)
        if not version.is_signable:
            raise ValidationError(_("This version is not open for signing."))
        if version.signatures.filter(organisation=organisation, withdrawal__isnull=True).exists():
            raise ValidationError(
                _("Your organisation has signed this version; withdraw the signature instead.")
            )
        if version.declines.filter(organisation=organisation).exists():
            raise ValidationError(_("Your organisation has already declined this version."))
        decline = Decline.objects.create(version=version, organisation=organisation, by=by, reason=reason)
        audit.record(
            actor=by,
            action="agreement_version.decline",
            target=version,
            data={"organisation": organisation.pk, "reason": reason},
        )
        notify(
            _coordinators(),
            "agreement_declined",
            Message(
                gettext_noop("%(organisation)s declined to sign %(version)s."),
                organisation=organisation,
                version=version,
            ),
            reverse("agreements:board", args=[version.pk]),
            actor=by,
        )
    return decline


def activate_versions(*, today: date | None = None) -> list[str]:
    """Bring versions into force on their start date, supersede their predecessors, expire the ended."""
    day = today or timezone.localdate()
    changes = []
    with transaction.atomic():
        starting = AgreementVersion.objects.select_for_update().filter(
            status=AgreementVersion.Status.OPEN, valid_from__lte=day, valid_until__gte=day
        )
        for version in starting:
            for older in AgreementVersion.objects.filter(
                agreement=version.agreement_id, status=AgreementVersion.Status.IN_FORCE
            ).exclude(pk=version.pk):
                older.status = AgreementVersion.Status.SUPERSEDED
                older.save(update_fields=["status"])
                audit.record(
                    actor=None, actor_label="system", action="agreement_version.supersede", target=older
                )
                changes.append(f"superseded {older}")
            version.status = AgreementVersion.Status.IN_FORCE
            version.save(update_fields=["status"])
            audit.record(
                actor=None, actor_label="system", action="agreement_version.in_force", target=version
            )
            changes.append(f"in force {version}")
        ended = AgreementVersion.objects.select_for_update().filter(
            status__in=[AgreementVersion.Status.IN_FORCE, AgreementVersion.Status.OPEN], valid_until__lt=day
        )
        for version in ended:
            version.status = AgreementVersion.Status.EXPIRED
            version.save(update_fields=["status"])
            audit.record(actor=None, actor_label="system", action="agreement_version.expire", target=version)
            changes.append(f"expired {version}")
    return changes


def send_due_reminders(*, today: date | None = None) -> int:
    """Remind organisations that have not signed the renewal when the version in force nears its end.

    At 30, 14 and 3 days left; the tightest threshold crossed is sent once per organisation, and a
    ReminderSent row makes a second run the same day (or a late run) send nothing again.
    """
    day = today or timezone.localdate()
    sent = 0
    for version in (
        AgreementVersion.objects.open_for_signing()
        .filter(previous__isnull=False)
        .select_related("previous", "agreement")
    ):
        current = version.previous
        if current is None or current.status != AgreementVersion.Status.IN_FORCE:
            continue
        days_left = current.days_left(day)
        crossed = [threshold for threshold in REMINDER_DAYS if 0 <= days_left <= threshold]
        if not crossed:
            continue
        threshold = min(crossed)
        for organisation in selectors.organisations_to_ask(version):
            with transaction.atomic():
                reminder, created = ReminderSent.objects.get_or_create(
                    version=version, organisation=organisation, days_left=threshold
                )
                if not created:
                    continue
                recipients = selectors.signatories_of([organisation])
                text = Message(
                    gettext_noop(
                        "%(days)s days left of %(current)s: %(organisation)s has not yet signed %(version)s."
                    ),
                    days=days_left,
                    current=current,
                    organisation=organisation,
                    version=version,
                )
                notify(recipients, "agreement_reminder", text, version.get_absolute_url())
                _email(
                    recipients,
                    "reminder",
                    {"version": version, "days_left": days_left, "organisation": organisation},
                )
                audit.record(
                    actor=None,
                    actor_label="system",
                    action="agreement_version.remind",
                    target=version,
                    data={"organisation": organisation.pk, "threshold": threshold},
                )
                sent += 1
    return sent


# --- measures and follow-ups ----------------------------------------------------------------------


def create_period(*, programme: Programme, by: User, year: int, term: str) -> FollowUpPeriod:
    _require_manager(by)
    with transaction.atomic():
        if FollowUpPeriod.objects.filter(programme=programme, year=year, term=term).exists():
            raise ValidationError(_("That period already exists."))
        period = FollowUpPeriod(programme=programme, year=year, term=term)
        period.full_clean()
        period.save()
        audit.record(actor=by, action="followup_period.create", target=period)
    return period


def set_period_state(
    *,
    period: FollowUpPeriod,
    by: User,
    is_open: bool | None = None,
    is_published: bool | None = None,
) -> FollowUpPeriod:
    """Close, reopen, publish or unpublish a period (coordinators)."""
    _require_manager(by)
    with transaction.atomic():
        period = FollowUpPeriod.objects.select_for_update().get(pk=period.pk)
        if is_open is not None:
            period.is_open = is_open
        if is_published is not None:
            period.is_published = is_published
            period.published_at = timezone.now() if is_published else None
        period.save()
        audit.record(
            actor=by,
            action="followup_period.update",
            target=period,
            data={"is_open": period.is_open, "is_published": period.is_published},
        )
    return period


def record_follow_up(
    *,
    measure: Measure,
    period: FollowUpPeriod,
    by: User,
    status: str,
    spent_sek: Any,
    narrative: str,
    today: date | None = None,
) -> FollowUp:
    """The responsible department reports status, money spent and a short narrative for an open period.

    Spending above the measure's allocation is accepted (money can be moved within an area group) but
    never silently: the audit event records the excess, FollowUp.over_budget_sek flags it wherever the
    follow-up is shown, and the page that recorded it warns the person who did."""
    if not permissions.can_record_follow_up(by, measure):
        raise PermissionDenied(_("Only the responsible department records follow-ups of this measure."))
    if period.programme_id != measure.programme_id:
        raise ValidationError(_("The period belongs to another programme."))
    if period.is_future(today):
        raise ValidationError(_("A follow-up cannot be recorded for a period that has not started."))
    if not period.is_open:
        raise ValidationError(_("The period is closed; a coordinator can reopen it."))
    try:
        spent = int(str(spent_sek).replace(" ", "").replace("\u00a0", ""))
    except (TypeError, ValueError) as error:
        raise ValidationError({"spent_sek": _("Enter the amount in whole kronor.")}) from error
    if spent < 0:
        raise ValidationError({"spent_sek": _("The amount cannot be negative.")})
    with transaction.atomic():
        follow_up = FollowUp.objects.filter(measure=measure, period=period).first() or FollowUp(
            measure=measure, period=period
        )
        follow_up.status = status
        follow_up.spent_sek = spent
        follow_up.narrative = (narrative or "").strip()
        follow_up.recorded_by = by
        follow_up.full_clean()
        follow_up.save()
        measure.status = status
        measure.save(update_fields=["status"])
        audit.record(
            actor=by,
            action="followup.record",
            target=follow_up,
            data={"status": status, "spent_sek": spent, "over_budget_sek": measure.over_budget_sek(spent)},
        )
    return follow_up
