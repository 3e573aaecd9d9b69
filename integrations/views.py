"""The integrations pages: an organisation admin's keys and webhooks, a person's calendar address,
and the GeoJSON and iCalendar exports. Parse, call a selector or a service, render."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from integrations import feeds, permissions, selectors, services
from integrations.forms import ApiKeyForm, WebhookForm
from partners import permissions as partner_permissions
from partners.decorators import member_required
from partners.form_errors import show_on_form
from partners.models import Organisation
from reports.forms import ReportFilterForm
from reports.selectors import reports_for
from situation.selectors import dark_spots

NO_STORE = "private, no-store"


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = NO_STORE
    return response


def _managed_organisation(request: HttpRequest) -> Organisation:
    membership = partner_permissions.membership_of(request.user)
    if membership is None or not permissions.can_manage_integrations(request.user, membership.organisation):
        raise PermissionDenied
    return membership.organisation


def _page(request: HttpRequest, organisation: Organisation, **extra: Any) -> HttpResponse:
    context = {
        "organisation": organisation,
        "keys": selectors.api_keys_of(organisation),
        "webhooks": selectors.webhooks_of(organisation),
        "key_form": extra.pop("key_form", None) or ApiKeyForm(),
        "webhook_form": extra.pop("webhook_form", None) or WebhookForm(),
        **extra,
    }
    return _no_store(render(request, "integrations/overview.html", context))


@member_required
def overview(request: HttpRequest) -> HttpResponse:
    return _page(request, _managed_organisation(request))


@member_required
@require_POST
def key_create(request: HttpRequest) -> HttpResponse:
    organisation = _managed_organisation(request)
    form = ApiKeyForm(request.POST)
    if form.is_valid():
        expires = form.cleaned_data["expires_on"]
        try:
            issued = services.create_api_key(
                organisation=organisation,
                by=request.user,  # type: ignore[arg-type]
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                expires_at=timezone.make_aware(datetime.combine(expires, time.max)) if expires else None,
            )
        except ValidationError as error:
            show_on_form(form, error)
        else:
            # The secret is in this one response only; it is never stored or shown again.
            return _page(request, organisation, new_key=issued)
    return _page(request, organisation, key_form=form)


@member_required
@require_POST
def key_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _managed_organisation(request)
    key = selectors.get_api_key_of(organisation, pk)
    try:
        services.revoke_api_key(key=key, by=request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The key %(name)s is revoked.") % {"name": key.name})
    return redirect("integrations:overview")


@member_required
@require_POST
def webhook_create(request: HttpRequest) -> HttpResponse:
    organisation = _managed_organisation(request)
    form = WebhookForm(request.POST)
    if form.is_valid():
        try:
            issued = services.create_webhook(
                organisation=organisation,
                by=request.user,  # type: ignore[arg-type]
                url=form.cleaned_data["url"],
                events=form.cleaned_data["events"],
            )
        except ValidationError as error:
            show_on_form(form, error)
        else:
            return _page(request, organisation, new_webhook=issued)
    return _page(request, organisation, webhook_form=form)


@member_required
def webhook_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _managed_organisation(request)
    endpoint = selectors.get_webhook_of(organisation, pk)
    return _no_store(
        render(
            request,
            "integrations/webhook_detail.html",
            {"endpoint": endpoint, "deliveries": selectors.deliveries_of(endpoint)},
        )
    )


@member_required
@require_POST
def webhook_delete(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _managed_organisation(request)
    services.delete_webhook(endpoint=selectors.get_webhook_of(organisation, pk), by=request.user)  # type: ignore[arg-type]
    messages.success(request, _("The webhook is removed."))
    return redirect("integrations:overview")


@member_required
@require_POST
def webhook_resume(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _managed_organisation(request)
    endpoint = selectors.get_webhook_of(organisation, pk)
    try:
        services.resume_webhook(endpoint=endpoint, by=request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Deliveries to this address start again."))
    return redirect("integrations:webhook_detail", pk=endpoint.pk)


@member_required
@require_POST
def delivery_resend(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _managed_organisation(request)
    delivery = selectors.get_delivery_of(organisation, pk)
    services.resend_delivery(delivery=delivery, by=request.user)  # type: ignore[arg-type]
    messages.success(request, _("The delivery is queued to be sent again."))
    return redirect("integrations:webhook_detail", pk=delivery.endpoint_id)


@member_required
def calendar_settings(request: HttpRequest) -> HttpResponse:
    issued = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.revoke_calendar_feed(by=request.user)  # type: ignore[arg-type]
            messages.success(request, _("Your calendar address no longer works."))
            return redirect("integrations:calendar")
        issued = services.issue_calendar_feed(by=request.user)  # type: ignore[arg-type]
    feed_url = year_wheel_url = ""
    if issued is not None:
        token = [issued.token]
        feed_url = request.build_absolute_uri(reverse("integrations:calendar_feed", args=token))
        year_wheel_url = request.build_absolute_uri(reverse("integrations:year_wheel_feed", args=token))
    has_feed = issued is not None or hasattr(request.user, "calendar_feed")
    return _no_store(
        render(
            request,
            "integrations/calendar.html",
            {"feed_url": feed_url, "year_wheel_url": year_wheel_url, "has_feed": has_feed},
        )
    )


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """No session: the secret address is the credential (calendar clients send no cookies)."""
    user = selectors.user_for_calendar_token(token)
    if user is None or not partner_permissions.is_member(user):
        raise Http404
    response = HttpResponse(feeds.calendar_for(user), content_type="text/calendar; charset=utf-8")
    return _no_store(response)


def year_wheel_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The årshjul on the same secret address: revoking it stops both."""
    user = selectors.user_for_calendar_token(token)
    if user is None or not partner_permissions.is_member(user):
        raise Http404
    response = HttpResponse(
        feeds.year_wheel_for(timezone.localdate()), content_type="text/calendar; charset=utf-8"
    )
    return _no_store(response)


@member_required
def reports_geojson(request: HttpRequest) -> HttpResponse:
    form = ReportFilterForm(request.GET or None)
    reports = reports_for(request.user, form.filters() if request.GET else {})  # type: ignore[arg-type]
    response = HttpResponse(
        feeds.geojson_bytes(feeds.reports_geojson(reports)), content_type="application/geo+json"
    )
    response["Content-Disposition"] = 'attachment; filename="rapporter.geojson"'
    return _no_store(response)


@member_required
def dark_spots_geojson(request: HttpRequest) -> HttpResponse:
    collection = feeds.dark_spots_geojson(dark_spots(request.user))  # type: ignore[arg-type]
    response = HttpResponse(feeds.geojson_bytes(collection), content_type="application/geo+json")
    response["Content-Disposition"] = 'attachment; filename="morka-platser.geojson"'
    return _no_store(response)
