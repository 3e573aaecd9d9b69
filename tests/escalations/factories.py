import factory
from django.utils import timezone

from escalations.models import Escalation, Urgency
from tests.partners.factories import OrganisationFactory


class EscalationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Escalation

    organisation = factory.SubFactory(OrganisationFactory)
    subject = factory.Sequence(lambda n: f"Escalation {n}")
    summary = "Something needs leadership."
    summary_html = "<p>Something needs leadership.</p>"
    urgency = Urgency.NORMAL
    created_at = factory.LazyFunction(timezone.now)
