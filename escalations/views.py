"""Escalation pages: the list (leadership's live dashboard), raising one, and handling it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from escalations import permissions, selectors, services
from escalations.forms import AnswerForm, CloseForm, EscalationForm
from escalations.models import Status
from partners.decorators import member_required
from partners.form_errors import show_on_form


@member_required
def escalation_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "active")
    if status not in {"active", "", *Status.values}:
        status = "active"
    page = Paginator(selectors.escalations_for(request.user, status=status), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "escalations/list.html",
        {
            "page": page,
            "status": status,
            "statuses": Status.choices,
            "live": permissions.can_watch_dashboard(request.user),
            "can_raise": permissions.can_raise(request.user),
        },
    )


@member_required
def raise_view(request: HttpRequest) -> HttpResponse:
    if not permissions.can_raise(request.user):
        raise PermissionDenied
    initial = {"source": request.GET.get("source", ""), "source_id": request.GET.get("id", "")}
    form = EscalationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            source = None
            if data["source"]:
                source = services.resolve_source(
                    label=data["source"], pk=data["source_id"], user=request.user
                )
            escalation = services.raise_escalation(
                by=request.user,
                subject=data["subject"],
                summary=data["summary"],
                urgency=data["urgency"],
                source=source,
            )
        except ValidationError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("Your escalation has been sent to municipal leadership."))
            return redirect(escalation)
    return render(request, "escalations/raise.html", {"form": form})


@member_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    escalation = selectors.get_escalation_for(request.user, pk)
    return render(
        request,
        "escalations/detail.html",
        {
            "escalation": escalation,
            "events": selectors.timeline(escalation),
            "source": selectors.linked_source(escalation, request.user),
            "actions": permissions.escalation_actions(request.user, escalation),
            "live": permissions.can_watch_dashboard(request.user),
            "answer_form": AnswerForm(),
            "close_form": CloseForm(),
        },
    )


def _handle(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    escalation = selectors.get_escalation_for(request.user, pk)
    # Before the form: someone who may not handle it gets a 403 whatever they sent, not a form error.
    if not permissions.can_handle(request.user):
        raise PermissionDenied
    try:
        if action == "acknowledge":
            services.acknowledge(by=request.user, escalation=escalation)
            messages.success(request, _("Acknowledged."))
        elif action == "answer":
            form = AnswerForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Write an answer."))
            services.answer(by=request.user, escalation=escalation, text=form.cleaned_data["answer"])
            messages.success(request, _("Your answer has been sent to the organisation."))
        else:
            form = CloseForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Record the decision."))
            services.close(
                by=request.user,
                escalation=escalation,
                decision=form.cleaned_data["decision"],
            )
            messages.success(request, _("The escalation is closed."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect(escalation)


@member_required
@require_POST
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    return _handle(request, pk, "acknowledge")


@member_required
@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    return _handle(request, pk, "answer")


@member_required
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    return _handle(request, pk, "close")
