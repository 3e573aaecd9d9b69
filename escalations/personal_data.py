"""What escalations hold about a person, registered with partners.privacy; an escalation raised from
a report loses its copy of the report's text when the report is anonymised."""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext as _

from escalations.models import Escalation, EscalationEvent
from partners import privacy
from partners.markup import render_markdown

FIELDS = ["organisation", "subject", "summary", "urgency", "status", "created_at", "answer", "decision"]


def _forget_escalations(obj: models.Model) -> Iterable[models.Model]:
    raised = list(
        Escalation.objects.filter(source_type=ContentType.objects.get_for_model(obj), source_id=obj.pk)
    )
    for escalation in raised:
        escalation.subject = _("Escalation #%(id)s (source anonymised)") % {"id": escalation.pk}
        escalation.summary = privacy.ANONYMISED_TEXT
        escalation.summary_html = render_markdown(privacy.ANONYMISED_TEXT)
        Escalation.objects.filter(pk=escalation.pk).update(
            subject=escalation.subject, summary=escalation.summary, summary_html=escalation.summary_html
        )
    return raised


def register() -> None:
    privacy.register(Escalation, "raised_by", section="raised", fields=FIELDS)
    privacy.register(
        Escalation, "acknowledged_by", section="acknowledged", fields=["subject", "acknowledged_at"]
    )
    privacy.register(
        Escalation, "answered_by", section="answered", fields=["subject", "answer", "answered_at"]
    )
    privacy.register(Escalation, "closed_by", section="closed", fields=["subject", "decision", "closed_at"])
    privacy.register(
        EscalationEvent, "actor", section="events", fields=["escalation_id", "kind", "created_at"]
    )
    privacy.forgets(Escalation, _forget_escalations)
