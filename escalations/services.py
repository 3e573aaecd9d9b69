"""Every change to an escalation: raise, acknowledge, answer, close. Checked, audited, notified live."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from escalations import permissions
from escalations.models import Escalation, EscalationEvent, Status, Urgency
from partners import audit
from partners.markup import render_markdown
from partners.models import Organisation, Role, User
from partners.types import Viewer
from realtime.messages import Message
from realtime.services import notify, push

LEADERSHIP_GROUP = "leadership"


def _leadership() -> Any:
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__name=Role.LEADERSHIP) | Q(groups__name=Role.COORDINATOR))
        .distinct()
        .only("id", "is_active")
    )


def _organisation_members(organisation: Organisation) -> Any:
    return (
        get_user_model()
        .objects.people()
        .filter(membership__organisation=organisation)
        .only("id", "is_active")
    )


def _broadcast(escalation: Escalation, change: str) -> None:
    """Tell open leadership dashboards; ids and kinds only, each socket re-checks and renders."""
    message = {"type": "escalation.changed", "id": escalation.pk, "change": change}
    transaction.on_commit(lambda: push([(LEADERSHIP_GROUP, message)]))


def source_is_visible(source: Any, user: Viewer) -> bool:
    manager = type(source)._default_manager
    if not hasattr(manager, "visible_to"):
        return False
    return manager.visible_to(user).filter(pk=source.pk).exists()


def resolve_source(*, label: str, pk: Any, user: Viewer) -> Any:
    """The allowed model instance named by "app_label.model" and pk, if the user may see it."""
    if label not in settings.ESCALATION_SOURCE_MODELS:
        raise ValidationError({"source": _("This kind of link cannot be attached.")})
    app_label, _dot, model = label.partition(".")
    try:
        content_type = ContentType.objects.get_by_natural_key(app_label, model)
        model_class = content_type.model_class()
        pk = int(pk)
    except (ContentType.DoesNotExist, TypeError, ValueError):
        raise ValidationError({"source": _("The linked item does not exist or is not visible to you.")})
    source = model_class._default_manager.filter(pk=pk).first() if model_class else None
    if source is None or not source_is_visible(source, user):
        raise ValidationError({"source": _("The linked item does not exist or is not visible to you.")})
    return source


def _check_rate_limit(organisation: Organisation) -> None:
    limit = settings.ESCALATION_RATE_LIMIT_PER_HOUR
    recent = Escalation.objects.filter(
        organisation=organisation,
        raised_by__isnull=False,
        created_at__gte=timezone.now() - timedelta(hours=1),
    ).count()
    if recent >= limit:
        raise ValidationError(
            _(
                "Your organisation has raised %(limit)d escalations in the past hour, the most allowed. "
                "Add to an open escalation instead, or call leadership directly if it cannot wait."
            )
            % {"limit": limit}
        )


def _create(
    *,
    organisation: Organisation,
    raised_by: Any,
    subject: str,
    summary: str,
    urgency: str,
    source: Any,
) -> Escalation:
    subject = (subject or "").strip()
    summary = (summary or "").strip()
    errors = {}
    if not subject:
        errors["subject"] = _("Enter a subject.")
    if not summary:
        errors["summary"] = _("Describe the matter.")
    if urgency not in Urgency.values:
        errors["urgency"] = _("Choose an urgency.")
    if errors:
        raise ValidationError(errors)
    escalation = Escalation(
        organisation=organisation,
        raised_by=raised_by,
        subject=subject,
        summary=summary,
        summary_html=render_markdown(summary),
        urgency=urgency,
    )
    if source is not None:
        escalation.source_type = ContentType.objects.get_for_model(source)
        escalation.source_id = source.pk
    escalation.full_clean(exclude=["due_at"])
    escalation.save()
    EscalationEvent.objects.create(
        escalation=escalation,
        kind=EscalationEvent.Kind.RAISED,
        actor=raised_by,
        created_at=escalation.created_at,
    )
    notify(
        _leadership(),
        "escalation.raised",
        Message(
            gettext_noop("%(urgency)s escalation from %(organisation)s: %(subject)s"),
            urgency=Urgency(escalation.urgency).label,
            organisation=organisation.name,
            subject=subject,
        ),
        escalation.get_absolute_url(),
        actor=raised_by,
    )
    _broadcast(escalation, "raised")
    return escalation


def raise_escalation(
    *,
    by: User,
    subject: str,
    summary: str,
    urgency: str,
    source: Any = None,
) -> Escalation:
    """A member escalates on behalf of their own organisation."""
    if not permissions.can_raise(by):
        raise PermissionDenied
    organisation = by.membership.organisation
    if source is not None and not source_is_visible(source, by):
        raise ValidationError({"source": _("The linked item does not exist or is not visible to you.")})
    with transaction.atomic():
        # Lock the organisation row so two concurrent requests cannot both pass the rate limit.
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        _check_rate_limit(organisation)
        escalation = _create(
            organisation=organisation,
            raised_by=by,
            subject=subject,
            summary=summary,
            urgency=urgency,
            source=source,
        )
        audit.record(actor=by, action="escalation.raise", target=escalation, data={"urgency": urgency})
    return escalation


def escalate_on_behalf_of_system(
    *, organisation: Organisation, subject: str, summary: str, urgency: str, source: Any = None
) -> Escalation:
    """The hub itself escalates (wired into reports.hooks by hub.apps), e.g. an overdue report."""
    with transaction.atomic():
        escalation = _create(
            organisation=organisation,
            raised_by=None,
            subject=subject,
            summary=summary,
            urgency=urgency,
            source=source,
        )
        audit.record(
            actor=None,
            actor_label="system",
            action="escalation.raise",
            target=escalation,
            data={"urgency": urgency, "system": True},
        )
    return escalation


def _locked(escalation: Escalation) -> Escalation:
    return Escalation.objects.select_for_update().select_related("organisation").get(pk=escalation.pk)


def acknowledge(*, by: User, escalation: Escalation) -> Escalation:
    if not permissions.can_handle(by):
        raise PermissionDenied
    with transaction.atomic():
        escalation = _locked(escalation)
        if escalation.status != Status.OPEN:
            raise ValidationError(_("This escalation has already been acknowledged."))
        _acknowledge(escalation, by)
        escalation.save()
        _tell(
            escalation,
            by=by,
            change="acknowledged",
            action="escalation.acknowledge",
            text=Message(
                gettext_noop("Leadership has acknowledged your escalation: %(subject)s"),
                subject=escalation.subject,
            ),
        )
    return escalation


def _locked_for_reply(escalation: Escalation, by: User, closed_message: str) -> Escalation:
    """Lock it for an answer or a decision: refused once closed; if still open, acknowledged now."""
    escalation = _locked(escalation)
    if escalation.status == Status.CLOSED:
        raise ValidationError(closed_message)
    if escalation.status == Status.OPEN:
        _acknowledge(escalation, by)
    return escalation


def _tell(escalation: Escalation, *, by: User, change: str, action: str, text: Message) -> None:
    """Audit a leadership step, tell the raising organisation, and update open leadership dashboards."""
    audit.record(actor=by, action=action, target=escalation)
    notify(
        _organisation_members(escalation.organisation),
        f"escalation.{change}",
        text,
        escalation.get_absolute_url(),
        actor=by,
    )
    _broadcast(escalation, change)


def _acknowledge(escalation: Escalation, by: User) -> None:
    now = timezone.now()
    escalation.status = Status.ACKNOWLEDGED
    escalation.acknowledged_at = now
    escalation.acknowledged_by = by
    EscalationEvent.objects.create(
        escalation=escalation, kind=EscalationEvent.Kind.ACKNOWLEDGED, actor=by, created_at=now
    )


def answer(*, by: User, escalation: Escalation, text: str) -> Escalation:
    """Leadership answers; the raising organisation's members are notified at once."""
    if not permissions.can_handle(by):
        raise PermissionDenied
    text = (text or "").strip()
    if not text:
        raise ValidationError({"answer": _("Write an answer.")})
    with transaction.atomic():
        escalation = _locked_for_reply(
            escalation, by, _("This escalation is closed and can no longer be answered.")
        )
        now = timezone.now()
        escalation.status = Status.ANSWERED
        escalation.answer = text
        escalation.answer_html = render_markdown(text)
        escalation.answered_at = now
        escalation.answered_by = by
        escalation.save()
        EscalationEvent.objects.create(
            escalation=escalation, kind=EscalationEvent.Kind.ANSWERED, actor=by, created_at=now
        )
        _tell(
            escalation,
            by=by,
            change="answered",
            action="escalation.answer",
            text=Message(
                gettext_noop("Leadership has answered your escalation: %(subject)s"),
                subject=escalation.subject,
            ),
        )
    return escalation


def close(*, by: User, escalation: Escalation, decision: str) -> Escalation:
    if not permissions.can_handle(by):
        raise PermissionDenied
    decision = (decision or "").strip()
    if not decision:
        raise ValidationError({"decision": _("Record the decision.")})
    with transaction.atomic():
        escalation = _locked_for_reply(escalation, by, _("This escalation is already closed."))
        now = timezone.now()
        escalation.status = Status.CLOSED
        escalation.decision = decision
        escalation.decision_html = render_markdown(decision)
        escalation.closed_at = now
        escalation.closed_by = by
        escalation.save()
        EscalationEvent.objects.create(
            escalation=escalation, kind=EscalationEvent.Kind.CLOSED, actor=by, created_at=now
        )
        _tell(
            escalation,
            by=by,
            change="closed",
            action="escalation.close",
            text=Message(
                gettext_noop("Leadership has closed your escalation with a decision: %(subject)s"),
                subject=escalation.subject,
            ),
        )
    return escalation
