from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from agreements.dashboard import agreement_panel

pytestmark = pytest.mark.django_db


def test_the_agreement_panel_holds_until_midnight_when_the_version_in_force_may_change(rf, member):
    request = rf.get("/")
    request.user = member
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert agreement_panel(request)["changes_at"] == timezone.make_aware(datetime.combine(tomorrow, time.min))
