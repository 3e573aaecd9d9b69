"""Pages of the intake: the public form, confirmation, following, tracking (no account needed) and
the coordinators' triage queue. Views parse and render; selectors and services decide."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from intake import permissions, selectors, services
from intake.forms import CitizenReportForm, FollowForm, ForwardOutForm, MergeForm, NotFixedForm, RejectForm
from intake.models import CitizenPhoto
from partners import selectors as partner_selectors
from partners.audit import client_ip
from partners.decorators import member_required
from partners.form_errors import show_on_form


def _map_context() -> dict[str, Any]:
    return {
        "map_tiles": settings.HUB_MAP_TILE_URL,
        "map_attribution": settings.HUB_MAP_TILE_ATTRIBUTION,
        "map_centre": f"{settings.HUB_MAP_CENTRE[0]},{settings.HUB_MAP_CENTRE[1]}",
    }


def report_form(request: HttpRequest) -> HttpResponse:
    form = CitizenReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.submit_citizen_report(
                category=data["category"],
                description=data["description"],
                email=data["email"],
                name=data["name"],
                phone=data["phone"],
                area=data["area"],
                place_text=data["place_text"],
                latitude=data["latitude"],
                longitude=data["longitude"],
                photos=data["photos"],
                address=client_ip(request),
                honeypot=data["website"],
                language=getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE),
            )
        except ValidationError as error:
            show_on_form(form, error)
        else:
            return redirect("intake:sent")
    return render(request, "intake/report_form.html", {"form": form, **_map_context()})


def sent(request: HttpRequest) -> HttpResponse:
    return render(request, "intake/sent.html")


def confirm(request: HttpRequest, public_id: Any, key: str) -> HttpResponse:
    """GET shows a button (mail scanners open links); the POST confirms."""
    if request.method == "POST":
        try:
            citizen_report = services.confirm_citizen_report(public_id=public_id, key=key)
        except ValidationError as error:
            return render(request, "intake/confirm.html", {"error": error.messages[0]}, status=400)
        return redirect(citizen_report.tracking_path())
    return render(request, "intake/confirm.html", {})


def track(request: HttpRequest, public_id: Any, key: str) -> HttpResponse:
    citizen_report = selectors.get_tracked(public_id, key)
    form = NotFixedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reopen_as_citizen(citizen_report=citizen_report, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("Thank you. The report is back with the responsible organisation."))
            return redirect(citizen_report.tracking_path())
    return render(
        request,
        "intake/track.html",
        {
            "citizen_report": citizen_report,
            "events": selectors.history_of(citizen_report),
            "can_reopen": permissions.can_reopen(citizen_report),
            "form": form,
        },
    )


def nearby(request: HttpRequest) -> HttpResponse:
    """Open reports of the category near a pin: "Redan anmält? Följ det ärendet"."""
    try:
        latitude = float(request.GET.get("latitude", "").replace(",", "."))
        longitude = float(request.GET.get("longitude", "").replace(",", "."))
    except ValueError:
        return render(request, "intake/_nearby.html", {"nearby": []})
    found = selectors.nearby_open_reports(
        category=request.GET.get("category", ""), latitude=latitude, longitude=longitude
    )
    return render(request, "intake/_nearby.html", {"nearby": found})


def follow(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.get_followable(pk)
    form = FollowForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.follow_report(
                report=report,
                email=form.cleaned_data["email"],
                address=client_ip(request),
                honeypot=form.cleaned_data["website"],
                language=getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE),
            )
        except ValidationError as error:
            show_on_form(form, error)
        else:
            return redirect("intake:sent")
    return render(request, "intake/follow.html", {"report": report, "form": form})


def areas_geojson(request: HttpRequest) -> JsonResponse:
    """The areas' outlines for the maps: names and polygons only."""
    features = [
        {"type": "Feature", "properties": {"id": area.pk, "name": area.name}, "geometry": area.boundary}
        for area in partner_selectors.outlined_areas()
    ]
    response = JsonResponse({"type": "FeatureCollection", "features": features})
    response["Cache-Control"] = "public, max-age=300"
    return response


# --- the public map and "Det här gör vi" -----------------------------------------------------


def public_map(request: HttpRequest) -> HttpResponse:
    return render(
        request, "intake/public_map.html", {"counts": selectors.public_counts_by_area(), **_map_context()}
    )


def _bbox(value: str) -> tuple[float, float, float, float] | None:
    try:
        south, west, north, east = (float(part) for part in value.split(","))
    except ValueError:
        return None
    return south, west, north, east


def public_map_json(request: HttpRequest) -> JsonResponse:
    try:
        zoom = int(request.GET.get("zoom", "12"))
    except ValueError:
        zoom = 12
    data = selectors.public_map_data(bbox=_bbox(request.GET.get("bbox", "")), zoom=zoom)
    response = JsonResponse(data)
    response["Cache-Control"] = "public, max-age=60"
    return response


def performance(request: HttpRequest) -> HttpResponse:
    return render(request, "intake/performance.html", {"records": selectors.performance_by_organisation()})


# --- triage -----------------------------------------------------------------------------------


@member_required
def triage_list(request: HttpRequest) -> HttpResponse:
    return render(request, "intake/triage_list.html", {"queue": selectors.triage_queue(request.user)})


@member_required
def triage_detail(request: HttpRequest, pk: int) -> HttpResponse:
    citizen_report = selectors.get_for_triage(request.user, pk)
    nearby_reports = []
    if citizen_report.latitude is not None and citizen_report.longitude is not None:
        nearby_reports = selectors.nearby_open_reports(
            category=citizen_report.category,
            latitude=float(citizen_report.latitude),
            longitude=float(citizen_report.longitude),
        )
    return render(
        request,
        "intake/triage_detail.html",
        {
            "citizen_report": citizen_report,
            "decided": citizen_report.status != citizen_report.Status.RECEIVED,
            "nearby": nearby_reports,
            "reject_form": RejectForm(),
            "merge_form": MergeForm(),
            "forward_form": ForwardOutForm(),
        },
    )


def _form_errors(request: HttpRequest, form: Any) -> None:
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message)


@member_required
@require_POST
def triage_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    citizen_report = selectors.get_for_triage(request.user, pk)
    back = redirect("intake:triage_detail", pk=pk)
    try:
        if decision == "accept":
            report = services.accept_citizen_report(citizen_report=citizen_report, by=request.user)
            messages.success(request, _("Accepted as report #%(id)s.") % {"id": report.pk})
            return redirect(report)
        if decision == "merge":
            form: Any = MergeForm(request.POST)
            if not form.is_valid():
                _form_errors(request, form)
                return back
            services.merge_citizen_report(
                citizen_report=citizen_report, into=form.cleaned_data["report"], by=request.user
            )
            messages.success(request, _("Joined to the existing report; the resident follows it."))
        elif decision == "reject":
            form = RejectForm(request.POST)
            if not form.is_valid():
                _form_errors(request, form)
                return back
            services.reject_citizen_report(
                citizen_report=citizen_report, by=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("Rejected; the resident was told why."))
        elif decision == "forward":
            form = ForwardOutForm(request.POST)
            if not form.is_valid():
                _form_errors(request, form)
                return back
            services.forward_citizen_report(
                citizen_report=citizen_report, by=request.user, **form.cleaned_data
            )
            messages.success(request, _("Forwarded; the resident was told who has it."))
        else:
            raise Http404
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return back
    return redirect("intake:triage")


@member_required
def triage_photo(request: HttpRequest, pk: int) -> FileResponse:
    photo = get_object_or_404(CitizenPhoto.objects.select_related("citizen_report"), pk=pk)
    selectors.get_for_triage(request.user, photo.citizen_report_id)
    response = FileResponse(photo.file.open("rb"), content_type=photo.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
