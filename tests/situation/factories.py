"""Factories for the situation picture; reports are made directly, dated as the test needs."""

from datetime import timedelta

import factory
from django.utils import timezone

from partners.categories import IncidentCategory
from reports.models import Report
from situation.models import Walk
from tests.partners.factories import AreaFactory, OrganisationFactory, make_member


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    reporter = factory.LazyFunction(lambda: make_member(OrganisationFactory()))
    organisation = factory.LazyAttribute(lambda report: report.reporter.membership.organisation)
    area = factory.SubFactory(AreaFactory)
    category = IncidentCategory.GRAFFITI
    place_text = "Torget"
    occurred_at = factory.LazyFunction(timezone.now)
    description = "Klotter"
    created_at = factory.LazyAttribute(lambda report: report.occurred_at)


class WalkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Walk

    kind = Walk.Kind.SAFETY
    organiser = factory.LazyFunction(lambda: make_member(OrganisationFactory()))
    organisation = factory.LazyAttribute(lambda walk: walk.organiser.membership.organisation)
    area = factory.SubFactory(AreaFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=3))
    route = "Stationen – gångvägen – parken"
    meeting_point = "Stationen"
