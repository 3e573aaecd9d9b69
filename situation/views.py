"""Views of the situation picture: parse, call one selector or service, render."""

from __future__ import annotations

import csv
from functools import cache

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from partners import geo, spreadsheet
from partners.decorators import member_required
from partners.form_errors import show_on_form
from situation import charts, permissions, rules, selectors, services
from situation.forms import (
    CheckInForm,
    FindingForm,
    MeetingsForm,
    RatingForm,
    ReporterForm,
    ResponseForm,
    WalkForm,
)
from situation.models import ReportingDuty, Walk
from situation.weeks import IsoWeek

NO_STORE = "private, no-store"


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = NO_STORE
    return response


def _week(year: int, week: int) -> IsoWeek:
    try:
        return IsoWeek.parse(year, week)
    except (ValueError, OverflowError):
        raise Http404


def _error_messages(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _back(request: HttpRequest, default: str) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(default)


# --- the lägesbild ------------------------------------------------------------------------------


@member_required
def home(request: HttpRequest) -> HttpResponse:
    week = IsoWeek.current()
    return redirect("situation:week", week.year, week.week)


@member_required
def week_view(request: HttpRequest, year: int, week: int) -> HttpResponse:
    iso_week = _week(year, week)
    if iso_week.is_future():
        messages.info(request, _("Week %(week)s has not started yet.") % {"week": iso_week.label})
        return redirect("situation:home")
    organisation = selectors.organisation_of(request.user)
    # Lazy: the page's cached fragment (hub.fragments) needs none of them until it is rendered again
    # (the template calls choropleth; cache keeps it to one drawing).
    picture = SimpleLazyObject(lambda: selectors.lagesbild(iso_week))
    choropleth = cache(
        lambda: geo.choropleth_svg(
            [(area.area, area.total) for area in picture.areas],
            title=_("Map: reports this week per area; the figures are in the sections below"),
        )
    )
    can_check_in = organisation is not None and permissions.can_check_in(request.user, organisation)
    return _no_store(
        render(
            request,
            "situation/week.html",
            {
                "week": iso_week,
                "picture": picture,
                "choropleth": choropleth,
                "previous_week": iso_week.shifted(-1),
                "next_week": None if iso_week.shifted(1).is_future() else iso_week.shifted(1),
                "signals": SimpleLazyObject(lambda: selectors.signals_for_week(iso_week)),
                "can_compile": permissions.can_compile(request.user),
                "can_see_round": permissions.can_see_round(request.user),
                "rule": rules,
                "my_entry": SimpleLazyObject(
                    lambda: selectors.round_entry_for(organisation, iso_week) if organisation else None
                ),
                "can_check_in": can_check_in,
                "rating_signals": SimpleLazyObject(lambda: selectors.rating_signals_of(picture)),
                "rating_form": RatingForm(initial={"year": iso_week.year, "week": iso_week.week}),
                "my_ratings": SimpleLazyObject(
                    lambda: (
                        list(selectors.ratings_of(organisation, iso_week).values())
                        if organisation is not None and can_check_in
                        else []
                    )
                ),
            },
        )
    )


@member_required
def week_csv(request: HttpRequest, year: int, week: int) -> HttpResponse:
    iso_week = _week(year, week)
    picture = selectors.lagesbild(iso_week, with_round=False)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="lagesbild-{iso_week.label}.csv"'
    response["Cache-Control"] = NO_STORE
    response.write("\ufeff")  # the BOM makes Excel read the file as UTF-8
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [
            _("Week"),
            _("Area"),
            _("Category"),
            _("Count"),
            _("Average of previous 8 weeks"),
            _("Standard deviation"),
            _("Threshold"),
            _("Change (%)"),
            _("Hotspot"),
            _("Open in the area"),
            _("Overdue in the area"),
        ]
    )
    for area in picture.areas:
        for cell in area.cells:
            writer.writerow(
                [
                    iso_week.label,
                    area.area.name,
                    cell.label,
                    cell.count,
                    spreadsheet.number(cell.assessment.mean, 2),
                    spreadsheet.number(cell.assessment.stdev, 2),
                    spreadsheet.number(cell.assessment.threshold, 2),
                    spreadsheet.number(cell.change, 0),
                    _("yes") if cell.is_hotspot else "",
                    area.open,
                    area.overdue,
                ]
            )
    return response


@member_required
@require_POST
def compile_view(request: HttpRequest, year: int, week: int) -> HttpResponse:
    if not permissions.can_compile(request.user):
        raise PermissionDenied
    iso_week = _week(year, week)
    raised = services.compile_week(week=iso_week)
    if raised:
        messages.success(
            request,
            _("%(count)s new hotspot signals raised; coordinators and followers were told.")
            % {"count": len(raised)},
        )
    else:
        messages.info(request, _("No new hotspot signals."))
    return redirect("situation:week", iso_week.year, iso_week.week)


# --- the weekly round ---------------------------------------------------------------------------


@member_required
def round_view(request: HttpRequest, year: int | None = None, week: int | None = None) -> HttpResponse:
    if not permissions.can_see_round(request.user):
        raise PermissionDenied
    iso_week = IsoWeek.current() if year is None or week is None else _week(year, week)
    entries = selectors.reporting_round(iso_week)
    return _no_store(
        render(
            request,
            "situation/round.html",
            {
                "week": iso_week,
                "entries": entries,
                "answered": sum(1 for entry in entries if entry.has_answered),
                "previous_week": iso_week.shifted(-1),
                "next_week": None if iso_week.shifted(1).is_future() else iso_week.shifted(1),
                "can_remind": permissions.can_remind_round(request.user),
            },
        )
    )


@member_required
@require_POST
def round_remind(request: HttpRequest, year: int, week: int) -> HttpResponse:
    iso_week = _week(year, week)
    try:
        reminded = services.remind_unreported_now(by=request.user, week=iso_week)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            ngettext(
                "%(count)d organisation was reminded.", "%(count)d organisations were reminded.", reminded
            )
            % {"count": reminded},
        )
    return redirect("situation:round_week", iso_week.year, iso_week.week)


@member_required
@require_POST
def check_in_view(request: HttpRequest) -> HttpResponse:
    organisation = selectors.organisation_of(request.user)
    form = CheckInForm(request.POST)
    if organisation is None:
        raise PermissionDenied
    if not form.is_valid():
        messages.error(request, _("There is no such week."))
        return _back(request, reverse("situation:home"))
    try:
        iso_week = IsoWeek.parse(form.cleaned_data["year"], form.cleaned_data["week"])
    except ValueError:
        messages.error(request, _("There is no such week."))
        return _back(request, reverse("situation:home"))
    try:
        services.check_in(by=request.user, organisation=organisation, week=iso_week)
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(
            request,
            _("Noted: %(organisation)s has nothing to report for week %(week)s.")
            % {"organisation": organisation, "week": iso_week.label},
        )
    return _back(request, reverse("situation:home"))


@member_required
@require_POST
def rate_view(request: HttpRequest) -> HttpResponse:
    organisation = selectors.organisation_of(request.user)
    if organisation is None or not permissions.can_check_in(request.user, organisation):
        raise PermissionDenied
    form = RatingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an area and calm, some concern, troubled or serious."))
        return _back(request, reverse("situation:home"))
    data = form.cleaned_data
    try:
        iso_week = IsoWeek.parse(data["year"], data["week"])
    except ValueError:
        messages.error(request, _("There is no such week."))
        return _back(request, reverse("situation:home"))
    try:
        rating = services.rate_area(
            by=request.user,
            organisation=organisation,
            area=data["area"],
            week=iso_week,
            level=data["level"],
            comment=data["comment"],
        )
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(
            request,
            _("Noted: %(area)s rated %(level)s for week %(week)s.")
            % {"area": rating.area, "level": rating.get_level_display().lower(), "week": iso_week.label},
        )
    return _back(request, reverse("situation:home"))


@member_required
def reporters_view(request: HttpRequest) -> HttpResponse:
    organisation = selectors.reporters_organisation_for(request.user, request.GET.get("organisation", ""))
    if organisation is None or not permissions.can_manage_reporters(request.user, organisation):
        raise PermissionDenied
    form = ReporterForm(request.POST or None, candidates=selectors.reporter_candidates(organisation))
    if request.method == "POST" and form.is_valid():
        try:
            services.name_reporter(by=request.user, organisation=organisation, user=form.cleaned_data["user"])
        except ValidationError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("%(name)s is now a reporter.") % {"name": form.cleaned_data["user"]})
            return redirect(f"{reverse('situation:reporters')}?organisation={organisation.pk}")
    return _no_store(
        render(
            request,
            "situation/reporters.html",
            {
                "organisation": organisation,
                "duties": selectors.reporters_of(organisation),
                "form": form,
                "organisations": selectors.reporter_organisation_choices(request.user),
            },
        )
    )


@member_required
@require_POST
def reporter_remove(request: HttpRequest, pk: int) -> HttpResponse:
    duty = ReportingDuty.objects.select_related("organisation", "user").filter(pk=pk).first()
    if duty is None or not permissions.can_manage_reporters(request.user, duty.organisation):
        raise Http404
    services.remove_reporter(by=request.user, duty=duty)
    messages.success(request, _("%(name)s is no longer a reporter.") % {"name": duty.user})
    return redirect(f"{reverse('situation:reporters')}?organisation={duty.organisation_id}")


# --- areas and trends ---------------------------------------------------------------------------


@member_required
def area_view(request: HttpRequest, pk: int) -> HttpResponse:
    area = selectors.get_area(pk)
    trend = selectors.trend(area, IsoWeek.current())
    return _no_store(
        render(
            request,
            "situation/area.html",
            {
                "area": area,
                "trend": trend,
                "chart": charts.trend_chart(trend),
                "following": selectors.is_following(request.user, area),
            },
        )
    )


@member_required
@require_POST
def area_follow(request: HttpRequest, pk: int) -> HttpResponse:
    area = selectors.get_area(pk)
    if request.POST.get("follow") == "0":
        services.unfollow_area(by=request.user, area=area)
        messages.success(request, _("You no longer follow %(area)s.") % {"area": area})
    else:
        services.follow_area(by=request.user, area=area)
        messages.success(
            request, _("You follow %(area)s and will be told of its hotspot signals.") % {"area": area}
        )
    return redirect("situation:area", area.pk)


# --- walks --------------------------------------------------------------------------------------


@member_required
def walk_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    if kind not in Walk.Kind.values:
        kind = ""
    organisation = selectors.organisation_of(request.user) if request.GET.get("mine") == "1" else None
    walks = selectors.walks_for(request.user, kind=kind, organisation=organisation)
    return _no_store(
        render(
            request,
            "situation/walk_list.html",
            {
                "walks": walks[:200],
                "kind": kind,
                "mine": organisation is not None,
                "kinds": Walk.Kind.choices,
                "can_schedule": permissions.can_schedule_walk(request.user),
            },
        )
    )


def _walk_form_view(request: HttpRequest, follow_up_of: Walk | None = None) -> HttpResponse:
    if not permissions.can_schedule_walk(request.user):
        raise PermissionDenied
    if follow_up_of is not None and not permissions.can_manage_walk(request.user, follow_up_of):
        raise PermissionDenied
    initial = {}
    if follow_up_of is not None:
        initial = {
            "kind": follow_up_of.kind,
            "area": follow_up_of.area_id,
            "route": follow_up_of.route,
            "meeting_point": follow_up_of.meeting_point,
        }
    form = WalkForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            walk = services.schedule_walk(by=request.user, follow_up_of=follow_up_of, **form.cleaned_data)
        except ValidationError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("The walk is scheduled."))
            return redirect(walk)
    return _no_store(
        render(request, "situation/walk_form.html", {"form": form, "follow_up_of": follow_up_of})
    )


@member_required
def walk_create(request: HttpRequest) -> HttpResponse:
    return _walk_form_view(request)


@member_required
def walk_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    return _walk_form_view(request, follow_up_of=selectors.get_walk_for(request.user, pk))


@member_required
def walk_detail(request: HttpRequest, pk: int) -> HttpResponse:
    walk = selectors.get_walk_for(request.user, pk)
    user = request.user
    findings = selectors.findings_of(user, walk)
    can_manage = permissions.can_manage_walk(user, walk)
    return _no_store(
        render(
            request,
            "situation/walk_detail.html",
            {
                "walk": walk,
                "signups": selectors.signups_of(walk),
                "signed_up": selectors.is_signed_up(user, walk),
                "findings": [
                    (finding, permissions.can_respond(user, finding) and walk.has_happened)
                    for finding in findings
                ],
                "map_points": selectors.finding_points(findings),
                "follow_ups": walk.follow_ups.select_related("area").order_by("starts_at"),
                "can_manage": can_manage,
                "can_add_finding": permissions.can_add_finding(user, walk) and walk.has_happened,
                "meetings_form": MeetingsForm(
                    initial={
                        "preparatory_meeting_at": walk.preparatory_meeting_at,
                        "feedback_meeting_at": walk.feedback_meeting_at,
                    }
                )
                if can_manage and walk.is_safety_walk
                else None,
                "response_form": ResponseForm(),
                "is_open": walk.status == Walk.Status.SCHEDULED and not walk.has_happened,
            },
        )
    )


@member_required
@require_POST
def walk_signup(request: HttpRequest, pk: int) -> HttpResponse:
    walk = selectors.get_walk_for(request.user, pk)
    try:
        if request.POST.get("withdraw") == "1":
            services.withdraw_signup(by=request.user, walk=walk)
            messages.success(request, _("You are no longer signed up."))
        else:
            services.sign_up(by=request.user, walk=walk)
            messages.success(request, _("You are signed up for the walk."))
    except ValidationError as error:
        _error_messages(request, error)
    return redirect(walk)


@member_required
@require_POST
def walk_status(request: HttpRequest, pk: int, status: str) -> HttpResponse:
    walk = selectors.get_walk_for(request.user, pk)
    actions = {"done": services.mark_walk_done, "cancelled": services.cancel_walk}
    if status not in actions:
        raise Http404
    try:
        actions[status](by=request.user, walk=walk)
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(
            request, _("The walk is now %(status)s.") % {"status": walk.get_status_display().lower()}
        )
    return redirect(walk)


@member_required
@require_POST
def walk_meetings(request: HttpRequest, pk: int) -> HttpResponse:
    walk = selectors.get_walk_for(request.user, pk)
    form = MeetingsForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(walk)
    try:
        services.set_meetings(by=request.user, walk=walk, **form.cleaned_data)
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(request, _("The meetings are saved."))
    return redirect(walk)


@member_required
def finding_create(request: HttpRequest, pk: int) -> HttpResponse:
    walk = selectors.get_walk_for(request.user, pk)
    if not permissions.can_add_finding(request.user, walk):
        raise PermissionDenied
    form = FindingForm(request.POST or None)
    if not walk.has_happened:
        messages.error(request, _("Findings can be added once the walk has taken place."))
        return redirect(walk)
    if request.method == "POST" and form.is_valid():
        try:
            finding = services.add_finding(by=request.user, walk=walk, **form.cleaned_data)
        except ValidationError as error:
            show_on_form(form, error)
        else:
            messages.success(
                request,
                _("The finding was filed as report #%(id)s and linked to the walk.")
                % {"id": finding.report_id},
            )
            return redirect(walk)
    return _no_store(render(request, "situation/finding_form.html", {"form": form, "walk": walk}))


@member_required
@require_POST
def finding_respond(request: HttpRequest, pk: int) -> HttpResponse:
    finding = selectors.get_finding_for(request.user, pk)
    form = ResponseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say what your organisation will do."))
        return redirect(finding.walk)
    try:
        services.respond_to_finding(
            by=request.user, finding=finding, commitment=form.cleaned_data["commitment"]
        )
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(request, _("Your organisation's commitment is recorded."))
    return redirect(finding.walk)


@member_required
def dark_spots(request: HttpRequest) -> HttpResponse:
    areas = selectors.dark_spots(request.user)
    return _no_store(
        render(
            request,
            "situation/dark_spots.html",
            {
                "areas": areas,
                "map_points": selectors.finding_points(f for _area, found in areas for f in found),
            },
        )
    )
