from io import StringIO

import pytest
from django.core.management import call_command

from reports.models import Report
from situation.models import FindingResponse, HotspotSignal, Walk, WalkFinding, WeeklyCheckIn
from situation.selectors import reporting_round
from situation.weeks import IsoWeek

pytestmark = pytest.mark.django_db


def test_demo_raises_the_jordbro_graffiti_signal_and_seeds_walks_idempotently(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    counts = (
        Report.objects.count(),
        Walk.objects.count(),
        WalkFinding.objects.count(),
        WeeklyCheckIn.objects.count(),
    )
    call_command("seed_demo", stdout=StringIO())
    assert counts == (
        Report.objects.count(),
        Walk.objects.count(),
        WalkFinding.objects.count(),
        WeeklyCheckIn.objects.count(),
    )
    signal = HotspotSignal.objects.get()
    assert (signal.area.name, signal.category) == ("Jordbro", "graffiti")
    safety = Walk.objects.get(kind=Walk.Kind.SAFETY)
    assert safety.status == Walk.Status.DONE and safety.area.name == "Handen"
    assert safety.findings.filter(report__category="lighting").exists()
    assert FindingResponse.objects.filter(finding__walk=safety).count() == 3
    assert (
        Walk.objects.filter(kind=Walk.Kind.NIGHT, organisation__name="Nattvandrarna i Haninge").count() == 2
    )
    assert Walk.objects.filter(kind=Walk.Kind.PARENT, status=Walk.Status.SCHEDULED).exists()
    statuses = {entry.organisation.name: entry.status for entry in reporting_round(IsoWeek.current())}
    assert statuses["Haninge kommun, socialförvaltningen"] == "missing"
    assert statuses["Vattenfall Eldistribution AB"] == "nothing_to_report"
