"""Every change in the situation picture: reporters, the weekly round and its reminders, compiling a
week's hotspot signals, following areas, and walks with their signups, findings and responses."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from decimal import Decimal
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from partners import audit
from partners import permissions as partner_permissions
from partners.models import Area, AuditEvent, Organisation, User
from realtime.messages import Message
from realtime.services import notify
from reports import services as report_services
from reports.models import Report
from situation import permissions, rules, selectors
from situation.models import (
    AreaFollow,
    AreaRating,
    FindingResponse,
    HotspotSignal,
    RatingSignal,
    ReminderSent,
    ReportingDuty,
    Walk,
    WalkFinding,
    WalkSignup,
    WeeklyCheckIn,
)
from situation.weeks import IsoWeek

logger = logging.getLogger(__name__)


# --- reporters ----------------------------------------------------------------------------------


def name_reporter(*, by: User, organisation: Organisation, user: User) -> ReportingDuty:
    if not permissions.can_manage_reporters(by, organisation):
        raise PermissionDenied
    membership = partner_permissions.membership_of(user)
    if membership is None or membership.organisation_id != organisation.pk or not user.is_active:
        raise ValidationError(
            _("%(name)s is not an active member of %(organisation)s.")
            % {"name": user, "organisation": organisation}
        )
    try:
        with transaction.atomic():
            duty = ReportingDuty.objects.create(organisation=organisation, user=user, assigned_by=by)
            audit.record(actor=by, action="reporter.name", target=duty, data={"user": user.pk})
            notify(
                [user],
                kind="situation.reporter",
                text=Message(
                    gettext_noop("You are now %(organisation)s's reporter for the weekly round."),
                    organisation=organisation,
                ),
                url=reverse("situation:home"),
                actor=by,
            )
    except IntegrityError:
        raise ValidationError(_("%(name)s is already a reporter.") % {"name": user})
    return duty


def remove_reporter(*, by: User, duty: ReportingDuty) -> None:
    if not permissions.can_manage_reporters(by, duty.organisation):
        raise PermissionDenied
    with transaction.atomic():
        audit.record(actor=by, action="reporter.remove", target=duty, data={"user": duty.user_id})
        duty.delete()


# --- the weekly round ---------------------------------------------------------------------------


def check_in(
    *,
    by: User,
    organisation: Organisation,
    week: IsoWeek,
    kind: str = WeeklyCheckIn.Kind.NOTHING_TO_REPORT,
) -> WeeklyCheckIn:
    """Answer the round for a week: one answer per organisation and week, never for a future week."""
    if not permissions.can_check_in(by, organisation):
        raise PermissionDenied(_("Only the organisation's reporters and admins can answer the weekly round."))
    if kind not in WeeklyCheckIn.Kind.values:
        raise ValidationError(_("Unknown answer."))
    if week.is_future():
        raise ValidationError(
            _("Week %(week)s has not started yet; you can answer for it once it has.") % {"week": week.label},
            code="future_week",
        )
    existing = WeeklyCheckIn.objects.filter(organisation=organisation, year=week.year, week=week.week).first()
    if existing is not None:
        raise _already_answered(existing, week)
    if (
        kind == WeeklyCheckIn.Kind.NOTHING_TO_REPORT
        and selectors.round_entry_for(organisation, week).reports_filed
    ):
        raise ValidationError(
            _("%(organisation)s has already filed reports in week %(week)s, so it has reported.")
            % {"organisation": organisation, "week": week.label},
            code="has_reports",
        )
    try:
        with transaction.atomic():
            answer = WeeklyCheckIn.objects.create(
                organisation=organisation, year=week.year, week=week.week, kind=kind, reported_by=by
            )
            audit.record(
                actor=by,
                action="check_in.create",
                target=answer,
                data={"week": week.label, "kind": kind},
            )
    except IntegrityError:
        # Two answers at once: the other one was first.
        raise _already_answered(
            WeeklyCheckIn.objects.get(organisation=organisation, year=week.year, week=week.week), week
        )
    return answer


def rate_area(
    *,
    by: User,
    organisation: Organisation,
    area: Area,
    week: IsoWeek,
    level: int,
    comment: str = "",
) -> AreaRating:
    """The organisation's rating of an area for a week (a second rating the same week replaces the
    first). A serious rating, or one two steps above the organisation's lowest of the two weeks
    before, raises a signal to the coordinators and the area's followers (rules.rating_signal)."""
    if not permissions.can_check_in(by, organisation):
        raise PermissionDenied(_("Only the organisation's reporters and admins can answer the weekly round."))
    if level not in AreaRating.Level.values:
        raise ValidationError(_("Choose calm, some concern, troubled or serious."))
    if week.is_future():
        raise ValidationError(
            _("Week %(week)s has not started yet; you can answer for it once it has.") % {"week": week.label},
            code="future_week",
        )
    if not area.is_active:
        raise ValidationError(_("The area is no longer in use."))
    earlier_weeks = week.previous(rules.RISING_WEEKS)
    earlier = list(
        AreaRating.objects.filter(organisation=organisation, area=area)
        .filter(_in_weeks(earlier_weeks))
        .values_list("level", flat=True)
    )
    with transaction.atomic():
        rating, _created = AreaRating.objects.select_for_update().update_or_create(
            organisation=organisation,
            area=area,
            year=week.year,
            week=week.week,
            defaults={"level": level, "comment": comment.strip(), "rated_by": by},
        )
        rating.full_clean()
        audit.record(
            actor=by,
            action="area_rating.rate",
            target=rating,
            data={"week": week.label, "area": area.pk, "level": level},
        )
        signal = rules.rating_signal(level, earlier)
        if signal is not None and not RatingSignal.objects.filter(rating=rating).exists():
            reason, previous = signal
            raised = RatingSignal.objects.create(rating=rating, reason=reason, previous_level=previous)
            audit.record(
                actor=by,
                action="rating.signal",
                target=raised,
                data={"week": week.label, "area": area.pk, "level": level, "reason": reason},
            )
            coordinators = list(User.objects.filter(groups__name="coordinator", is_active=True))
            notify(
                [*coordinators, *selectors.followers_of(area)],
                kind="situation.rating",
                text=_rating_message(rating, reason, previous),
                url=raised.get_absolute_url(),
                actor=by,
            )
    return rating


def _in_weeks(weeks: list[IsoWeek]) -> Q:
    condition = Q(pk__in=[])
    for earlier in weeks:
        condition |= Q(year=earlier.year, week=earlier.week)
    return condition


def _rating_message(rating: AreaRating, reason: str, previous: int | None) -> Message:
    level = Message.label(AreaRating.Level(rating.level).label)
    if reason == RatingSignal.Reason.SERIOUS:
        return Message(
            gettext_noop("%(organisation)s rates %(area)s as %(level)s in week %(week)s."),
            organisation=rating.organisation.name,
            area=rating.area.name,
            level=level,
            week=IsoWeek(rating.year, rating.week).label,
        )
    return Message(
        gettext_noop(
            "%(organisation)s rates %(area)s as %(level)s in week %(week)s, two steps or more above "
            "%(previous)s within two weeks."
        ),
        organisation=rating.organisation.name,
        area=rating.area.name,
        level=level,
        previous=Message.label(AreaRating.Level(previous or 1).label),
        week=IsoWeek(rating.year, rating.week).label,
    )


def _already_answered(existing: WeeklyCheckIn, week: IsoWeek) -> ValidationError:
    return ValidationError(
        _("%(organisation)s has already answered for week %(week)s (%(answer)s).")
        % {
            "organisation": existing.organisation,
            "week": week.label,
            "answer": existing.get_kind_display().lower(),
        },
        code="already_answered",
    )


def reminder_recipients(organisation: Organisation) -> list[User]:
    """The organisation's named reporters; its admins while it has named none."""
    reporters = [duty.user for duty in selectors.reporters_of(organisation) if duty.user.is_active]
    if reporters:
        return reporters
    return list(
        User.objects.people().filter(membership__organisation=organisation, membership__role="org_admin")
    )


MANUAL_REMINDER_PAUSE = timedelta(hours=1)


def remind_unreported_now(*, by: User, week: IsoWeek) -> int:
    """A coordinator reminds, now, every organisation that has not answered the week's round, even
    if the scheduled reminder already went out; at most once an hour per week, so a double click or
    an impatient afternoon does not flood the partners. Returns how many organisations were reminded."""
    if not permissions.can_remind_round(by):
        raise PermissionDenied
    if week.is_future():
        raise ValidationError(_("Week %(week)s has not started yet.") % {"week": week.label})
    label = week.label
    recent = AuditEvent.objects.filter(
        action="situation.remind_now",
        data__week=label,
        created_at__gte=timezone.now() - MANUAL_REMINDER_PAUSE,
    )
    if recent.exists():
        raise ValidationError(
            _("The organisations were reminded less than an hour ago. Try again later."), code="too_soon"
        )
    reminded = 0
    with transaction.atomic():
        for entry in selectors.reporting_round(week):
            if entry.has_answered:
                continue
            recipients = reminder_recipients(entry.organisation)
            if not recipients:
                continue
            _remind(entry.organisation, recipients, week)
            ReminderSent.objects.get_or_create(
                organisation=entry.organisation,
                year=week.year,
                week=week.week,
                defaults={"recipients": len(recipients)},
            )
            reminded += 1
        audit.record(actor=by, action="situation.remind_now", data={"week": label, "organisations": reminded})
    return reminded


def _remind(organisation: Organisation, recipients: list[User], week: IsoWeek) -> None:
    text = Message(
        gettext_noop(
            "Week %(week)s: %(organisation)s has not reported yet. Report, or answer “nothing to report”."
        ),
        week=week.label,
        organisation=organisation,
    )
    notify(recipients, kind="situation.reminder", text=text, url=reverse("situation:home"))
    emails = [user.email for user in recipients if user.email]
    transaction.on_commit(partial(_email, emails, text.in_hub_language()))


def send_reminders(*, week: IsoWeek | None = None) -> list[ReminderSent]:
    """Remind every organisation that has not answered the week's round; once per organisation and
    week however often it runs (ReminderSent's unique key), so it is safe on any schedule."""
    week = week or IsoWeek.current()
    sent = []
    for entry in selectors.reporting_round(week):
        if entry.has_answered:
            continue
        organisation = entry.organisation
        recipients = reminder_recipients(organisation)
        if not recipients:
            continue
        try:
            with transaction.atomic():
                reminder, created = ReminderSent.objects.get_or_create(
                    organisation=organisation,
                    year=week.year,
                    week=week.week,
                    defaults={"recipients": len(recipients)},
                )
                if not created:
                    continue
                _remind(organisation, recipients, week)
        except IntegrityError:
            continue  # another run got there first
        sent.append(reminder)
    return sent


def _email(addresses: list[str], text: str) -> None:
    link = settings.HUB_SITE_URL.rstrip("/") + reverse("situation:home")
    for address in addresses:
        try:
            send_mail(
                _("The weekly round: time to report"),
                f"{text}\n\n{link}\n",
                settings.DEFAULT_FROM_EMAIL,
                [address],
            )
        except Exception:
            logger.exception("Could not email the weekly reminder to %s", address)


# --- compiling a week ---------------------------------------------------------------------------


def compile_week(*, week: IsoWeek, now: datetime | None = None) -> list[HotspotSignal]:
    """Raise a HotspotSignal for each area-category the rule flags in the week, and tell the
    coordinators and the area's followers; a signal already raised is left alone (nobody is told
    twice), so compiling again is harmless. Also records the week's "reported" answers."""
    picture = selectors.lagesbild(week, now=now, with_round=False)
    _record_reported(week)
    raised = []
    coordinators = list(User.objects.filter(groups__name="coordinator", is_active=True))
    for area, cell in picture.hotspots:
        try:
            with transaction.atomic():
                signal, created = HotspotSignal.objects.get_or_create(
                    area=area,
                    category=cell.category,
                    year=week.year,
                    week=week.week,
                    defaults={
                        "count": cell.count,
                        "mean": cell.assessment.mean,
                        "stdev": cell.assessment.stdev,
                    },
                )
                if not created:
                    continue
                audit.record(
                    actor=None,
                    actor_label="system",
                    action="hotspot.raise",
                    target=signal,
                    data={"count": cell.count, "mean": cell.assessment.mean, "stdev": cell.assessment.stdev},
                )
                text = Message(
                    gettext_noop(
                        "Hotspot signal in %(area)s, week %(week)s: %(count)s reports of %(category)s "
                        "(usually %(mean)s a week)."
                    ),
                    area=area.name,
                    week=week.label,
                    count=cell.count,
                    category=cell.label.lower(),
                    mean=round(cell.assessment.mean, 1),
                )
                notify(
                    [*coordinators, *selectors.followers_of(area)],
                    kind="situation.hotspot",
                    text=text,
                    url=signal.get_absolute_url(),
                )
        except IntegrityError:
            continue
        raised.append(signal)
    return raised


def _record_reported(week: IsoWeek) -> None:
    """Organisations that filed reports in the week get a "reported" answer, so the round's history
    stays as it was even if those reports are later moved or removed."""
    for entry in selectors.reporting_round(week):
        if entry.check_in is None and entry.reports_filed:
            WeeklyCheckIn.objects.get_or_create(
                organisation=entry.organisation,
                year=week.year,
                week=week.week,
                defaults={"kind": WeeklyCheckIn.Kind.REPORTED},
            )


# --- following areas ----------------------------------------------------------------------------


def follow_area(*, by: User, area: Area) -> AreaFollow:
    if not permissions.can_follow(by):
        raise PermissionDenied
    follow, _created = AreaFollow.objects.get_or_create(user=by, area=area)
    return follow


def unfollow_area(*, by: User, area: Area) -> None:
    AreaFollow.objects.filter(user=by, area=area).delete()


# --- walks --------------------------------------------------------------------------------------


def schedule_walk(
    *,
    by: User,
    kind: str,
    area: Area | None,
    starts_at: datetime | None,
    route: str,
    meeting_point: str,
    preparatory_meeting_at: datetime | None = None,
    feedback_meeting_at: datetime | None = None,
    follow_up_of: Walk | None = None,
) -> Walk:
    """Plan a walk in the organiser's organisation's name; never in the past."""
    if not permissions.can_schedule_walk(by):
        raise PermissionDenied
    if follow_up_of is not None and not permissions.can_manage_walk(by, follow_up_of):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    if kind not in Walk.Kind.values:
        errors["kind"] = [_("Choose a kind of walk.")]
    if area is None or not area.is_active:
        errors["area"] = [_("Choose an area.")]
    if starts_at is None:
        errors["starts_at"] = [_("Give the date and time.")]
    elif starts_at <= timezone.now():
        errors["starts_at"] = [_("A walk cannot be scheduled in the past.")]
    if not route.strip():
        errors["route"] = [_("Describe the route.")]
    if not meeting_point.strip():
        errors["meeting_point"] = [_("Give a meeting point.")]
    if errors:
        raise ValidationError(errors)
    assert starts_at is not None
    walk = Walk(
        kind=kind,
        organiser=by,
        organisation=by.membership.organisation,
        area=area,
        starts_at=starts_at,
        route=route.strip(),
        meeting_point=meeting_point.strip(),
        preparatory_meeting_at=preparatory_meeting_at if kind == Walk.Kind.SAFETY else None,
        feedback_meeting_at=feedback_meeting_at if kind == Walk.Kind.SAFETY else None,
        follow_up_of=follow_up_of,
    )
    walk.full_clean()
    with transaction.atomic():
        walk.save()
        WalkSignup.objects.create(walk=walk, user=by)
        audit.record(
            actor=by,
            action="walk.schedule",
            target=walk,
            data={
                "kind": kind,
                "area": walk.area_id,
                "follow_up_of": follow_up_of.pk if follow_up_of else None,
            },
        )
        if follow_up_of is not None:
            notify(
                [signup.user for signup in selectors.signups_of(follow_up_of)],
                kind="situation.walk",
                text=Message(gettext_noop("A follow-up walk is planned: %(walk)s"), walk=walk),
                url=walk.get_absolute_url(),
                actor=by,
            )
    return walk


def sign_up(*, by: User, walk: Walk) -> WalkSignup:
    if not permissions.can_sign_up(by, walk):
        raise PermissionDenied
    if walk.status != Walk.Status.SCHEDULED or walk.starts_at <= timezone.now():
        raise ValidationError(_("You can only sign up for a walk that has not happened yet."), code="closed")
    if WalkSignup.objects.filter(walk=walk, user=by).exists():
        raise ValidationError(_("You have already signed up for this walk."), code="already_signed_up")
    try:
        with transaction.atomic():
            signup = WalkSignup.objects.create(walk=walk, user=by)
            audit.record(actor=by, action="walk.sign_up", target=walk)
    except IntegrityError:
        raise ValidationError(_("You have already signed up for this walk."), code="already_signed_up")
    return signup


def withdraw_signup(*, by: User, walk: Walk) -> None:
    if walk.organiser_id == by.pk:
        raise ValidationError(_("The organiser cannot withdraw; cancel the walk instead."))
    if walk.status != Walk.Status.SCHEDULED:
        raise ValidationError(_("The walk is no longer open for changes."))
    WalkSignup.objects.filter(walk=walk, user=by).delete()


def _set_status(walk: Walk, by: User, status: str) -> Walk:
    if not permissions.can_manage_walk(by, walk):
        raise PermissionDenied
    if walk.status != Walk.Status.SCHEDULED:
        raise ValidationError(
            _("The walk is already %(status)s.") % {"status": walk.get_status_display().lower()},
            code="status",
        )
    if status == Walk.Status.DONE and walk.starts_at > timezone.now():
        raise ValidationError(_("A walk that has not happened yet cannot be marked as done."), code="not_yet")
    with transaction.atomic():
        updated = Walk.objects.filter(pk=walk.pk, status=Walk.Status.SCHEDULED).update(status=status)
        if not updated:
            raise ValidationError(_("The walk was changed by someone else; reload the page."))
        walk.status = status
        audit.record(actor=by, action=f"walk.{status}", target=walk)
        if status == Walk.Status.CANCELLED:
            notify(
                [signup.user for signup in selectors.signups_of(walk)],
                kind="situation.walk",
                text=Message(gettext_noop("The walk was cancelled: %(walk)s"), walk=walk),
                url=walk.get_absolute_url(),
                actor=by,
            )
    return walk


def mark_walk_done(*, by: User, walk: Walk) -> Walk:
    return _set_status(walk, by, Walk.Status.DONE)


def cancel_walk(*, by: User, walk: Walk) -> Walk:
    return _set_status(walk, by, Walk.Status.CANCELLED)


def set_meetings(
    *,
    by: User,
    walk: Walk,
    preparatory_meeting_at: datetime | None,
    feedback_meeting_at: datetime | None,
) -> Walk:
    """The safety walk method's two meetings: preparation before the walk, feedback after it."""
    if not permissions.can_manage_walk(by, walk):
        raise PermissionDenied
    if not walk.is_safety_walk:
        raise ValidationError(_("Only a safety walk has preparatory and feedback meetings."))
    walk.preparatory_meeting_at = preparatory_meeting_at
    walk.feedback_meeting_at = feedback_meeting_at
    walk.full_clean()
    with transaction.atomic():
        walk.save(update_fields=["preparatory_meeting_at", "feedback_meeting_at"])
        audit.record(actor=by, action="walk.meetings", target=walk)
    return walk


def add_finding(
    *,
    by: User,
    walk: Walk,
    category: str,
    place_text: str,
    description: str,
    severity: str = Report.Severity.MEDIUM,
    visibility: str = Report.Visibility.NETWORK,
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
) -> WalkFinding:
    """File what was found on the walk as a report (through the reports part, which routes it to the
    responsible organisation) and link it to the walk; all or nothing."""
    if not permissions.can_add_finding(by, walk):
        raise PermissionDenied
    if not walk.has_happened:
        raise ValidationError(
            _("Findings can be added once the walk has taken place."), code="walk_not_happened"
        )
    with transaction.atomic():
        report = report_services.create_report(
            by=by,
            area=walk.area,
            category=category,
            place_text=place_text,
            occurred_at=walk.starts_at,
            description=description,
            severity=severity,
            visibility=visibility,
            latitude=latitude,
            longitude=longitude,
        )
        finding = WalkFinding.objects.create(walk=walk, report=report, added_by=by)
        audit.record(actor=by, action="walk.finding", target=walk, data={"report": report.pk})
    return finding


def respond_to_finding(*, by: User, finding: WalkFinding, commitment: str) -> FindingResponse:
    """The owner's answer at the feedback meeting: what they will do about the finding."""
    if not permissions.can_respond(by, finding):
        raise PermissionDenied
    if not commitment.strip():
        raise ValidationError({"commitment": _("Say what your organisation will do.")})
    if not finding.walk.has_happened:
        raise ValidationError(_("The walk has not taken place yet."))
    organisation = finding.report.responsible_organisation
    if organisation is None:
        raise ValidationError(_("The finding has no responsible organisation yet."))
    with transaction.atomic():
        response, _created = FindingResponse.objects.update_or_create(
            finding=finding,
            organisation=organisation,
            defaults={"commitment": commitment.strip(), "by": by, "at": timezone.now()},
        )
        audit.record(
            actor=by,
            action="finding.respond",
            target=finding.report,
            data={"organisation": organisation.pk},
        )
        notify(
            [finding.walk.organiser, finding.report.reporter],
            kind="situation.finding_response",
            text=Message(
                gettext_noop("%(organisation)s will act on a finding from %(walk)s: %(commitment)s"),
                organisation=organisation,
                walk=finding.walk,
                commitment=commitment.strip()[:300],
            ),
            url=finding.walk.get_absolute_url(),
            actor=by,
        )
    return response
