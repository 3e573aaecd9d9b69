"""Every change to citizens' reports: filing and confirming, following a report, the coordinators'
triage (accept, merge, reject, forward outside the network), the resident's "not fixed", the
återkoppling e-mails at each step, and erasing contact details after the retention period."""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage, send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from intake import permissions
from intake.models import (
    CONFIRM_HOURS,
    PUBLIC_CATEGORIES,
    CitizenEvent,
    CitizenPhoto,
    CitizenReport,
    key_hash,
)
from partners import audit, geo
from partners import selectors as partner_selectors
from partners.categories import IncidentCategory
from partners.models import Area, Role, User
from realtime.messages import Message
from realtime.services import notify
from reports import services as report_services
from reports.models import REOPEN_DAYS, Report, ReportEvent

logger = logging.getLogger(__name__)


# --- limits and helpers -----------------------------------------------------------------------


def address_key(address: str | None) -> str:
    """An HMAC of the sender's address: enough to count per address, useless to anyone without the key."""
    if not address:
        return ""
    return hmac.new(settings.SECRET_KEY.encode(), f"intake-ip:{address}".encode(), hashlib.sha256).hexdigest()


def _check_limits(*, email: str, address: str) -> None:
    now = timezone.now()
    per_email = CitizenReport.objects.filter(
        email__iexact=email, created_at__gte=now - timedelta(days=1)
    ).count()
    if per_email >= settings.INTAKE_MAX_PER_EMAIL_PER_DAY:
        raise ValidationError(
            _(
                "You have sent %(count)s reports from this e-mail address in the last 24 hours, the most "
                "we accept. Try again tomorrow, or call the municipality's contact centre."
            ),
            code="limit_email",
            params={"count": settings.INTAKE_MAX_PER_EMAIL_PER_DAY},
        )
    if address:
        per_address = CitizenReport.objects.filter(
            address_key=address, created_at__gte=now - timedelta(hours=1)
        ).count()
        if per_address >= settings.INTAKE_MAX_PER_ADDRESS_PER_HOUR:
            raise ValidationError(
                _(
                    "Many reports have been sent from your network in the last hour (at most %(count)s). "
                    "Try again in an hour, or call the municipality's contact centre."
                ),
                code="limit_address",
                params={"count": settings.INTAKE_MAX_PER_ADDRESS_PER_HOUR},
            )


def _site(path: str) -> str:
    return settings.HUB_SITE_URL.rstrip("/") + path


def _mail(citizen_report: CitizenReport, template: str, **context: Any) -> None:
    """Send the resident one e-mail after commit, in the language they wrote in; a failing mail server
    is logged and never undoes the step (the tracking page shows the same history)."""
    if not citizen_report.email:
        return
    recipient = citizen_report.email
    with translation.override(citizen_report.language):
        body = render_to_string(
            f"intake/email/{template}.txt",
            {
                "citizen_report": citizen_report,
                "tracking_url": _site(citizen_report.tracking_path()),
                **context,
            },
        )
    subject, _blank, text = body.strip().partition("\n")

    def send() -> None:
        try:
            send_mail(subject.strip(), text.strip() + "\n", None, [recipient])
        except Exception:
            logger.exception("Could not send the citizen e-mail %s", template)

    transaction.on_commit(send)


def _event(
    citizen_report: CitizenReport, kind: str, *, organisation: str = "", text: str = ""
) -> CitizenEvent:
    return CitizenEvent.objects.create(
        citizen_report=citizen_report, kind=kind, organisation_name=organisation, text=text
    )


def _tell(citizen_report: CitizenReport, kind: str, *, organisation: str = "", text: str = "") -> None:
    event = _event(citizen_report, kind, organisation=organisation, text=text)
    _mail(citizen_report, "step", event=event)


# --- filing -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Submitted:
    citizen_report: CitizenReport | None  # None when the honeypot caught a robot


def resolve_area(*, latitude: float, longitude: float) -> Area:
    """The active area whose boundary holds the pin; a pin outside every boundary is refused."""
    area = geo.containing(partner_selectors.outlined_areas(), latitude=latitude, longitude=longitude)
    if area is None:
        raise ValidationError(
            {
                "latitude": _(
                    "The pin is outside the municipality's areas. Move it, or choose an area from the list "
                    "and describe the place."
                )
            },
            code="outside",
        )
    return area


def submit_citizen_report(
    *,
    category: str,
    description: str,
    email: str,
    name: str = "",
    phone: str = "",
    area: Area | None = None,
    place_text: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    photos: Sequence[Any] = (),
    address: str | None = None,
    honeypot: str = "",
    language: str = "sv",
) -> Submitted:
    """Store a resident's report as unconfirmed and send the confirmation link; all or nothing."""
    if honeypot:
        # A field people never see was filled in: a robot. It is told "sent" and nothing is kept.
        logger.info("Intake honeypot caught a submission")
        return Submitted(None)
    errors: dict[str, list[str]] = {}
    email = email.strip()
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = [_("Give an e-mail address we can send the confirmation link to.")]
    if category not in PUBLIC_CATEGORIES:
        errors["category"] = [_("Choose a category.")]
    if not description.strip():
        errors["description"] = [_("Describe what you saw.")]
    if (latitude is None) != (longitude is None):
        errors["latitude"] = [_("Give both latitude and longitude, or neither.")]
    if errors:
        raise ValidationError(errors)
    if latitude is not None and longitude is not None:
        area = resolve_area(latitude=float(latitude), longitude=float(longitude))
    elif area is None:
        raise ValidationError({"area": [_("Put a pin on the map, or choose an area from the list.")]})
    elif not place_text.strip():
        raise ValidationError({"place_text": [_("Without a pin, give the address or describe the place.")]})
    if not area.is_active:
        raise ValidationError({"area": [_("This area is no longer in use.")]})
    hashed_address = address_key(address)
    _check_limits(email=email, address=hashed_address)
    if len(photos) > settings.INTAKE_MAX_PHOTOS:
        raise ValidationError(
            {"photos": [_("At most %(count)s photos.") % {"count": settings.INTAKE_MAX_PHOTOS}]}
        )
    prepared = [report_services.prepare_photo(upload) for upload in photos]
    citizen_report = CitizenReport(
        category=category,
        description=description.strip(),
        email=email,
        name=name.strip(),
        phone=phone.strip(),
        area=area,
        place_text=place_text.strip(),
        latitude=latitude,
        longitude=longitude,
        address_key=hashed_address,
        language=language,
    )
    key = citizen_report.new_confirm_key()
    citizen_report.full_clean(exclude=["public_id"])
    written: list[CitizenPhoto] = []
    try:
        with transaction.atomic():
            citizen_report.save()
            for photo in prepared:
                row = CitizenPhoto(citizen_report=citizen_report, content_type=photo.content_type)
                row.file.save(f"photo.{photo.extension}", ContentFile(photo.content), save=False)
                written.append(row)
                row.save()
            audit.record(
                actor=None,
                actor_label="public",
                action="citizen_report.submit",
                target=citizen_report,
                data={"category": category, "area": area.pk, "photos": len(prepared)},
            )
            _mail(
                citizen_report,
                "confirm",
                confirm_url=_site(_confirm_path(citizen_report, key)),
                hours=CONFIRM_HOURS,
            )
    except BaseException:
        for row in written:
            if row.file.name:
                row.file.storage.delete(row.file.name)
        raise
    return Submitted(citizen_report)


def _confirm_path(citizen_report: CitizenReport, key: str) -> str:
    return reverse("intake:confirm", args=[citizen_report.public_id, key])


def follow_report(
    *, report: Report, email: str, address: str | None = None, honeypot: str = "", language: str = "sv"
) -> Submitted:
    """Subscribe an e-mail address to a report's återkoppling instead of filing a duplicate; confirmed
    by the same kind of link."""
    if honeypot:
        return Submitted(None)
    if not permissions.is_followable(report):
        raise ValidationError(_("This report cannot be followed."), code="not_followable")
    email = email.strip()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": [_("Give an e-mail address we can send the confirmation link to.")]})
    hashed_address = address_key(address)
    _check_limits(email=email, address=hashed_address)
    citizen_report = CitizenReport(
        follows=report,
        email=email,
        address_key=hashed_address,
        language=language,
        area=report.area,
        category=report.category,
    )
    key = citizen_report.new_confirm_key()
    with transaction.atomic():
        citizen_report.save()
        audit.record(
            actor=None,
            actor_label="public",
            action="citizen_report.follow",
            target=citizen_report,
            data={"report": report.pk},
        )
        _mail(
            citizen_report,
            "confirm",
            confirm_url=_site(_confirm_path(citizen_report, key)),
            hours=CONFIRM_HOURS,
        )
    return Submitted(citizen_report)


def confirm_citizen_report(*, public_id: Any, key: str) -> CitizenReport:
    """The resident followed the link: the report enters triage (a follower starts following).
    Following the link again changes nothing; an expired or wrong link is refused."""
    refused = ValidationError(_("This confirmation link is not valid or has expired."), code="confirm")
    with transaction.atomic():
        citizen_report = CitizenReport.objects.select_for_update().filter(public_id=public_id).first()
        if citizen_report is None or not citizen_report.confirm_key_hash:
            raise refused
        if not hmac.compare_digest(citizen_report.confirm_key_hash, key_hash(key)):
            raise refused
        if citizen_report.confirmed_at is not None:
            return citizen_report
        if timezone.now() > citizen_report.confirm_deadline:
            raise refused
        citizen_report.confirmed_at = timezone.now()
        if citizen_report.is_follow:
            citizen_report.status = CitizenReport.Status.FOLLOWING
            citizen_report.report = citizen_report.follows
            citizen_report.save()
            organisation = citizen_report.report.responsible_organisation if citizen_report.report else None
            _tell(citizen_report, CitizenEvent.Kind.FOLLOWING, organisation=str(organisation or ""))
        else:
            citizen_report.status = CitizenReport.Status.RECEIVED
            citizen_report.save()
            _tell(citizen_report, CitizenEvent.Kind.RECEIVED)
            notify(
                _triagers(),
                "intake.received",
                Message(
                    gettext_noop("A resident's report waits in triage: %(category)s in %(area)s"),
                    category=IncidentCategory(citizen_report.category).label,
                    area=getattr(citizen_report.area, "name", ""),
                ),
                url=reverse("intake:triage_detail", args=[citizen_report.pk]),
            )
        audit.record(actor=None, actor_label="public", action="citizen_report.confirm", target=citizen_report)
    return citizen_report


# --- triage -----------------------------------------------------------------------------------


def _triagers() -> Any:
    return User.objects.people().filter(groups__name__in=[Role.COORDINATOR, Role.CUSTOMER_SERVICE]).distinct()


def _locked_in_triage(citizen_report: CitizenReport, by: User) -> CitizenReport:
    if not permissions.can_triage(by):
        raise PermissionDenied
    locked = CitizenReport.objects.select_for_update().get(pk=citizen_report.pk)
    if locked.status != CitizenReport.Status.RECEIVED or locked.is_follow:
        raise ValidationError(_("This report has already been decided."), code="decided")
    return locked


def _decided(locked: CitizenReport, by: User, status: str) -> None:
    locked.status = status
    locked.decided_by = by
    locked.decided_at = timezone.now()


def accept_citizen_report(*, citizen_report: CitizenReport, by: User) -> Report:
    """Turn it into a report of the network, routed by the routing rules with its due time."""
    with transaction.atomic():
        locked = _locked_in_triage(citizen_report, by)
        uploads = []
        for photo in locked.photos.all():
            photo.file.open("rb")
            upload = ContentFile(photo.file.read(), name=(photo.file.name or "photo").rsplit("/", 1)[-1])
            photo.file.close()
            uploads.append(upload)
        report = report_services.create_report(
            by=by,
            area=locked.area,
            category=locked.category,
            place_text=locked.place_text or str(locked.area),
            occurred_at=locked.created_at,
            description=locked.description,
            latitude=locked.latitude,
            longitude=locked.longitude,
            photos=uploads,
        )
        _decided(locked, by, CitizenReport.Status.ACCEPTED)
        locked.report = report
        locked.save()
        audit.record(actor=by, action="citizen_report.accept", target=locked, data={"report": report.pk})
        _tell(locked, CitizenEvent.Kind.ACCEPTED, organisation=str(report.responsible_organisation or ""))
        _delete_photos(locked)
    citizen_report.refresh_from_db()
    return report


def merge_citizen_report(*, citizen_report: CitizenReport, into: Report, by: User) -> CitizenReport:
    """A duplicate: the resident follows the existing report's återkoppling instead."""
    with transaction.atomic():
        locked = _locked_in_triage(citizen_report, by)
        if not into.is_open and into.status != Report.Status.RESOLVED:
            raise ValidationError(_("Join it to an open or resolved report."), code="merge_closed")
        _decided(locked, by, CitizenReport.Status.MERGED)
        locked.report = into
        locked.save()
        audit.record(actor=by, action="citizen_report.merge", target=locked, data={"report": into.pk})
        _tell(locked, CitizenEvent.Kind.MERGED, organisation=str(into.responsible_organisation or ""))
        _delete_photos(locked)
    citizen_report.refresh_from_db()
    return locked


def reject_citizen_report(*, citizen_report: CitizenReport, by: User, reason: str) -> CitizenReport:
    """Not something the network acts on; the resident reads the reason."""
    if not reason.strip():
        raise ValidationError({"reason": [_("Give a reason; the resident reads it.")]})
    with transaction.atomic():
        locked = _locked_in_triage(citizen_report, by)
        _decided(locked, by, CitizenReport.Status.REJECTED)
        locked.decision_reason = reason.strip()
        locked.save()
        audit.record(actor=by, action="citizen_report.reject", target=locked)
        _tell(locked, CitizenEvent.Kind.REJECTED, text=reason.strip())
        _delete_photos(locked)
    citizen_report.refresh_from_db()
    return locked


def forward_citizen_report(
    *, citizen_report: CitizenReport, by: User, to_name: str, to_email: str, note: str = ""
) -> CitizenReport:
    """Someone outside the network is responsible (Trafikverket's road, a private property): the
    report goes to them by e-mail without the resident's contact details, and the resident is told who."""
    errors: dict[str, list[str]] = {}
    if not to_name.strip():
        errors["to_name"] = [_("Say who is responsible.")]
    try:
        validate_email(to_email.strip())
    except ValidationError:
        errors["to_email"] = [_("Give their e-mail address.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _locked_in_triage(citizen_report, by)
        _decided(locked, by, CitizenReport.Status.FORWARDED)
        locked.forwarded_to = to_name.strip()
        locked.forwarded_email = to_email.strip()
        locked.decision_reason = note.strip()
        locked.save()
        audit.record(
            actor=by, action="citizen_report.forward", target=locked, data={"to": locked.forwarded_to}
        )
        body = render_to_string(
            "intake/email/forward_out.txt", {"citizen_report": locked, "note": note.strip()}
        )
        subject, _blank, text = body.strip().partition("\n")
        message = EmailMessage(subject.strip(), text.strip() + "\n", None, [locked.forwarded_email])
        for photo in locked.photos.all():
            photo.file.open("rb")
            message.attach(
                (photo.file.name or "photo").rsplit("/", 1)[-1], photo.file.read(), photo.content_type
            )
            photo.file.close()
        transaction.on_commit(lambda: message.send())
        _tell(locked, CitizenEvent.Kind.FORWARDED_OUT, organisation=locked.forwarded_to)
        _delete_photos(locked)
    citizen_report.refresh_from_db()
    return locked


def _delete_photos(citizen_report: CitizenReport) -> None:
    """The photos were copied into the report (or sent on); the intake's copies go after commit."""
    photos = list(citizen_report.photos.all())
    names = [photo.file.name for photo in photos if photo.file.name]
    CitizenPhoto.objects.filter(citizen_report=citizen_report).delete()
    if names:
        storage = CitizenPhoto._meta.get_field("file").storage

        def delete() -> None:
            for name in names:
                try:
                    storage.delete(name)
                except OSError:
                    logger.exception("Could not delete the intake photo %s", name)

        transaction.on_commit(delete)


# --- återkoppling from the report's steps -----------------------------------------------------

# The report's steps a resident cares about, and what they read; comments and the overdue ladder
# stay inside the network.
STEP_KINDS = {
    ReportEvent.Kind.ACKNOWLEDGED: CitizenEvent.Kind.ACKNOWLEDGED,
    ReportEvent.Kind.STARTED: CitizenEvent.Kind.STARTED,
    ReportEvent.Kind.RESOLVED: CitizenEvent.Kind.RESOLVED,
    ReportEvent.Kind.REJECTED: CitizenEvent.Kind.CLOSED,
    ReportEvent.Kind.FORWARDED: CitizenEvent.Kind.FORWARDED,
}


def relay_report_event(*, event: ReportEvent) -> int:
    """Tell every resident linked to the report of a step (called inside the step's transaction);
    only the handler's public feedback is passed on, never the internal note. Returns how many."""
    kind = STEP_KINDS.get(event.kind)  # type: ignore[call-overload]
    if kind is None:
        return 0
    report = event.report
    organisation = event.to_organisation or report.responsible_organisation
    text = event.public_note if event.kind == ReportEvent.Kind.RESOLVED else ""
    told = 0
    for citizen_report in CitizenReport.objects.linked_to(report):
        _tell(citizen_report, kind, organisation=str(organisation or ""), text=text)
        told += 1
    return told


def reopen_as_citizen(*, citizen_report: CitizenReport, reason: str) -> ReportEvent:
    """ "Inte åtgärdat": within REOPEN_DAYS of the report being fixed, the resident who filed or follows
    it sends it back to the responsible organisation's queue."""
    if not permissions.can_reopen(citizen_report):
        raise ValidationError(
            _("It can be reported as not fixed only within %(days)s days of being fixed."),
            code="reopen_closed",
            params={"days": REOPEN_DAYS},
        )
    if not reason.strip():
        raise ValidationError({"reason": [_("Say what is still not fixed.")]})
    assert citizen_report.report is not None
    with transaction.atomic():
        event = report_services.reopen_report_for_public(
            report=citizen_report.report,
            reason=_("From the resident: %(reason)s") % {"reason": reason.strip()},
        )
        _tell(citizen_report, CitizenEvent.Kind.REOPENED, text=reason.strip())
        audit.record(actor=None, actor_label="public", action="citizen_report.reopen", target=citizen_report)
    return event


# --- retention --------------------------------------------------------------------------------


def erase_contact_details(*, citizen_report: CitizenReport, now: datetime | None = None) -> bool:
    """Remove the resident's e-mail, name, phone and address key; the tracking page then shows the
    status only. Returns False if already erased."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = CitizenReport.objects.select_for_update().get(pk=citizen_report.pk)
        if locked.erased_at is not None:
            return False
        locked.email = ""
        locked.name = ""
        locked.phone = ""
        locked.address_key = ""
        locked.description = ""
        locked.place_text = ""
        locked.latitude = None
        locked.longitude = None
        locked.decision_reason = ""
        locked.erased_at = now
        locked.save()
        CitizenEvent.objects.filter(citizen_report=locked).update(text="")
        _delete_photos(locked)
        audit.record(actor=None, actor_label="system", action="citizen_report.erase", target=locked)
    citizen_report.refresh_from_db()
    return True


def citizen_reports_past_retention(*, now: datetime | None = None) -> Any:
    """Closed for REPORTS_RETENTION_DAYS: rejected or forwarded out (decided then), or linked to a
    report closed since; never confirmed within the confirmation window counts from filing."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.REPORTS_RETENTION_DAYS)
    from django.db.models import Q

    return CitizenReport.objects.filter(erased_at__isnull=True).filter(
        Q(status__in=[CitizenReport.Status.REJECTED, CitizenReport.Status.FORWARDED], decided_at__lt=cutoff)
        | Q(report__status__in=Report.FINAL_STATUSES, report__resolved_at__lt=cutoff)
        | Q(report__status=Report.Status.REJECTED, report__updated_at__lt=cutoff)
        | Q(report__anonymised_at__isnull=False)
        | Q(status=CitizenReport.Status.UNCONFIRMED, created_at__lt=now - timedelta(hours=CONFIRM_HOURS * 2))
    )


def erase_expired_contact_details(*, now: datetime | None = None) -> int:
    count = 0
    for citizen_report in list(citizen_reports_past_retention(now=now)):
        try:
            if erase_contact_details(citizen_report=citizen_report, now=now):
                count += 1
        except Exception:
            logger.exception("Erasing citizen report %s failed", citizen_report.pk)
    return count


def forget_for_report(report: Any) -> list[Any]:
    """partners.privacy forget handler: anonymising a report erases its residents' contact details."""
    if not isinstance(report, Report):
        return []
    erased = []
    for citizen_report in CitizenReport.objects.filter(report=report, erased_at__isnull=True):
        erase_contact_details(citizen_report=citizen_report)
        erased.append(citizen_report)
    return erased
