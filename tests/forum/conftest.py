"""Forum fixtures: an open category chaired by `chair`, and the people around it."""

import pytest

from forum import services
from partners.models import Organisation
from tests.forum.factories import CategoryFactory
from tests.partners.factories import OrganisationFactory, make_member


@pytest.fixture
def category(chair):
    return CategoryFactory(name="Skadegörelse och klotter", slug="klotter", chairs=[chair])


@pytest.fixture
def other_category(db):
    """A category `chair` does not chair."""
    return CategoryFactory(name="Föräldrastöd", slug="foraldrastod")


@pytest.fixture
def police(db):
    return OrganisationFactory(name="Polisen", kind=Organisation.Kind.POLICE)


@pytest.fixture
def police_member(police):
    return make_member(police, email="polis@example.test", full_name="Per Polis")


@pytest.fixture
def restricted_category(chair):
    """Police and municipality only."""
    return CategoryFactory(
        name="Narkotikaprevention",
        slug="narkotika",
        visibility="kinds",
        kinds=[Organisation.Kind.POLICE, Organisation.Kind.MUNICIPALITY],
        chairs=[chair],
    )


@pytest.fixture
def thread(category, member):
    return services.create_thread(
        category=category, by=member, title="Klotter i Jordbro", body="Nytt klotter vid stationen."
    )


@pytest.fixture
def post(thread):
    return thread.posts.get()
