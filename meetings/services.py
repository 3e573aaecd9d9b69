"""Every write of the meetings app: one verb each, permission first, atomic, audited, notified."""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import models, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from agreements.models import FollowUpPeriod, Measure, Programme
from agreements.services import confirm_identity
from meetings import annual, calendar, permissions, selectors, yearwheel
from meetings.models import (
    Action,
    ActionPlan,
    AgendaItem,
    AnnualPicture,
    Approval,
    Invitation,
    Meeting,
    PlanAction,
    PlanActionFollowUp,
    YearDate,
    YearReminderSent,
)
from partners import audit
from partners.models import Organisation, User
from realtime.messages import Message
from realtime.services import notify


def _require_editor(by: User, meeting: Meeting) -> None:
    if not permissions.meeting_actions(by, meeting).can_edit:
        raise PermissionDenied(
            _("Only a chair or a coordinator edits a meeting whose minutes are not yet approved.")
        )


def _lock(meeting: Meeting) -> None:
    Meeting.objects.select_for_update().filter(pk=meeting.pk).values_list("pk").first()
    meeting.refresh_from_db()


def _invitees(organisations: list[Organisation]) -> list[User]:
    return list(
        User.objects.people().filter(membership__organisation__in=organisations).order_by("pk").distinct()
    )


def _send_invitations(meeting: Meeting, users: list[User]) -> None:
    """One e-mail per invitee with the meeting as an iCalendar attachment, after commit."""
    site = settings.HUB_SITE_URL.rstrip("/")
    ics = calendar.meeting_ics(meeting)
    messages = []
    for user in users:
        if not user.email:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            data = {"meeting": meeting, "user": user, "site": site}
            subject = render_to_string("meetings/email/invitation_subject.txt", data).strip()
            body = render_to_string("meetings/email/invitation_body.txt", data)
        message = EmailMessage(subject, body, None, [user.email])
        message.attach("meeting.ics", ics, "text/calendar; method=REQUEST")
        messages.append(message)
    if messages:
        transaction.on_commit(lambda: get_connection().send_messages(messages))


def plan_meeting(
    *,
    by: User,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    organisations: list[Organisation],
    place: str = "",
    video_link: str = "",
    chair: User | None = None,
) -> Meeting:
    """Plan a meeting and invite every active member of the invited organisations (notification,
    e-mail and an iCalendar attachment)."""
    if not permissions.can_plan_meetings(by):
        raise PermissionDenied(_("Only a chair or a coordinator plans the forum's meetings."))
    if not organisations:
        raise ValidationError(_("Invite at least one organisation."))
    chair = chair or by
    if not permissions.can_plan_meetings(chair):
        raise ValidationError(_("The chair of the meeting must be a forum chair or a coordinator."))
    meeting = Meeting(
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        video_link=video_link,
        planned_by=by,
        chair=chair,
    )
    meeting.full_clean()
    with transaction.atomic():
        meeting.save()
        meeting.invited_organisations.set(organisations)
        users = _invitees(organisations)
        Invitation.objects.bulk_create([Invitation(meeting=meeting, user=user) for user in users])
        audit.record(
            actor=by,
            action="meeting.plan",
            target=meeting,
            data={"organisations": [organisation.pk for organisation in organisations]},
        )
        notify(
            users,
            "meetings.invitation",
            Message(
                gettext_noop("You are invited to %(meeting)s on %(when)s."),
                meeting=meeting.title,
                when=starts_at,
            ),
            meeting.get_absolute_url(),
            actor=by,
        )
        _send_invitations(meeting, [user for user in users if user.pk != by.pk])
    return meeting


def respond_to_invitation(*, meeting: Meeting, by: User, response: str) -> Invitation:
    if response not in (Invitation.Response.ATTENDING, Invitation.Response.NOT_ATTENDING):
        raise ValidationError(_("Answer attending or not attending."))
    if not permissions.meeting_actions(by, meeting).can_respond:
        raise PermissionDenied(_("You are not invited to this meeting, or it is over."))
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(meeting=meeting, user=by)
        invitation.response = response
        invitation.responded_at = timezone.now()
        invitation.save(update_fields=["response", "responded_at"])
        audit.record(actor=by, action="meeting.respond", target=meeting, data={"response": response})
    return invitation


def _next_position(meeting: Meeting) -> int:
    return (meeting.items.aggregate(top=Max("position"))["top"] or 0) + 1


def _create_item(
    meeting: Meeting,
    *,
    title: str,
    source: str,
    linked: models.Model | None = None,
    url: str = "",
    restricted_to: Organisation | None = None,
) -> AgendaItem:
    item = AgendaItem(
        meeting=meeting,
        position=_next_position(meeting),
        title=title[:300],
        source=source,
        source_url=url,
        restricted_to=restricted_to,
    )
    if linked is not None:
        item.source_type = ContentType.objects.get_for_model(linked)
        item.source_id = linked.pk
    item.full_clean()
    item.save()
    return item


def propose_agenda(*, meeting: Meeting, by: User) -> list[AgendaItem]:
    """Add the hub's proposal (selectors.agenda_proposal) to the agenda; what is already on it stays."""
    with transaction.atomic():
        _lock(meeting)
        _require_editor(by, meeting)
        present = set(
            meeting.items.exclude(source_type=None).values_list("source", "source_type_id", "source_id")
        )
        created = []
        for proposal in selectors.agenda_proposal(meeting):
            linked = proposal.linked if isinstance(proposal.linked, models.Model) else None
            if linked is not None:
                key = (proposal.source, ContentType.objects.get_for_model(linked).pk, linked.pk)
                if key in present:
                    continue
            created.append(
                _create_item(
                    meeting,
                    title=proposal.title,
                    source=proposal.source,
                    linked=linked,
                    url=proposal.url,
                    restricted_to=proposal.restricted_to,
                )
            )
        audit.record(actor=by, action="meeting.propose_agenda", target=meeting, data={"count": len(created)})
    return created


def add_agenda_item(
    *, meeting: Meeting, by: User, title: str, restricted_to: Organisation | None = None
) -> AgendaItem:
    if not title.strip():
        raise ValidationError(_("Give the item a title."))
    with transaction.atomic():
        _lock(meeting)
        _require_editor(by, meeting)
        item = _create_item(
            meeting, title=title.strip(), source=AgendaItem.Source.CUSTOM, restricted_to=restricted_to
        )
        audit.record(actor=by, action="meeting.item_add", target=meeting, data={"item": item.pk})
    return item


def remove_agenda_item(*, item: AgendaItem, by: User) -> None:
    with transaction.atomic():
        _lock(item.meeting)
        _require_editor(by, item.meeting)
        if item.actions.exists():
            raise ValidationError(_("An item whose decision created actions cannot be removed."))
        audit.record(actor=by, action="meeting.item_remove", target=item.meeting, data={"item": item.pk})
        item.delete()


def rename_agenda_item(*, item: AgendaItem, by: User, title: str) -> AgendaItem:
    """The chair words an item their own way; where it came from and its link stay."""
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Give the item a title.")})
    with transaction.atomic():
        _lock(item.meeting)
        _require_editor(by, item.meeting)
        before = item.title
        item.title = title
        item.full_clean()
        item.save(update_fields=["title"])
        audit.record(
            actor=by,
            action="meeting.item_rename",
            target=item.meeting,
            data={"item": item.pk, "before": before, "after": title},
        )
    return item


def move_agenda_item(*, item: AgendaItem, by: User, up: bool) -> AgendaItem:
    """Swap the item with its neighbour above or below; positions are renumbered 1..n."""
    meeting = item.meeting
    with transaction.atomic():
        _lock(meeting)
        _require_editor(by, meeting)
        items = list(meeting.items.order_by("position", "id"))
        index = next(i for i, other in enumerate(items) if other.pk == item.pk)
        target = index - 1 if up else index + 1
        if 0 <= target < len(items):
            items[index], items[target] = items[target], items[index]
        for position, other in enumerate(items, start=1):
            if other.position != position:
                AgendaItem.objects.filter(pk=other.pk).update(position=position)
        audit.record(actor=by, action="meeting.item_move", target=meeting, data={"item": item.pk})
    item.refresh_from_db()
    return item


def record_minutes(*, item: AgendaItem, by: User, notes: str, decision: str) -> AgendaItem:
    with transaction.atomic():
        _lock(item.meeting)
        _require_editor(by, item.meeting)
        item.notes = notes.strip()
        item.decision = decision.strip()
        item.full_clean()
        item.save(update_fields=["notes", "decision"])
        audit.record(actor=by, action="meeting.minutes", target=item.meeting, data={"item": item.pk})
    return item


def create_action(
    *, item: AgendaItem, by: User, owner: Organisation, due_date: date, description: str
) -> Action:
    """A decision's action: the owner organisation sees it on its dashboard and queue."""
    if not item.decision:
        raise ValidationError(_("Write the decision before giving it actions."))
    action = Action(item=item, owner=owner, due_date=due_date, description=description.strip())
    action.full_clean()
    with transaction.atomic():
        _lock(item.meeting)
        _require_editor(by, item.meeting)
        action.save()
        audit.record(
            actor=by,
            action="meeting.action_create",
            target=action,
            data={"organisation": owner.pk, "due": due_date.isoformat()},
        )
        notify(
            User.objects.people().filter(membership__organisation=owner),
            "meetings.action",
            Message(
                gettext_noop("The forum gave %(organisation)s an action, due %(due)s: %(text)s"),
                organisation=owner.name,
                due=due_date,
                text=action.description[:120],
            ),
            action.get_absolute_url(),
            actor=by,
        )
    return action


def report_action_done(*, action: Action, by: User, comment: str) -> Action:
    if not comment.strip():
        raise ValidationError(_("Say in a comment what was done."))
    with transaction.atomic():
        action = Action.objects.select_for_update().select_related("item__meeting").get(pk=action.pk)
        if not permissions.can_report_done(by, action):
            raise PermissionDenied(_("Only the owner organisation reports its open action done."))
        action.done_at = timezone.now()
        action.done_by = by
        action.done_comment = comment.strip()
        action.full_clean()
        action.save(update_fields=["done_at", "done_by", "done_comment"])
        audit.record(actor=by, action="meeting.action_done", target=action)
        notify(
            [action.item.meeting.chair],
            "meetings.action_done",
            Message(
                gettext_noop("%(organisation)s reported an action done: %(text)s"),
                organisation=action.owner.name,
                text=action.description[:120],
            ),
            action.item.meeting.get_absolute_url(),
            actor=by,
        )
    return action


def appoint_adjuster(*, meeting: Meeting, by: User, adjuster: User) -> Meeting:
    """The justerare who approves the minutes with the chair: an invited, active member, not the chair."""
    with transaction.atomic():
        _lock(meeting)
        _require_editor(by, meeting)
        if adjuster.pk == meeting.chair_id:
            raise ValidationError(_("The adjuster cannot be the chair of the meeting."))
        if not adjuster.is_active or not meeting.invitations.filter(user=adjuster).exists():
            raise ValidationError(_("The adjuster must be one of the invited."))
        meeting.adjuster = adjuster
        meeting.save(update_fields=["adjuster"])
        audit.record(actor=by, action="meeting.adjuster", target=meeting, data={"user": adjuster.pk})
        notify(
            [adjuster],
            "meetings.adjuster",
            Message(
                gettext_noop("You are appointed to approve the minutes of %(meeting)s."),
                meeting=meeting.title,
            ),
            meeting.get_absolute_url(),
            actor=by,
        )
    return meeting


def approve_minutes(
    *, meeting: Meeting, by: User, sha256: str, password: str = "", totp_code: str = ""
) -> Approval:
    """The chair or the adjuster approves (justerar) the exact text shown, confirmed with their password
    (throttled like agreement signing). The first approval locks the minutes; the second makes them
    approved. A text that changed since it was shown is refused."""
    if not permissions.meeting_actions(by, meeting).approve_as:
        raise PermissionDenied(
            _("Only the chair and the appointed adjuster approve these minutes, once each.")
        )
    confirm_identity(user=by, password=password, totp_code=totp_code, target=meeting)
    with transaction.atomic():
        _lock(meeting)
        role = permissions.meeting_actions(by, meeting).approve_as
        if not role:
            raise PermissionDenied(
                _("Only the chair and the appointed adjuster approve these minutes, once each.")
            )
        if sha256 != meeting.minutes_sha256():
            raise ValidationError(
                _("The minutes changed since you read them. Read them again before approving.")
            )
        approval = Approval.objects.create(meeting=meeting, role=role, approved_by=by, text_sha256=sha256)
        audit.record(
            actor=by, action="meeting.approve", target=meeting, data={"role": role, "sha256": sha256}
        )
        if meeting.approvals.count() == 2:
            meeting.state = Meeting.State.APPROVED
            meeting.approved_at = timezone.now()
            meeting.save(update_fields=["state", "approved_at"])
            notify(
                User.objects.filter(meeting_invitations__meeting=meeting, is_active=True),
                "meetings.approved",
                Message(gettext_noop("The minutes of %(meeting)s are approved."), meeting=meeting.title),
                meeting.get_absolute_url(),
                actor=by,
            )
    return approval


def cancel_meeting(*, meeting: Meeting, by: User) -> Meeting:
    with transaction.atomic():
        _lock(meeting)
        _require_editor(by, meeting)
        meeting.state = Meeting.State.CANCELLED
        meeting.save(update_fields=["state"])
        audit.record(actor=by, action="meeting.cancel", target=meeting)
        notify(
            User.objects.filter(meeting_invitations__meeting=meeting, is_active=True),
            "meetings.cancelled",
            Message(
                gettext_noop("%(meeting)s on %(when)s is cancelled."),
                meeting=meeting.title,
                when=meeting.starts_at,
            ),
            meeting.get_absolute_url(),
            actor=by,
        )
    return meeting


def send_year_reminders(*, today: date | None = None) -> int:
    """Tell coordinators and chairs of the årshjul's events REMINDER_DAYS ahead, once per event and
    distance (the daily job may run again, or late, without telling anyone twice)."""
    today = today or timezone.localdate()
    recipients = list(
        User.objects.filter(groups__name__in=["coordinator", "chair"], is_active=True)
        .distinct()
        .order_by("pk")
    )
    sent = 0
    for event, days in yearwheel.due_reminders(today):
        with transaction.atomic():
            _reminder, created = YearReminderSent.objects.get_or_create(
                key=event.key, days_ahead=days, defaults={"recipients": len(recipients)}
            )
            if not created:
                continue
            notify(
                recipients,
                "meetings.year_reminder",
                Message(
                    gettext_noop("In %(days)s days, %(when)s: %(event)s"),
                    days=days,
                    when=event.start,
                    event=event.title,
                ),
                reverse("meetings:year", args=[event.start.year]),
            )
            sent += 1
    return sent


def save_annual_picture(*, by: User, year: int, analysis: str) -> AnnualPicture:
    """A new version of the year's lägesbild: the figures compiled from the data now, their hash,
    and the coordinator's analysis. Earlier versions stay as they were."""
    if not permissions.can_write_annual_picture(by):
        raise PermissionDenied(_("Only coordinators write the year's lägesbild."))
    if not 2000 <= year <= timezone.localdate().year:
        raise ValidationError(_("There is no lägesbild for that year."))
    if not analysis.strip():
        raise ValidationError(_("Write the analysis around the figures."))
    data = annual.figures(year)
    with transaction.atomic():
        latest = (
            AnnualPicture.objects.select_for_update().filter(year=year).aggregate(top=Max("number"))["top"]
        )
        picture = AnnualPicture(
            year=year,
            number=(latest or 0) + 1,
            analysis=analysis.strip(),
            figures=data,
            figures_sha256=annual.digest(data),
            created_by=by,
        )
        picture.full_clean()
        picture.save()
        audit.record(
            actor=by,
            action="annual_picture.save",
            target=picture,
            data={"year": year, "version": picture.number},
        )
    return picture


def _require_planner(by: User) -> None:
    if not permissions.can_write_annual_picture(by):
        raise PermissionDenied(_("Only coordinators draw up the åtgärdsplan."))


def create_action_plan(*, by: User, year: int, based_on: AnnualPicture | None = None) -> ActionPlan:
    """The year's åtgärdsplan, derived from a version of the year's (or last year's) lägesbild."""
    _require_planner(by)
    if ActionPlan.objects.filter(year=year).exists():
        raise ValidationError(_("There is already an åtgärdsplan for %(year)d.") % {"year": year})
    if based_on is not None and based_on.year not in (year, year - 1):
        raise ValidationError(_("Base the plan on this year's or last year's lägesbild."))
    plan = ActionPlan(year=year, based_on=based_on, created_by=by)
    plan.full_clean()
    with transaction.atomic():
        plan.save()
        audit.record(actor=by, action="action_plan.create", target=plan, data={"year": year})
    return plan


def add_plan_action(
    *,
    by: User,
    plan: ActionPlan,
    description: str,
    owner: Organisation,
    due_date: date,
    indicator: str,
    measures: list[Measure] | None = None,
    programme: Programme | None = None,
) -> PlanAction:
    _require_planner(by)
    with transaction.atomic():
        plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
        if plan.is_adopted:
            raise ValidationError(_("The plan is adopted; it no longer changes."))
        action = PlanAction(
            plan=plan,
            description=description.strip(),
            owner=owner,
            due_date=due_date,
            indicator=indicator.strip(),
            programme=programme,
        )
        action.full_clean()
        action.save()
        action.measures.set(measures or [])
        audit.record(actor=by, action="action_plan.action_add", target=plan, data={"organisation": owner.pk})
    return action


def record_plan_adoption(
    *, by: User, plan: ActionPlan, body: str, adopted_on: date, diary_number: str
) -> ActionPlan:
    """Record the decision that adopted the plan (e.g. kommunstyrelsen, its date and diary number), once."""
    _require_planner(by)
    if not body.strip() or not diary_number.strip():
        raise ValidationError(_("Give the body that adopted the plan and the decision's diary number."))
    if adopted_on > timezone.localdate():
        raise ValidationError(_("A plan cannot be adopted on a date still to come."))
    with transaction.atomic():
        plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
        if plan.is_adopted:
            raise ValidationError(_("The plan's adoption is already recorded."))
        if not plan.actions.exists():
            raise ValidationError(_("A plan without actions cannot be adopted."))
        plan.adopted_by_body, plan.adopted_on, plan.diary_number = (
            body.strip(),
            adopted_on,
            diary_number.strip(),
        )
        plan.full_clean()
        plan.save(update_fields=["adopted_by_body", "adopted_on", "diary_number"])
        audit.record(
            actor=by,
            action="action_plan.adopt",
            target=plan,
            data={"body": plan.adopted_by_body, "diary_number": plan.diary_number},
        )
    return plan


# The annual report is written in the last tertial; a tertial is reported once it has begun.
PLAN_FOLLOW_UP_OPENS = {
    FollowUpPeriod.Term.T1: (1, 1),
    FollowUpPeriod.Term.T2: (5, 1),
    FollowUpPeriod.Term.ANNUAL: (9, 1),
}


def record_plan_action_follow_up(
    *,
    by: User,
    action: PlanAction,
    term: str,
    status: str,
    indicator_outcome: str,
    narrative: str = "",
) -> PlanActionFollowUp:
    """The owner's report on an action of the adopted plan for a tertial or the year; a second report
    for the same period replaces the first."""
    with transaction.atomic():
        # Read under lock: the plan's adoption decides, not the caller's copy of it.
        action.plan = ActionPlan.objects.select_for_update().get(pk=action.plan_id)
        if not action.plan.is_adopted:
            raise ValidationError(_("The plan is followed up once its adoption is recorded."))
        if not permissions.can_follow_up_plan_action(by, action):
            raise PermissionDenied
        if term not in PLAN_FOLLOW_UP_OPENS:
            raise ValidationError({"term": _("Choose a period.")})
        month, day = PLAN_FOLLOW_UP_OPENS[FollowUpPeriod.Term(term)]
        if timezone.localdate() < date(action.plan.year, month, day):
            raise ValidationError({"term": _("This period has not begun yet.")})
        if not indicator_outcome.strip():
            raise ValidationError({"indicator_outcome": _("Say how the indicator stands.")})
        follow_up, created = PlanActionFollowUp.objects.select_for_update().get_or_create(
            action=action,
            term=term,
            defaults={"status": status, "indicator_outcome": indicator_outcome.strip(), "recorded_by": by},
        )
        follow_up.status = status
        follow_up.indicator_outcome = indicator_outcome.strip()
        follow_up.narrative = narrative.strip()
        follow_up.recorded_by = by
        follow_up.full_clean()
        follow_up.save()
        audit.record(
            actor=by,
            action="action_plan.follow_up",
            target=action.plan,
            data={"action": action.pk, "term": term, "status": status, "replaced": not created},
        )
    return follow_up


def add_year_date(*, by: User, kind: str, title: str, starts_on: date, ends_on: date) -> YearDate:
    """Enter a date in the årshjul; the schools' own holidays for a year replace the usual weeks."""
    if not permissions.can_edit_year_wheel(by):
        raise PermissionDenied
    entry = YearDate(kind=kind, title=title.strip(), starts_on=starts_on, ends_on=ends_on, created_by=by)
    entry.full_clean()
    with transaction.atomic():
        entry.save()
        audit.record(
            actor=by,
            action="year_date.add",
            target=entry,
            data={
                "kind": kind,
                "title": entry.title,
                "from": starts_on.isoformat(),
                "to": ends_on.isoformat(),
            },
        )
    return entry


def remove_year_date(*, by: User, entry: YearDate) -> None:
    if not permissions.can_edit_year_wheel(by):
        raise PermissionDenied
    with transaction.atomic():
        audit.record(
            actor=by,
            action="year_date.remove",
            target=entry,
            data={"kind": entry.kind, "title": entry.title, "from": entry.starts_on.isoformat()},
        )
        entry.delete()
