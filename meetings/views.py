"""Meeting pages: planning, the invitation answer, the agenda and minutes, approval, the printable
and PDF minutes, and the actions queue."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agreements import selectors as agreement_selectors
from meetings import annual, calendar, permissions, selectors, services, yearwheel
from meetings.forms import (
    ActionForm,
    AdjusterForm,
    AdoptionForm,
    AnnualPictureForm,
    ApproveForm,
    DoneForm,
    ItemForm,
    ItemTitleForm,
    MeetingForm,
    MinutesForm,
    PlanActionForm,
    PlanFollowUpForm,
    ResponseForm,
    YearDateForm,
)
from meetings.models import ActionPlan, Meeting
from meetings.yearwheel import YearEvent
from partners.decorators import member_required
from partners.form_errors import error_text, show_on_form
from partners.text import HubForm


@member_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "meetings/list.html",
        {
            "meetings": selectors.meetings_for(request.user),
            "can_plan": permissions.can_plan_meetings(request.user),
            "own_actions": selectors.own_actions(request.user)[:10],
            "current_year": timezone.localdate().year,
        },
    )


@member_required
def plan(request: HttpRequest) -> HttpResponse:
    if not permissions.can_plan_meetings(request.user):
        raise PermissionDenied
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.plan_meeting(
                by=request.user,
                title=data["title"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                place=data["place"],
                video_link=data["video_link"],
                organisations=list(data["organisations"]),
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("The meeting is planned and the invitations are sent."))
            return redirect(meeting)
    return render(request, "meetings/plan.html", {"form": form})


def _detail_context(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    actions = permissions.meeting_actions(request.user, meeting)
    items = selectors.items_for(request.user, meeting)
    return {
        "meeting": meeting,
        "actions": actions,
        "invitation": selectors.invitation_of(request.user, meeting),
        "invitations": selectors.invitations_of(meeting) if actions.sees_restricted else None,
        "approvals": meeting.approvals.select_related("approved_by"),
        "response_form": ResponseForm(),
        "item_form": ItemForm(),
        "adjuster_form": AdjusterForm(meeting=meeting, initial={"adjuster": meeting.adjuster_id}),
        "approve_form": ApproveForm(
            uses_totp=agreement_selectors.uses_totp(request.user),
            initial={"sha256": meeting.minutes_sha256()},
        )
        if actions.approve_as
        else None,
        "rows": [
            (
                item,
                MinutesForm(
                    initial={"notes": item.notes, "decision": item.decision}, auto_id=f"id_item{item.pk}_%s"
                ),
                ActionForm(auto_id=f"id_action{item.pk}_%s"),
                ItemTitleForm(initial={"title": item.title}, auto_id=f"id_title{item.pk}_%s"),
            )
            for item in items
        ],
    }


@member_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.get_meeting_for(request.user, pk)
    return render(request, "meetings/detail.html", _detail_context(request, meeting))


def _run(request: HttpRequest, call: Any, success: str) -> None:
    try:
        call()
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, success)


@require_POST
@member_required
def respond(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.get_meeting_for(request.user, pk)
    form = ResponseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Answer attending or not attending."))
        return redirect(meeting)
    _run(
        request,
        lambda: services.respond_to_invitation(
            meeting=meeting, by=request.user, response=form.cleaned_data["response"]
        ),
        _("Your answer is saved."),
    )
    return redirect(meeting)


@require_POST
@member_required
def propose(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.get_meeting_for(request.user, pk)
    try:
        created = services.propose_agenda(meeting=meeting, by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("%(count)d items proposed from the hub.") % {"count": len(created)})
    return redirect(meeting)


@require_POST
@member_required
def add_item(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.get_meeting_for(request.user, pk)
    form = ItemForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the item a title."))
        return redirect(meeting)
    _run(
        request,
        lambda: services.add_agenda_item(
            meeting=meeting,
            by=request.user,
            title=form.cleaned_data["title"],
            restricted_to=form.cleaned_data["restricted_to"],
        ),
        _("The item is added."),
    )
    return redirect(meeting)


@require_POST
@member_required
def remove_item(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.get_item_for(request.user, pk)
    _run(request, lambda: services.remove_agenda_item(item=item, by=request.user), _("The item is removed."))
    return redirect(item.meeting)


@require_POST
@member_required
def rename_item(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.get_item_for(request.user, pk)
    form = ItemTitleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the item a title."))
    else:
        _run(
            request,
            lambda: services.rename_agenda_item(item=item, by=request.user, title=form.cleaned_data["title"]),
            _("The item is renamed."),
        )
    return redirect(item.meeting.get_absolute_url() + f"#item-{item.pk}")


@require_POST
@member_required
def move_item(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.get_item_for(request.user, pk)
    up = request.POST.get("direction") == "up"
    _run(
        request, lambda: services.move_agenda_item(item=item, by=request.user, up=up), _("The item is moved.")
    )
    return redirect(item.meeting.get_absolute_url() + f"#item-{item.pk}")


@require_POST
@member_required
def minutes(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.get_item_for(request.user, pk)
    form = MinutesForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(error) for errors in form.errors.values() for error in errors))
        return redirect(item.meeting)
    _run(
        request,
        lambda: services.record_minutes(
            item=item,
            by=request.user,
            notes=form.cleaned_data["notes"],
            decision=form.cleaned_data["decision"],
        ),
        _("The minutes of the item are saved."),
    )
    return redirect(item.meeting.get_absolute_url() + f"#item-{item.pk}")


@require_POST
@member_required
def add_action(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.get_item_for(request.user, pk)
    form = ActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the action an owner organisation, a due date and a description."))
        return redirect(item.meeting)
    data = form.cleaned_data
    _run(
        request,
        lambda: services.create_action(
            item=item,
            by=request.user,
            owner=data["owner"],
            due_date=data["due_date"],
            description=data["description"],
        ),
        _("The action is given to %(organisation)s.") % {"organisation": data["owner"]},
    )
    return redirect(item.meeting.get_absolute_url() + f"#item-{item.pk}")


@require_POST
@member_required
def appoint_adjuster(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.get_meeting_for(request.user, pk)
    form = AdjusterForm(request.POST, meeting=meeting)
    if not form.is_valid():
        messages.error(request, _("Choose one of the invited as adjuster."))
        return redirect(meeting)
    _run(
        request,
        lambda: services.appoint_adjuster(
            meeting=meeting, by=request.user, adjuster=form.cleaned_data["adjuster"]
        ),
        _("The adjuster is appointed."),
    )
    return redirect(meeting)


@require_POST
@member_required
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.get_meeting_for(request.user, pk)
    form = ApproveForm(request.POST, uses_totp=agreement_selectors.uses_totp(request.user))
    form.is_valid()
    data = form.cleaned_data
    _run(
        request,
        lambda: services.approve_minutes(
            meeting=meeting,
            by=request.user,
            sha256=data.get("sha256", ""),
            password=data.get("password", ""),
            totp_code=data.get("totp_code", ""),
        ),
        _("Your approval of the minutes is recorded."),
    )
    return redirect(meeting)


@member_required
def printable(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.get_meeting_for(request.user, pk)
    return render(
        request,
        "meetings/print.html",
        {
            "meeting": meeting,
            "items": selectors.items_for(request.user, meeting),
            "approvals": meeting.approvals.select_related("approved_by"),
            "sha256": meeting.minutes_sha256(),
        },
    )


@member_required
def minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    from meetings.pdf import minutes_pdf as render_pdf

    meeting = selectors.get_meeting_for(request.user, pk)
    response = HttpResponse(
        render_pdf(
            meeting,
            selectors.items_for(request.user, meeting),
            list(meeting.approvals.select_related("approved_by")),
        ),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'inline; filename="protokoll-{meeting.pk}.pdf"'
    return response


@member_required
def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.get_meeting_for(request.user, pk)
    response = HttpResponse(calendar.meeting_ics(meeting), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="mote-{meeting.pk}.ics"'
    return response


@member_required
def action_queue(request: HttpRequest) -> HttpResponse:
    show_done = request.GET.get("done") == "1"
    actions = selectors.actions_for(request.user, open_only=not show_done)
    return render(
        request,
        "meetings/actions.html",
        {
            "rows": [
                (
                    action,
                    permissions.can_report_done(request.user, action),
                    DoneForm(auto_id=f"id_done{action.pk}_%s"),
                )
                for action in actions
            ],
            "show_done": show_done,
        },
    )


@require_POST
@member_required
def action_done(request: HttpRequest, pk: int) -> HttpResponse:
    action = selectors.get_action_for(request.user, pk)
    form = DoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say in a comment what was done."))
        return redirect("meetings:actions")
    try:
        services.report_action_done(action=action, by=request.user, comment=form.cleaned_data["comment"])
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The action is reported done."))
    return redirect("meetings:actions")


def _year(year: int) -> int:
    if not 2000 <= year <= 2100:
        raise Http404
    return year


@member_required
def year_view(request: HttpRequest, year: int | None = None) -> HttpResponse:
    """The årshjul as a calendar: the year's events month by month; those who plan the forum's year
    enter the schools' holidays and local dates here."""
    year = _year(year or timezone.localdate().year)
    can_edit = permissions.can_edit_year_wheel(request.user)
    form = YearDateForm(
        request.POST or None, initial={"starts_on": date(year, 1, 1), "ends_on": date(year, 1, 1)}
    )
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if request.POST.get("remove", "").isdigit():
            entry = selectors.get_year_date(int(request.POST["remove"]))
            services.remove_year_date(by=request.user, entry=entry)
            messages.success(request, _("The date is removed."))
            return redirect("meetings:year", entry.starts_on.year)
        if form.is_valid():
            try:
                entry = services.add_year_date(by=request.user, **form.cleaned_data)
            except ValidationError as error:
                show_on_form(form, error)
            else:
                messages.success(request, _("The date is entered."))
                return redirect("meetings:year", entry.starts_on.year)
    months: dict[int, list[YearEvent]] = {month: [] for month in range(1, 13)}
    for event in yearwheel.events(year):
        months[event.start.month].append(event)
    return render(
        request,
        "meetings/year.html",
        {
            "year": year,
            "months": [(date(year, month, 1), months[month]) for month in range(1, 13)],
            "reminder_days": yearwheel.REMINDER_DAYS,
            "form": form if can_edit else None,
        },
    )


@member_required
def year_ics(request: HttpRequest, year: int) -> HttpResponse:
    year = _year(year)
    response = HttpResponse(
        calendar.year_ics(yearwheel.events(year)), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="arshjul-{year}.ics"'
    return response


@require_POST
@member_required
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.get_meeting_for(request.user, pk)
    _run(
        request,
        lambda: services.cancel_meeting(meeting=meeting, by=request.user),
        _("The meeting is cancelled."),
    )
    return redirect(meeting)


@member_required
def annual_view(request: HttpRequest, year: int) -> HttpResponse:
    """The year's lägesbild: the figures from the data now, its saved versions, and for coordinators
    the form that saves a new version with their analysis."""
    year = _year(year)
    can_write = permissions.can_write_annual_picture(request.user)
    versions = selectors.annual_versions(year)
    latest = versions[0] if versions else None
    form = AnnualPictureForm(request.POST or None, initial={"analysis": latest.analysis if latest else ""})
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied
        if form.is_valid():
            try:
                picture = services.save_annual_picture(
                    by=request.user, year=year, analysis=form.cleaned_data["analysis"]
                )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(request, _("Version %(number)d is saved.") % {"number": picture.number})
                return redirect(picture)
    return render(
        request,
        "meetings/annual.html",
        {
            "year": year,
            "figures": annual.figures(year),
            "versions": versions,
            "form": form if can_write else None,
        },
    )


@member_required
def annual_version(request: HttpRequest, pk: int) -> HttpResponse:
    picture = selectors.get_annual_picture(pk)
    return render(
        request,
        "meetings/annual_version.html",
        {
            "picture": picture,
            "figures": picture.figures,
            "reproducible": annual.digest(annual.figures(picture.year)) == picture.figures_sha256,
        },
    )


@member_required
def annual_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    from meetings.pdf import annual_pdf as render_pdf

    picture = selectors.get_annual_picture(pk)
    response = HttpResponse(render_pdf(picture), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="lagesbild-{picture.year}-v{picture.number}.pdf"'
    return response


@member_required
def plan_year(request: HttpRequest, year: int) -> HttpResponse:
    """The year's åtgärdsplan: its actions with the measures' tertial follow-up; for coordinators the
    forms that draw it up and record its adoption."""
    year = _year(year)
    plan = selectors.action_plan_of(year)
    can_write = permissions.can_write_annual_picture(request.user)
    if request.method == "POST" and request.POST.get("step") == "follow_up":
        _plan_follow_up(request, plan)
        return redirect("meetings:plan_year", year)
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied
        _plan_post(request, year, plan)
        return redirect("meetings:plan_year", year)
    return render(
        request,
        "meetings/plan_year.html",
        {
            "year": year,
            "plan": plan,
            "rows": [
                (
                    action,
                    permissions.can_follow_up_plan_action(request.user, action),
                    PlanFollowUpForm(auto_id=f"id_follow{action.pk}_%s"),
                )
                for action in selectors.plan_actions_of(plan)
            ],
            "can_write": can_write,
            "pictures": selectors.plan_basis_choices(year),
            "action_form": PlanActionForm(),
            "adoption_form": AdoptionForm(),
        },
    )


def _plan_follow_up(request: HttpRequest, plan: ActionPlan | None) -> None:
    action = selectors.get_plan_action(plan, request.POST.get("action", ""))
    form = PlanFollowUpForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the period and the status, and say how the indicator stands."))
        return
    _run(
        request,
        lambda: services.record_plan_action_follow_up(by=request.user, action=action, **form.cleaned_data),
        _("The follow-up is recorded."),
    )


def _plan_post(request: HttpRequest, year: int, plan: ActionPlan | None) -> None:
    step = request.POST.get("step")
    try:
        if step == "create":
            picture = selectors.plan_basis(request.POST.get("based_on", ""))
            services.create_action_plan(by=request.user, year=year, based_on=picture)
            messages.success(request, _("The åtgärdsplan is started."))
            return
        if plan is None:
            raise ValidationError(_("Start the plan first."))
        form: HubForm
        if step == "action":
            form = PlanActionForm(request.POST)
            if not form.is_valid():
                raise ValidationError(
                    _("Give the action a description, an owner, a due date and an indicator.")
                )
            data = form.cleaned_data
            services.add_plan_action(
                by=request.user,
                plan=plan,
                description=data["description"],
                owner=data["owner"],
                due_date=data["due_date"],
                indicator=data["indicator"],
                measures=list(data["measures"]),
                programme=data["programme"],
            )
            messages.success(request, _("The action is added to the plan."))
        elif step == "adopt":
            form = AdoptionForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Give the body, the date and the diary number of the decision."))
            data = form.cleaned_data
            services.record_plan_adoption(
                by=request.user,
                plan=plan,
                body=data["body"],
                adopted_on=data["adopted_on"],
                diary_number=data["diary_number"],
            )
            messages.success(request, _("The plan's adoption is recorded."))
    except ValidationError as error:
        messages.error(request, error_text(error))
