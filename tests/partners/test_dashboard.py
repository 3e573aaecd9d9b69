import pytest

from partners.dashboard import my_organisation_panel

pytestmark = pytest.mark.django_db


def test_the_organisation_panel_changes_with_its_data_only(rf, member):
    request = rf.get("/")
    request.user = member
    assert my_organisation_panel(request)["changes_at"] is None
