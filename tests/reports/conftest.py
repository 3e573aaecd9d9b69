import pytest
from django.utils import translation

from partners.models import Organisation
from reports.hooks import wired
from tests.partners.factories import AreaFactory, OrganisationFactory, make_member
from tests.reports import hooks


@pytest.fixture(autouse=True)
def _reports_settings(settings, tmp_path):
    """Photos go to a temporary media root; the cross-app hooks are stand-ins recorded in tests.reports.hooks.
    Messages are asserted in English (the msgids); the browser test sees the Swedish interface."""
    settings.LANGUAGE_CODE = "en"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.REPORTS_FALLBACK_ORGANISATION_NAME = ""
    settings.HUB_WRITE_RATE_LIMITS = []
    hooks.ESCALATIONS.clear()
    with (
        translation.override("en"),
        wired(
            response_target_hours=hooks.no_response_target,
            escalate_to_leadership=hooks.escalate_on_behalf_of_system,
        ),
    ):
        yield


@pytest.fixture
def area(db):
    return AreaFactory(name="Handen")


@pytest.fixture
def other_area(db):
    return AreaFactory(name="Jordbro")


@pytest.fixture
def reporter_organisation(db):
    return OrganisationFactory(name="Nattvandrarna i Haninge", kind=Organisation.Kind.ASSOCIATION)


@pytest.fixture
def reporter(reporter_organisation):
    return make_member(reporter_organisation, email="reporter@example.test", full_name="Rut Rapportör")


@pytest.fixture
def reporter_colleague(reporter_organisation):
    return make_member(reporter_organisation, email="colleague@example.test", full_name="Kim Kollega")


@pytest.fixture
def police(db):
    return make_member(
        OrganisationFactory(name="Polisen", kind=Organisation.Kind.POLICE),
        email="police@example.test",
        full_name="Per Polis",
    )


@pytest.fixture
def media_files(settings):
    def files():
        root = settings.MEDIA_ROOT / "reports"
        return sorted(root.iterdir()) if root.exists() else []

    return files
