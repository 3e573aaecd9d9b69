"""Factories for reports, and real images (with GPS EXIF) made with Pillow."""

from datetime import timedelta
from io import BytesIO

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from partners.categories import IncidentCategory
from reports.models import Report, ReportEvent, RoutingRule
from tests.partners.factories import AreaFactory, OrganisationFactory, make_member


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    reporter = factory.LazyFunction(lambda: make_member(OrganisationFactory()))
    organisation = factory.LazyAttribute(lambda report: report.reporter.membership.organisation)
    area = factory.SubFactory(AreaFactory, name="Handen")
    category = IncidentCategory.VANDALISM
    place_text = "Poststigen 4"
    occurred_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=2))
    severity = Report.Severity.MEDIUM
    visibility = Report.Visibility.NETWORK
    description = "Krossad ruta i porten."
    responsible_organisation = factory.SubFactory(OrganisationFactory)
    due_at = factory.LazyFunction(lambda: timezone.now() + timedelta(hours=48))


class ReportEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportEvent

    report = factory.SubFactory(ReportFactory)
    kind = ReportEvent.Kind.COMMENT


class RoutingRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoutingRule

    category = IncidentCategory.VANDALISM
    area = None
    organisation = factory.SubFactory(OrganisationFactory)


GPS_IFD = 0x8825
ORIENTATION = 0x0112


def jpeg_with_gps(size=(40, 20), orientation=None) -> bytes:
    """A real JPEG whose EXIF carries a camera model and GPS coordinates (Haninge)."""
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "TestCam"  # Make
    exif[0x0110] = "Model X"  # Model
    if orientation:
        exif[ORIENTATION] = orientation
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N"
    gps[2] = (59.0, 10.0, 12.5)
    gps[3] = "E"
    gps[4] = (18.0, 8.0, 22.0)
    buffer = BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def image_bytes(image_format="PNG", size=(20, 20), mode="RGB") -> bytes:
    buffer = BytesIO()
    Image.new(mode, size, (10, 120, 40) if mode == "RGB" else (10, 120, 40, 128)).save(buffer, image_format)
    return buffer.getvalue()


def upload(name="photo.jpg", content=None, content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, content if content is not None else jpeg_with_gps(), content_type=content_type
    )
