import pytest

from situation.dashboard import round_panel, signals_panel
from situation.models import HotspotSignal
from situation.weeks import IsoWeek
from tests.partners.factories import AreaFactory

pytestmark = pytest.mark.django_db


def _request(rf, user):
    request = rf.get("/")
    request.user = user
    return request


def test_the_round_panel_holds_until_the_week_ends(rf, member):
    assert round_panel(_request(rf, member))["changes_at"] == IsoWeek.current().end


def test_the_signals_panel_changes_with_its_data_only(rf, member):
    HotspotSignal.objects.create(
        area=AreaFactory(name="Jordbro"),
        category="graffiti",
        year=2026,
        week=10,
        count=5,
        mean=1.0,
        stdev=0.5,
    )
    assert signals_panel(_request(rf, member))["changes_at"] is None
