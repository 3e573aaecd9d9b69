"""Every change to reports: filing, routing, the steps of handling, reopening, and the overdue ladder.

Each step writes a ReportEvent (the report's history), an audit event, and tells the people
concerned through realtime.notify (the reporter hears back at every step: återkoppling).
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from PIL import Image, ImageOps, UnidentifiedImageError

from partners import audit, privacy
from partners.categories import IncidentCategory
from partners.models import Area, Organisation, User
from realtime.messages import Message
from realtime.services import notify
from reports import hooks, permissions
from reports.models import ANONYMISED_TEXT, REOPEN_DAYS, Report, ReportEvent, ReportPhoto, RoutingRule

logger = logging.getLogger(__name__)

# Pillow's format name → (content type, file extension)
PHOTO_FORMATS = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png"), "WEBP": ("image/webp", "webp")}


# --- routing and due times ------------------------------------------------------------------


def route(*, category: str, area: Area) -> Organisation | None:
    """The responsible organisation: the rule for this category and area, else the category's
    rule for any area, else the fallback organisation from settings, else nobody (coordinators)."""
    rules = RoutingRule.objects.filter(category=category, organisation__is_active=True).select_related(
        "organisation"
    )
    rule = rules.filter(area=area).first() or rules.filter(area__isnull=True).first()
    if rule is not None:
        return rule.organisation
    name = settings.REPORTS_FALLBACK_ORGANISATION_NAME
    if name:
        return Organisation.objects.filter(name=name, is_active=True).first()
    return None


def response_hours(category: str) -> int:
    """Hours the responsible organisation has to act: the Handslag agreement's response target for
    the category, else REPORTS_DEFAULT_RESPONSE_HOURS."""
    hours = hooks.response_target_hours(category)
    if hours is None:
        defaults = settings.REPORTS_DEFAULT_RESPONSE_HOURS
        hours = defaults.get(category, defaults.get(IncidentCategory.OTHER, 120))
    return int(hours)


def due_time(*, category: str, start: datetime) -> datetime:
    return start + timedelta(hours=response_hours(category))


# --- photos -----------------------------------------------------------------------------------


# A photo of more pixels is refused before it is decoded (a small file can declare a huge image and
# take gigabytes to decode); what is kept is a copy whose long edge is at most PHOTO_LONG_EDGE.
PHOTO_MAX_PIXELS = 40_000_000
PHOTO_LONG_EDGE = 2560


@dataclass(frozen=True)
class PreparedPhoto:
    """A photo checked and re-encoded in memory, ready to be written once the report is saved."""

    content: bytes
    content_type: str
    extension: str
    width: int
    height: int


def prepare_photo(upload: Any) -> PreparedPhoto:
    """Check a photo by its content (not its name), apply its orientation and re-encode it without
    EXIF, GPS or any other metadata."""
    name = getattr(upload, "name", "") or _("photo")
    size = getattr(upload, "size", None)
    limit = settings.REPORTS_MAX_PHOTO_BYTES
    megabytes = limit // (1024 * 1024)
    if size is not None and size > limit:
        raise ValidationError(
            _("%(name)s is larger than %(mb)s MB."), code="photo_size", params={"name": name, "mb": megabytes}
        )
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(
            _("%(name)s is larger than %(mb)s MB."), code="photo_size", params={"name": name, "mb": megabytes}
        )
    not_an_image = ValidationError(
        _("%(name)s is not a JPEG, PNG or WebP image."), code="photo_type", params={"name": name}
    )
    try:
        with warnings.catch_warnings():
            # Pillow warns of a possible bomb on opening; the pixel limit below refuses it first.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            probe = Image.open(BytesIO(data))
        with probe:
            image_format = probe.format
            width, height = probe.size
            if width * height > PHOTO_MAX_PIXELS:
                raise ValidationError(
                    _("%(name)s is %(width)s × %(height)s pixels; at most %(mp)s megapixels are accepted."),
                    code="photo_pixels",
                    params={
                        "name": name,
                        "width": width,
                        "height": height,
                        "mp": PHOTO_MAX_PIXELS // 1_000_000,
                    },
                )
            probe.verify()
        if image_format not in PHOTO_FORMATS:
            raise not_an_image
        # verify() leaves the image unusable; open it again to decode the pixels. thumbnail() decodes
        # a JPEG at a reduced scale already, and every later copy is of the small image.
        with Image.open(BytesIO(data)) as image:
            image.thumbnail((PHOTO_LONG_EDGE, PHOTO_LONG_EDGE))
            upright = ImageOps.exif_transpose(image)
            has_alpha = upright.mode in {"RGBA", "LA", "PA"} or "transparency" in upright.info
            mode = "RGBA" if has_alpha and image_format != "JPEG" else "RGB"
            converted = upright.convert(mode)
            # A new image from the raw pixels carries no info, EXIF, XMP or ICC metadata at all.
            clean = Image.frombytes(mode, converted.size, converted.tobytes())
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise not_an_image
    output = BytesIO()
    if image_format == "JPEG":
        clean.save(output, "JPEG", quality=85)
    elif image_format == "PNG":
        clean.save(output, "PNG", optimize=True)
    else:
        clean.save(output, "WEBP", quality=85)
    content_type, extension = PHOTO_FORMATS[image_format]
    return PreparedPhoto(output.getvalue(), content_type, extension, clean.width, clean.height)


def prepare_photos(uploads: Sequence[Any]) -> list[PreparedPhoto]:
    if len(uploads) > settings.REPORTS_MAX_PHOTOS:
        raise ValidationError(
            _("At most %(count)s photos per report."),
            code="photo_count",
            params={"count": settings.REPORTS_MAX_PHOTOS},
        )
    return [prepare_photo(upload) for upload in uploads]


# --- notifications ------------------------------------------------------------------------------


def _tell_reporter(report: Report, kind: str, text: Message, actor: User | None) -> None:
    notify([report.reporter], kind=f"report.{kind}", text=text, url=report.get_absolute_url(), actor=actor)


def _tell_responsible(report: Report, text: Message, actor: User | None) -> None:
    """The responsible organisation's members, or the coordinators while nobody is responsible."""
    recipients = (
        permissions.active_members_of(report.responsible_organisation)
        if report.responsible_organisation_id
        else permissions.coordinators()
    )
    notify(recipients, kind="report.routed", text=text, url=report.get_absolute_url(), actor=actor)


def _label(report: Report) -> Message:
    return Message(
        gettext_noop("Report #%(id)s (%(category)s, %(place)s)"),
        id=str(report.pk),
        category=IncidentCategory(report.category).label,
        place=report.place_text,
    )


# --- filing -------------------------------------------------------------------------------------


def create_report(
    *,
    by: User,
    area: Area | None,
    category: str,
    place_text: str,
    occurred_at: datetime | None,
    description: str,
    severity: str = Report.Severity.MEDIUM,
    visibility: str = Report.Visibility.NETWORK,
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    photos: Sequence[Any] = (),
) -> Report:
    """File a report, route it, set its due time, store its photos; all or nothing."""
    if not permissions.can_file_report(by):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    if area is None:
        errors["area"] = [_("Choose an area.")]
    elif not area.is_active:
        errors["area"] = [_("This area is no longer in use.")]
    if category not in IncidentCategory.values:
        errors["category"] = [_("Choose a category.")]
    if occurred_at is None:
        errors["occurred_at"] = [_("Give the date and time.")]
    if errors:
        raise ValidationError(errors)
    assert area is not None and occurred_at is not None
    now = timezone.now()
    report = Report(
        reporter=by,
        organisation=by.membership.organisation,
        area=area,
        category=category,
        place_text=place_text.strip(),
        latitude=latitude,
        longitude=longitude,
        occurred_at=occurred_at,
        severity=severity,
        visibility=visibility,
        description=description.strip(),
        assigned_at=now,
        created_at=now,
    )
    report.responsible_organisation = route(category=category, area=area)
    report.due_at = due_time(category=category, start=now)
    report.full_clean()
    # Every photo is checked and re-encoded before anything is written.
    prepared = prepare_photos(list(photos))
    written: list[ReportPhoto] = []
    try:
        with transaction.atomic():
            report.save()
            for photo in prepared:
                row = ReportPhoto(
                    report=report,
                    content_type=photo.content_type,
                    width=photo.width,
                    height=photo.height,
                    size=len(photo.content),
                )
                row.file.save(f"photo.{photo.extension}", ContentFile(photo.content), save=False)
                written.append(row)
                row.save()
            ReportEvent.objects.create(
                report=report,
                actor=by,
                kind=ReportEvent.Kind.CREATED,
                to_organisation=report.responsible_organisation,
                created_at=now,
            )
            audit.record(
                actor=by,
                action="report.create",
                target=report,
                data={
                    "category": category,
                    "area": area.pk,
                    "visibility": visibility,
                    "responsible_organisation": report.responsible_organisation_id,
                    "photos": len(prepared),
                },
            )
            if report.responsible_organisation_id:
                text = Message(
                    gettext_noop("New report for %(organisation)s: %(report)s"),
                    organisation=report.responsible_organisation,
                    report=_label(report),
                )
            else:
                text = Message(
                    gettext_noop(
                        "A report matches no routing rule and needs a responsible organisation: %(report)s"
                    ),
                    report=_label(report),
                )
            _tell_responsible(report, text, actor=by)
    except BaseException:
        for row in written:
            if row.file.name:
                row.file.storage.delete(row.file.name)
        raise
    return report


# --- handling -----------------------------------------------------------------------------------


def _step(
    *,
    report: Report,
    by: User | None,
    kind: str,
    note: str = "",
    public_note: str = "",
    from_organisation: Organisation | None = None,
    to_organisation: Organisation | None = None,
) -> ReportEvent:
    """Apply one status change under a row lock, record it and audit it."""
    locked = Report.objects.select_for_update().get(pk=report.pk)
    status = locked.status_after(kind)
    now = timezone.now()
    locked.status = status
    if status == Report.Status.RESOLVED:
        locked.resolved_at = now
    elif status != Report.Status.REJECTED:
        locked.resolved_at = None
    locked.save()
    event = ReportEvent.objects.create(
        report=locked,
        actor=by,
        kind=kind,
        note=note,
        public_note=public_note,
        from_organisation=from_organisation,
        to_organisation=to_organisation,
        created_at=now,
    )
    audit.record(
        actor=by,
        action=f"report.{kind}",
        target=locked,
        # The note itself stays in the report's history, which retention anonymises; the append-only
        # audit log only records that there was one.
        data={"status": status, "with_note": bool(note)},
    )
    for field in ("status", "resolved_at", "updated_at"):
        setattr(report, field, getattr(locked, field))
    return event


def _require_handler(by: User, report: Report) -> None:
    if not permissions.can_handle(by, report):
        raise PermissionDenied(_("Only members of the responsible organisation can do this."))


def _handler_step(
    *, report: Report, by: User, kind: str, note: str, feedback: Message, public_note: str = ""
) -> ReportEvent:
    """A step by the responsible organisation: recorded, audited, and the reporter told (återkoppling)."""
    with transaction.atomic():
        event = _step(report=report, by=by, kind=kind, note=note, public_note=public_note)
        _tell_reporter(report, kind, feedback, actor=by)
    return event


def acknowledge_report(*, report: Report, by: User, note: str = "") -> ReportEvent:
    _require_handler(by, report)
    return _handler_step(
        report=report,
        by=by,
        kind=ReportEvent.Kind.ACKNOWLEDGED.value,
        note=note.strip(),
        feedback=Message(
            gettext_noop("%(organisation)s has received your report: %(report)s"),
            organisation=report.responsible_organisation,
            report=_label(report),
        ),
    )


def start_report(*, report: Report, by: User, note: str = "") -> ReportEvent:
    _require_handler(by, report)
    return _handler_step(
        report=report,
        by=by,
        kind=ReportEvent.Kind.STARTED.value,
        note=note.strip(),
        feedback=Message(
            gettext_noop("%(organisation)s has started work on your report: %(report)s"),
            organisation=report.responsible_organisation,
            report=_label(report),
        ),
    )


def resolve_report(*, report: Report, by: User, note: str, public_feedback: str = "") -> ReportEvent:
    """Resolve with a note for the network and, optionally, feedback the public may read (a citizen
    who filed or follows the report gets it by e-mail)."""
    _require_handler(by, report)
    if not note.strip():
        raise ValidationError({"note": _("Say what was done.")})
    return _handler_step(
        report=report,
        by=by,
        kind=ReportEvent.Kind.RESOLVED.value,
        note=note.strip(),
        public_note=public_feedback.strip(),
        feedback=Message(
            gettext_noop("%(organisation)s has resolved your report: %(report)s. %(note)s"),
            organisation=report.responsible_organisation,
            report=_label(report),
            note=note.strip(),
        ),
    )


def reject_report(*, report: Report, by: User, reason: str) -> ReportEvent:
    _require_handler(by, report)
    if not reason.strip():
        raise ValidationError({"note": _("Give a reason.")})
    return _handler_step(
        report=report,
        by=by,
        kind=ReportEvent.Kind.REJECTED.value,
        note=reason.strip(),
        feedback=Message(
            gettext_noop("%(organisation)s has rejected your report: %(report)s. %(reason)s"),
            organisation=report.responsible_organisation,
            report=_label(report),
            reason=reason.strip(),
        ),
    )


def forward_report(
    *,
    report: Report,
    by: User,
    to_organisation: Organisation | None,
    reason: str,
) -> ReportEvent:
    """Hand the report to another organisation; it returns to NEW in their queue with a new due time."""
    if not permissions.can_forward(by, report):
        raise PermissionDenied(
            _("Only the responsible organisation or a coordinator can forward this report.")
        )
    if to_organisation is None:
        raise ValidationError({"to_organisation": _("Choose an organisation.")})
    if not to_organisation.is_active:
        raise ValidationError({"to_organisation": _("%(name)s is not active.") % {"name": to_organisation}})
    if to_organisation.pk == report.responsible_organisation_id:
        raise ValidationError(
            {"to_organisation": _("The report is already with %(name)s.") % {"name": to_organisation}}
        )
    if not reason.strip():
        raise ValidationError({"note": _("Give a reason.")})
    with transaction.atomic():
        previous = report.responsible_organisation
        event = _step(
            report=report,
            by=by,
            kind=ReportEvent.Kind.FORWARDED,
            note=reason.strip(),
            from_organisation=previous,
            to_organisation=to_organisation,
        )
        now = event.created_at
        Report.objects.filter(pk=report.pk).update(
            responsible_organisation=to_organisation,
            assigned_at=now,
            due_at=due_time(category=report.category, start=now),
        )
        report.refresh_from_db()
        _tell_reporter(
            report,
            "forwarded",
            Message(
                gettext_noop("Your report was forwarded to %(organisation)s: %(report)s"),
                organisation=to_organisation,
                report=_label(report),
            ),
            actor=by,
        )
        _tell_responsible(
            report,
            Message(
                gettext_noop("A report was forwarded to %(organisation)s: %(report)s. %(reason)s"),
                organisation=to_organisation,
                report=_label(report),
                reason=reason.strip(),
            ),
            actor=by,
        )
    return event


def reopen_report(*, report: Report, by: User, reason: str) -> ReportEvent:
    """The reporter says it is still not fixed: within REOPEN_DAYS of resolution it goes back to the queue."""
    if not permissions.can_reopen(by, report):
        raise PermissionDenied(_("Only the person who filed the report can reopen it."))
    return _reopen(report=report, by=by, reason=reason)


def reopen_report_for_public(*, report: Report, reason: str) -> ReportEvent:
    """A member of the public who filed or follows the report (the intake app checks who) says it is
    still not fixed: the same rule and window as the reporter's, recorded without an actor."""
    return _reopen(report=report, by=None, reason=reason)


def _reopen(*, report: Report, by: User | None, reason: str) -> ReportEvent:
    if not reason.strip():
        raise ValidationError({"note": _("Say why the report is reopened.")})
    if (
        report.status == Report.Status.RESOLVED
        and report.resolved_at is not None
        and timezone.now() > report.resolved_at + timedelta(days=REOPEN_DAYS)
    ):
        raise ValidationError(
            _("A report can be reopened only within %(days)s days of being resolved."),
            code="reopen_expired",
            params={"days": REOPEN_DAYS},
        )
    with transaction.atomic():
        event = _step(
            report=report,
            by=by,
            kind=ReportEvent.Kind.REOPENED,
            note=reason.strip(),
        )
        now = event.created_at
        Report.objects.filter(pk=report.pk).update(
            reopened_count=report.reopened_count + 1,
            assigned_at=now,
            due_at=due_time(category=report.category, start=now),
        )
        report.refresh_from_db()
        _tell_responsible(
            report,
            Message(
                gettext_noop("A report was reopened: %(report)s. %(reason)s"),
                report=_label(report),
                reason=reason.strip(),
            ),
            actor=by,
        )
    return event


REMINDER_INTERVAL = timedelta(days=1)


def remind_responsible(*, report: Report, by: User) -> ReportEvent:
    """A coordinator reminds the responsible organisation of an overdue report now: its admins and
    members are told, once a day per report at most; the reminder is in the report's history."""
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        if not permissions.can_see_overdue_overview(by):
            raise PermissionDenied
        if not permissions.can_remind(by, locked):
            raise ValidationError(
                _("Only an overdue report with a responsible organisation can be reminded of.")
            )
        since = timezone.now() - REMINDER_INTERVAL
        if locked.events.filter(kind=ReportEvent.Kind.REMINDED, created_at__gt=since).exists():
            raise ValidationError(
                _("%(organisation)s was already reminded of this report in the last 24 hours.")
                % {"organisation": locked.responsible_organisation},
                code="reminded_recently",
            )
        event = ReportEvent.objects.create(
            report=locked,
            actor=by,
            kind=ReportEvent.Kind.REMINDED,
            to_organisation=locked.responsible_organisation,
        )
        audit.record(
            actor=by,
            action="report.remind",
            target=locked,
            data={"organisation": locked.responsible_organisation_id},
        )
        notify(
            permissions.active_members_of(locked.responsible_organisation),
            kind="report.reminder",
            text=Message(
                gettext_noop("Reminder from the coordinators: %(report)s is past its due time."),
                report=_label(locked),
            ),
            url=locked.get_absolute_url(),
            actor=by,
        )
    return event


def comment_on_report(*, report: Report, by: User, note: str) -> ReportEvent:
    """A note in the history without a status change, between the reporter and the handlers."""
    if not permissions.can_comment(by, report):
        raise PermissionDenied
    if not note.strip():
        raise ValidationError({"note": _("Write a comment.")})
    with transaction.atomic():
        event = ReportEvent.objects.create(
            report=report, actor=by, kind=ReportEvent.Kind.COMMENT, note=note.strip()
        )
        audit.record(actor=by, action="report.comment", target=report)
        text = Message(gettext_noop("New comment on %(report)s"), report=_label(report))
        if by.pk == report.reporter_id:
            _tell_responsible(report, text, actor=by)
        else:
            _tell_reporter(report, "comment", text, actor=by)
    return event


def record_report_read(*, report: Report, by: User) -> None:
    """Opening a restricted report is written to the audit log: who read what, and when."""
    if report.is_restricted:
        audit.record(actor=by, action="report.read", target=report)


# --- routing rules ------------------------------------------------------------------------------


def save_routing_rule(
    *,
    by: User,
    category: str,
    area: Area | None,
    organisation: Organisation,
) -> RoutingRule:
    """Create the rule for a category and area, or point the existing one at a new organisation."""
    if not permissions.can_manage_routing(by):
        raise PermissionDenied
    if category not in IncidentCategory.values:
        raise ValidationError({"category": _("Choose a category.")})
    if not organisation.is_active:
        raise ValidationError({"organisation": _("%(name)s is not active.") % {"name": organisation}})
    try:
        with transaction.atomic():
            rule, created = RoutingRule.objects.update_or_create(
                category=category, area=area, defaults={"organisation": organisation}
            )
            audit.record(
                actor=by,
                action="routing_rule.create" if created else "routing_rule.update",
                target=rule,
                data={
                    "category": category,
                    "area": area.pk if area else None,
                    "organisation": organisation.pk,
                },
            )
    except IntegrityError:
        raise ValidationError(_("A rule for this category and area already exists."))
    return rule


def delete_routing_rule(*, by: User, rule: RoutingRule) -> None:
    if not permissions.can_manage_routing(by):
        raise PermissionDenied
    with transaction.atomic():
        audit.record(
            actor=by,
            action="routing_rule.delete",
            target=rule,
            data={"category": rule.category, "area": rule.area_id, "organisation": rule.organisation_id},
        )
        rule.delete()


# --- the overdue ladder -------------------------------------------------------------------------


def _without_rung(reports: Any, kind: str) -> Any:
    """Reports on which this rung has not fired since they entered their current queue."""
    fired = ReportEvent.objects.filter(
        report=OuterRef("pk"), kind=kind, created_at__gte=OuterRef("assigned_at")
    )
    return reports.exclude(Exists(fired))


def _escalate_to_leadership(report: Report) -> None:
    organisation = report.responsible_organisation or report.organisation
    subject = _("Overdue high-severity report: %(report)s") % {"report": _label(report)}
    summary = _("The report has been open since %(created)s and was due %(due)s. %(description)s") % {
        "created": timezone.localtime(report.created_at).strftime("%Y-%m-%d %H:%M"),
        "due": timezone.localtime(report.due_at).strftime("%Y-%m-%d %H:%M") if report.due_at else "–",
        "description": report.description[:500],
    }
    hooks.escalate_to_leadership(
        organisation=organisation, subject=subject, summary=summary, urgency="urgent", source=report
    )


def _fire_rung(report: Report, kind: str, recipients: Iterable[User] | None, text: Message) -> None:
    with transaction.atomic():
        ReportEvent.objects.create(
            report=report,
            kind=kind,
            to_organisation=report.responsible_organisation,
            note=text.in_hub_language()[:500],
        )
        if kind == ReportEvent.Kind.OVERDUE_LEADERSHIP:
            _escalate_to_leadership(report)
        else:
            notify(recipients or [], kind="report.overdue", text=text, url=report.get_absolute_url())


def run_overdue_ladder(*, now: datetime | None = None) -> dict[str, int]:
    """Climb the ladder for every open overdue report; each rung fires once per assignment, so running
    this again (or twice at once on a schedule) changes nothing."""
    now = now or timezone.now()
    overdue = Report.objects.overdue(now).select_related("responsible_organisation", "organisation", "area")
    grace = timedelta(hours=settings.REPORTS_GRACE_HOURS)
    leadership_after = timedelta(hours=settings.REPORTS_LEADERSHIP_HOURS)
    counts: dict[str, int] = {kind: 0 for kind in ReportEvent.LADDER}
    rungs = [
        (ReportEvent.Kind.OVERDUE_ORGANISATION, overdue),
        (ReportEvent.Kind.OVERDUE_COORDINATORS, overdue.filter(due_at__lt=now - grace)),
        (
            ReportEvent.Kind.OVERDUE_LEADERSHIP,
            overdue.filter(due_at__lt=now - leadership_after, severity=Report.Severity.HIGH),
        ),
    ]
    for kind, candidates in rungs:
        for report in _without_rung(candidates, kind).order_by("due_at", "pk"):
            text = Message(gettext_noop("Overdue report: %(report)s"), report=_label(report))
            if kind == ReportEvent.Kind.OVERDUE_ORGANISATION:
                recipients = (
                    permissions.admins_of(report.responsible_organisation)
                    if report.responsible_organisation_id
                    else permissions.coordinators()
                )
            elif kind == ReportEvent.Kind.OVERDUE_COORDINATORS:
                recipients = permissions.coordinators()
            else:
                recipients = None
            try:
                with transaction.atomic():
                    # Lock and check again: a second run of the command at the same time skips it.
                    Report.objects.select_for_update().filter(pk=report.pk).first()
                    if _without_rung(Report.objects.filter(pk=report.pk), kind).exists():
                        _fire_rung(report, kind, recipients, text)
                        counts[kind] += 1
            except Exception:
                # One report's failure (an escalation that could not be raised) must not stop the
                # others; the rung is not recorded, so the next run tries again.
                logger.exception("Overdue rung %s failed for report %s", kind, report.pk)
    return counts


# --- retention ----------------------------------------------------------------------------------


def _delete_files(storage: Storage, names: list[str]) -> None:
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            # The row is gone already; a file left behind is logged for the operator, not retried.
            logger.exception("Could not delete the photo file %s", name)


def anonymise_report(*, report: Report, now: datetime | None = None) -> None:
    """Remove what identifies people in a closed report and keep what the statistics count.

    The reporter, the place and description (replaced by a neutral placeholder), the coordinates,
    the notes and actors of its history and its photos (rows now, files once the transaction has
    committed, so a rollback keeps them) go. Organisation, area, category, severity, status, due and
    resolution times stay, so the lägesbild's weekly counts and the overdue figures do not change.
    Open reports are refused; a report already anonymised is left as it is.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        if locked.anonymised_at is not None:
            return
        if locked.status not in Report.FINAL_STATUSES:
            raise ValidationError(
                _("Only a resolved or rejected report can be anonymised."), code="anonymise_open"
            )
        photos = list(locked.photos.all())
        file_names = [photo.file.name for photo in photos if photo.file.name]
        events = ReportEvent.objects.filter(report=locked)
        event_count = events.count()
        events.update(note="", public_note="", actor=None)
        ReportPhoto.objects.filter(report=locked).delete()
        # Every copy of its free text elsewhere: notifications, escalations raised from it, walk
        # finding responses (each app registers what it keeps with partners.privacy).
        copies = privacy.forget(locked)
        locked.reporter = None
        locked.description = ANONYMISED_TEXT
        locked.place_text = ANONYMISED_TEXT
        locked.latitude = None
        locked.longitude = None
        locked.anonymised_at = now
        locked.save(
            update_fields=[
                "reporter",
                "description",
                "place_text",
                "latitude",
                "longitude",
                "anonymised_at",
                "updated_at",
            ]
        )
        audit.record(
            actor=None,
            actor_label="system",
            action="report.anonymise",
            target=locked,
            data={"status": locked.status, "photos": len(photos), "events": event_count, "copies": copies},
        )
        if file_names:
            storage = ReportPhoto._meta.get_field("file").storage
            transaction.on_commit(lambda: _delete_files(storage, file_names))
    for field in ("reporter", "description", "place_text", "latitude", "longitude", "anonymised_at"):
        setattr(report, field, getattr(locked, field))


def reports_past_retention(*, now: datetime | None = None) -> Any:
    """Closed reports whose retention (REPORTS_RETENTION_DAYS after closing) has run out."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.REPORTS_RETENTION_DAYS)
    return Report.objects.past_retention(cutoff).order_by("pk")


def anonymise_expired_reports(*, now: datetime | None = None) -> int:
    """Anonymise every report past its retention, each in its own transaction; returns how many.

    Safe to run again or twice at once: each report is locked and checked before it is changed, and
    an anonymised one is never selected again.
    """
    now = now or timezone.now()
    count = 0
    for pk in list(reports_past_retention(now=now).values_list("pk", flat=True)):
        report = Report.objects.get(pk=pk)
        try:
            with transaction.atomic():
                # Checked again under the lock: reopened or commented on since it was selected.
                Report.objects.select_for_update().filter(pk=pk).first()
                cutoff = now - timedelta(days=settings.REPORTS_RETENTION_DAYS)
                if not Report.objects.filter(pk=pk).past_retention(cutoff).exists():
                    continue
                anonymise_report(report=report, now=now)
                count += 1
        except Exception:
            logger.exception("Anonymising report %s failed", pk)
    return count
