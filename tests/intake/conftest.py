import pytest
from django.core.cache import cache
from django.utils import translation

from tests.intake.factories import HANDEN_SQUARE, area_with_boundary
from tests.partners.factories import OrganisationFactory
from tests.reports.factories import RoutingRuleFactory


@pytest.fixture(autouse=True)
def _intake_settings(settings, tmp_path):
    """Photos in a temporary media root, no POST rate limit (the service's own limits are tested),
    messages asserted in English."""
    settings.LANGUAGE_CODE = "en"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.REPORTS_FALLBACK_ORGANISATION_NAME = ""
    settings.HUB_WRITE_RATE_LIMITS = []
    settings.HUB_SITE_URL = "https://samverkan.example"
    # The public figures are cached for a minute; each test starts without them.
    cache.clear()
    with translation.override("en"):
        yield


@pytest.fixture
def handen(db):
    return area_with_boundary("Handen", HANDEN_SQUARE)


@pytest.fixture
def housing(db):
    return OrganisationFactory(name="Haninge Bostäder")


@pytest.fixture
def vandalism_rule(handen, housing):
    return RoutingRuleFactory(category="vandalism", area=handen, organisation=housing)
