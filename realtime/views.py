"""The notifications page: list, filter by kind, mark one or all read."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from realtime.models import Notification


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    notifications = Notification.objects.for_user(request.user).select_related("actor")
    kinds = sorted(set(notifications.values_list("kind", flat=True)))
    kind = request.GET.get("kind", "")
    if kind:
        notifications = notifications.filter(kind=kind)
    if request.GET.get("unread"):
        notifications = notifications.unread()
    page = Paginator(notifications, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "realtime/notification_list.html",
        {"page": page, "kinds": kinds, "kind": kind, "unread_only": bool(request.GET.get("unread"))},
    )


@login_required
@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    target = request.POST.get("next") or notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("realtime:list")


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    Notification.objects.for_user(request.user).unread().update(read_at=timezone.now())
    return redirect("realtime:list")
