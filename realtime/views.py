"""The notifications page (list, filter by kind, mark one or all read) and the email preferences."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from realtime import kinds, selectors, services
from realtime.forms import PreferencesForm


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")[:64]
    unread_only = bool(request.GET.get("unread"))
    notifications = selectors.notifications_for(request.user, kind=kind, unread_only=unread_only)
    page = Paginator(notifications, 50).get_page(request.GET.get("page"))
    kind_choices = [(value, kinds.label_for(value)) for value in selectors.kinds_received(request.user)]
    return render(
        request,
        "realtime/notification_list.html",
        {"page": page, "kinds": kind_choices, "kind": kind, "unread_only": unread_only},
    )


@login_required
@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = services.mark_read(user=request.user, notification_id=pk)
    if notification is None:
        raise Http404
    target = request.POST.get("next") or notification.url
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("realtime:list")


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    services.mark_all_read(user=request.user)
    return redirect("realtime:list")


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    rows = selectors.preferences_for(request.user)
    form = PreferencesForm(request.POST if request.method == "POST" else None, rows=rows)
    if request.method == "POST" and form.is_valid():
        services.set_preferences(user=request.user, deliveries=form.deliveries())
        messages.success(request, _("Your notification settings were saved."))
        return redirect("realtime:preferences")
    return render(request, "realtime/preferences.html", {"form": form})
