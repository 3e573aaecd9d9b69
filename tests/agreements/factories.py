"""Factories for agreements, versions, commitments and the follow-up machinery."""

from datetime import date

import factory

from agreements.models import (
    Agreement,
    AgreementVersion,
    Commitment,
    FollowUpPeriod,
    Measure,
    MeasureArea,
    Programme,
    Signature,
)
from partners.categories import IncidentCategory


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    kind = Agreement.Kind.HANDSLAG
    title = factory.Sequence(lambda n: f"Handslag {n}")


class VersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgreementVersion

    agreement = factory.SubFactory(AgreementFactory)
    number = 1
    body_raw = "Vi lovar att **snabbt** åtgärda skadegörelse."
    valid_from = date(2019, 1, 1)
    valid_until = date(2026, 12, 31)


def make_version(
    status=AgreementVersion.Status.DRAFT, commitments=((IncidentCategory.VANDALISM, 48),), **fields
):
    """A version with commitments, created as a draft and then moved to the wanted status."""
    version = VersionFactory(**fields)
    for category, hours in commitments:
        Commitment.objects.create(
            version=version,
            category=category,
            promise=f"Vi åtgärdar {category}.",
            response_target_hours=hours,
        )
    if status != AgreementVersion.Status.DRAFT:
        version.status = status
        version.save(update_fields=["status"])
    return version


def sign(version, organisation, user):
    return Signature.objects.create(
        version=version, organisation=organisation, signed_by=user, text_sha256=version.text_sha256()
    )


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    kind = Programme.Kind.COMMISSION
    title = factory.Sequence(lambda n: f"Programme {n}")


class AreaGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeasureArea

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Area group {n}")


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    programme = factory.SubFactory(ProgrammeFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Measure {n}")
    budget_sek = 1_000_000


class PeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUpPeriod

    programme = factory.SubFactory(ProgrammeFactory)
    year = 2026
    term = FollowUpPeriod.Term.T1
