from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from agreements import services
from agreements.models import AgreementVersion, ReminderSent
from realtime.models import Notification
from tests.agreements.factories import make_version, sign
from tests.partners.factories import OrganisationFactory, make_member

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]


@pytest.fixture
def renewal(coordinator, django_capture_on_commit_callbacks):
    """v1 in force signed by two organisations; v2 open, signed by the first only."""
    current = make_version(status=AgreementVersion.Status.IN_FORCE)
    signed_org, late_org = OrganisationFactory(name="Signed AB"), OrganisationFactory(name="Late AB")
    signed_person = make_member(signed_org, signatory=True)
    late_person = make_member(late_org, signatory=True)
    late_member = make_member(late_org)
    sign(current, signed_org, signed_person)
    sign(current, late_org, late_person)
    draft = services.draft_next_version(agreement=current.agreement, by=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        services.open_for_signing(version=draft, by=coordinator)
    sign(draft, signed_org, signed_person)
    mail.outbox.clear()
    Notification.objects.all().delete()
    return current, draft, late_person, late_member, signed_person


def _run(command, day, capture):
    with capture(execute=True):
        call_command(command, f"--today={day.isoformat()}", stdout=StringIO())


def test_reminders_go_once_per_threshold_to_unsigned_organisations_across_repeated_runs(
    renewal, django_capture_on_commit_callbacks
):
    current, draft, late_person, late_member, signed_person = renewal
    end = current.valid_until
    _run("agreement_reminders", end - timedelta(days=31), django_capture_on_commit_callbacks)
    assert not mail.outbox
    for _ in range(3):
        _run("agreement_reminders", end - timedelta(days=30), django_capture_on_commit_callbacks)
    assert [message.to for message in mail.outbox] == [[late_person.email]]
    for day in (29, 20, 15):
        _run("agreement_reminders", end - timedelta(days=day), django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    for _ in range(2):
        _run("agreement_reminders", end - timedelta(days=14), django_capture_on_commit_callbacks)
        _run("agreement_reminders", end - timedelta(days=3), django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 3
    assert sorted(ReminderSent.objects.values_list("days_left", flat=True)) == [3, 14, 30]
    reminded = set(Notification.objects.filter(kind="agreement_reminder").values_list("recipient", flat=True))
    assert reminded == {late_person.pk}
    assert late_member.pk not in reminded and signed_person.pk not in reminded


def test_late_first_run_sends_only_the_tightest_threshold(renewal, django_capture_on_commit_callbacks):
    current, _draft, _late, _member, _signed = renewal
    _run("agreement_reminders", current.valid_until - timedelta(days=10), django_capture_on_commit_callbacks)
    assert list(ReminderSent.objects.values_list("days_left", flat=True)) == [14]
    assert len(mail.outbox) == 1


def test_no_reminder_after_organisation_signs(renewal, django_capture_on_commit_callbacks):
    current, draft, late_person, _member, _signed = renewal
    sign(draft, late_person.membership.organisation, late_person)
    _run("agreement_reminders", current.valid_until - timedelta(days=3), django_capture_on_commit_callbacks)
    assert not mail.outbox


def test_activate_command_brings_renewal_into_force(renewal, django_capture_on_commit_callbacks):
    current, draft, *_ = renewal
    _run("agreement_activate", draft.valid_from, django_capture_on_commit_callbacks)
    current.refresh_from_db()
    draft.refresh_from_db()
    assert (current.status, draft.status) == ("superseded", "in_force")


def test_seed_demo_has_a_current_citizen_promise_with_budget_and_follow_up(settings):
    from agreements import selectors
    from agreements.models import FollowUpPeriod, Programme

    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    promise = Programme.objects.get(kind=Programme.Kind.CITIZEN_PROMISE, title="Medborgarlöfte 2026–2027")
    assert (promise.valid_from.year, promise.valid_until.year) == (2026, 2027)
    assert selectors.budget_of(promise) > 0 and promise.areas.count() == 2
    august = promise.periods.get(year=2026, term=FollowUpPeriod.Term.T2)
    report = selectors.period_report(august)
    assert august.is_published and report.has_budget and report.spent > 0
    assert [row.measure.number for row in report.carried] == [5]
    commission = Programme.objects.get(kind=Programme.Kind.COMMISSION)
    annual = selectors.period_report(commission.periods.get(year=2026, term=FollowUpPeriod.Term.ANNUAL))
    assert [(row.measure.number, row.over_budget_sek) for row in annual.over_budget] == [(4, 50_000)]
    assert annual.spent >= selectors.period_report(commission.periods.get(year=2026, term="t1")).spent
