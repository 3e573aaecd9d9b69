"""Read paths for meetings: every list starts from visible_to(user); the agenda proposal reads the
hub's own state since the previous meeting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from agreements.models import AgreementVersion, FollowUpPeriod
from escalations.models import Escalation
from meetings import permissions
from meetings.models import (
    Action,
    ActionPlan,
    AgendaItem,
    AnnualPicture,
    Invitation,
    Meeting,
    PlanAction,
    YearDate,
)
from partners.models import Organisation, User
from reports.models import Report
from situation.models import HotspotSignal, WalkFinding
from situation.selectors import DARK_SPOT_CATEGORIES

# Without an earlier meeting the proposal looks this far back.
FIRST_MEETING_LOOKBACK = timedelta(days=120)


def meetings_for(user: User) -> QuerySet[Meeting]:
    return Meeting.objects.visible_to(user).select_related("chair", "adjuster")


def get_meeting_for(user: User, pk: int) -> Meeting:
    """The same 404 for a meeting that does not exist and one the user may not see."""
    meeting = meetings_for(user).filter(pk=pk).first()
    if meeting is None:
        raise Http404
    return meeting


def items_for(user: User, meeting: Meeting) -> list[AgendaItem]:
    """The agenda as this reader may see it: restricted items only for their organisation and staff."""
    items = meeting.items.select_related("restricted_to").prefetch_related("actions__owner")
    return [item for item in items if permissions.can_see_item(user, item)]


def invitation_of(user: User, meeting: Meeting) -> Invitation | None:
    return meeting.invitations.filter(user=user).first()


def invitations_of(meeting: Meeting) -> QuerySet[Invitation]:
    return meeting.invitations.select_related("user__membership__organisation").order_by("user__full_name")


def actions_for(user: User, *, open_only: bool = True) -> QuerySet[Action]:
    """The actions a user's organisation owns (all of them for the forum's staff)."""
    actions = Action.objects.visible_to(user).select_related("owner", "item__meeting")
    if open_only:
        actions = actions.open()
    return actions.order_by("due_date", "id")


def own_actions(user: User) -> QuerySet[Action]:
    """The open actions of the user's own organisation: their dashboard and queue."""
    membership = getattr(user, "membership", None)
    if membership is None:
        return Action.objects.none()
    return Action.objects.open().filter(owner_id=membership.organisation_id).select_related("item__meeting")


def previous_meeting(meeting: Meeting) -> Meeting | None:
    return (
        Meeting.objects.filter(starts_at__lt=meeting.starts_at)
        .exclude(state=Meeting.State.CANCELLED)
        .exclude(pk=meeting.pk)
        .order_by("-starts_at")
        .first()
    )


@dataclass(frozen=True)
class Proposal:
    """One agenda item the hub proposes, with what it came from."""

    source: str
    title: str
    url: str = ""
    linked: object | None = None
    restricted_to: Organisation | None = None


def proposal_since(meeting: Meeting) -> datetime:
    previous = previous_meeting(meeting)
    return previous.starts_at if previous else meeting.starts_at - FIRST_MEETING_LOOKBACK


def agenda_proposal(meeting: Meeting) -> list[Proposal]:
    """What happened since the previous meeting that the forum should discuss, in agenda order."""
    since = proposal_since(meeting)
    proposals: list[Proposal] = []
    for action in Action.objects.open().exclude(item__meeting=meeting).select_related("owner"):
        proposals.append(
            Proposal(
                AgendaItem.Source.ACTION,
                _("Open action (%(owner)s, due %(due)s): %(text)s")
                % {
                    "owner": action.owner,
                    "due": action.due_date.isoformat(),
                    "text": action.description[:200],
                },
                action.get_absolute_url(),
                action,
            )
        )
    escalations = Escalation.objects.filter(
        Q(created_at__gte=since) | Q(answered_at__gte=since)
    ).select_related("organisation")
    for escalation in escalations.order_by("created_at"):
        proposals.append(
            Proposal(
                AgendaItem.Source.ESCALATION,
                _("Escalation from %(organisation)s: %(subject)s (%(status)s)")
                % {
                    "organisation": escalation.organisation,
                    "subject": escalation.subject,
                    "status": escalation.get_status_display(),
                },
                escalation.get_absolute_url(),
                escalation,
                # An escalation is read only by its organisation and leadership: so is its item.
                escalation.organisation,
            )
        )
    overdue = (
        Report.objects.overdue()
        .filter(responsible_organisation__isnull=False)
        .values("responsible_organisation")
        .annotate(count=Count("id"))
        .order_by("-count")
    )
    organisations = Organisation.objects.in_bulk([row["responsible_organisation"] for row in overdue])
    for row in overdue:
        organisation = organisations[row["responsible_organisation"]]
        proposals.append(
            Proposal(
                AgendaItem.Source.OVERDUE,
                _("Overdue reports for %(organisation)s: %(count)d")
                % {"organisation": organisation, "count": row["count"]},
                reverse("reports:overdue"),
                organisation,
            )
        )
    signals = HotspotSignal.objects.filter(raised_at__gte=since).select_related("area").order_by("area__name")
    by_area: dict[int, list[HotspotSignal]] = {}
    for signal in signals:
        by_area.setdefault(signal.area_id, []).append(signal)
    for area_signals in by_area.values():
        first = area_signals[0]
        categories = ", ".join(sorted({str(signal.get_category_display()) for signal in area_signals}))
        proposals.append(
            Proposal(
                AgendaItem.Source.HOTSPOT,
                _("Hotspot signals in %(area)s: %(categories)s")
                % {"area": first.area, "categories": categories},
                first.get_absolute_url(),
                first.area,
            )
        )
    dark = (
        WalkFinding.objects.filter(report__category__in=DARK_SPOT_CATEGORIES)
        .filter(report__in=Report.objects.open())
        .values("report__area__name")
        .annotate(count=Count("id"))
        .order_by("report__area__name")
    )
    for spot in dark:
        proposals.append(
            Proposal(
                AgendaItem.Source.DARK_SPOT,
                _("Unresolved dark spots from walks in %(area)s: %(count)d")
                % {"area": spot["report__area__name"], "count": spot["count"]},
                reverse("situation:dark_spots"),
            )
        )
    for period in FollowUpPeriod.objects.filter(is_open=True).select_related("programme"):
        proposals.append(
            Proposal(
                AgendaItem.Source.MEASURE,
                _("Measures due for follow-up: %(programme)s, %(period)s %(year)d")
                % {"programme": period.programme, "period": period.get_term_display(), "year": period.year},
                "",
                period,
            )
        )
    for version in AgreementVersion.objects.filter(status=AgreementVersion.Status.OPEN).annotate(
        signed=Count("signatures")
    ):
        proposals.append(
            Proposal(
                AgendaItem.Source.HANDSLAG,
                _("Handslag renewal: %(version)s, %(signed)d signatures")
                % {"version": version, "signed": version.signed},
                version.get_absolute_url(),
                version,
            )
        )
    return proposals


def get_item_for(user: User, pk: int) -> AgendaItem:
    item = (
        AgendaItem.objects.filter(pk=pk, meeting__in=Meeting.objects.visible_to(user))
        .select_related("meeting")
        .first()
    )
    if item is None or not permissions.can_see_item(user, item):
        raise Http404
    return item


def get_action_for(user: User, pk: int) -> Action:
    action = Action.objects.visible_to(user).filter(pk=pk).select_related("owner", "item__meeting").first()
    if action is None:
        raise Http404
    return action


# --- the yearly cycle: every member reads the year's lägesbild and plan; coordinators write them ------


def get_year_date(pk: int) -> YearDate:
    entry = YearDate.objects.filter(pk=pk).first()
    if entry is None:
        raise Http404
    return entry


def annual_versions(year: int) -> list[AnnualPicture]:
    """The year's saved lägesbild versions, newest first."""
    return list(AnnualPicture.objects.filter(year=year).select_related("created_by"))


def get_annual_picture(pk: int) -> AnnualPicture:
    picture = AnnualPicture.objects.select_related("created_by").filter(pk=pk).first()
    if picture is None:
        raise Http404
    return picture


def plan_basis_choices(year: int) -> QuerySet[AnnualPicture]:
    """The lägesbild versions a plan for the year may build on: this year's and last year's."""
    return AnnualPicture.objects.filter(year__in=[year, year - 1])


def plan_basis(requested: str) -> AnnualPicture | None:
    """The version a new plan is to build on; whether it may is create_action_plan's rule."""
    if not requested.isdigit():
        return None
    return AnnualPicture.objects.filter(pk=int(requested)).first()


def action_plan_of(year: int) -> ActionPlan | None:
    return ActionPlan.objects.filter(year=year).select_related("based_on").first()


def get_plan_action(plan: ActionPlan | None, requested: str) -> PlanAction:
    """An action of this plan; the plan is public to members, so any other is simply not found."""
    if plan is None or not requested.isdigit():
        raise Http404
    action = plan.actions.filter(pk=int(requested)).select_related("plan", "owner").first()
    if action is None:
        raise Http404
    return action


def plan_actions_of(plan: ActionPlan | None) -> list[PlanAction]:
    if plan is None:
        return []
    return list(
        plan.actions.select_related("owner", "programme").prefetch_related(
            "measures__follow_ups__period", "follow_ups__recorded_by"
        )
    )
