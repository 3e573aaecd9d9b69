from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from partners.categories import IncidentCategory
from partners.models import AuditEvent, Membership
from realtime.models import Notification
from reports.models import Report, ReportEvent, RoutingRule
from situation import selectors, services
from situation.models import (
    AreaFollow,
    FindingResponse,
    HotspotSignal,
    ReminderSent,
    ReportingDuty,
    Walk,
    WalkFinding,
    WalkSignup,
    WeeklyCheckIn,
)
from situation.weeks import IsoWeek
from tests.partners.factories import AreaFactory, OrganisationFactory, make_member
from tests.situation.factories import ReportFactory, WalkFactory

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]


@pytest.fixture
def reporter(organisation, member):
    ReportingDuty.objects.create(organisation=organisation, user=member)
    return member


# --- reporters ----------------------------------------------------------------------------------


def test_org_admin_names_a_reporter_who_is_told(org_admin, member, organisation):
    services.name_reporter(by=org_admin, organisation=organisation, user=member)
    assert ReportingDuty.objects.filter(organisation=organisation, user=member).exists()
    assert Notification.objects.filter(recipient=member, kind="situation.reporter").exists()


def test_reporter_must_belong_to_the_organisation(org_admin, organisation, outsider):
    with pytest.raises(ValidationError):
        services.name_reporter(by=org_admin, organisation=organisation, user=outsider)
    assert not ReportingDuty.objects.exists()


def test_admin_of_another_organisation_cannot_name_reporters(outsider_admin, organisation, member):
    with pytest.raises(PermissionDenied):
        services.name_reporter(by=outsider_admin, organisation=organisation, user=member)


def test_naming_the_same_reporter_twice_is_refused(coordinator, organisation, reporter):
    with pytest.raises(ValidationError, match="already a reporter"):
        services.name_reporter(by=coordinator, organisation=organisation, user=reporter)


# --- check-ins ----------------------------------------------------------------------------------


def test_reporter_answers_nothing_to_report_for_this_week(reporter, organisation):
    week = IsoWeek.current()
    answer = services.check_in(by=reporter, organisation=organisation, week=week)
    assert (answer.year, answer.week, answer.kind) == (week.year, week.week, "nothing_to_report")
    assert selectors.round_entry_for(organisation, week).status == "nothing_to_report"


def test_org_admin_may_answer_without_being_named(org_admin, organisation):
    services.check_in(by=org_admin, organisation=organisation, week=IsoWeek.current())
    assert WeeklyCheckIn.objects.count() == 1


def test_member_who_is_not_a_reporter_cannot_answer(member, organisation):
    with pytest.raises(PermissionDenied):
        services.check_in(by=member, organisation=organisation, week=IsoWeek.current())


def test_answer_for_a_future_week_is_refused(reporter, organisation):
    with pytest.raises(ValidationError, match="has not started yet"):
        services.check_in(by=reporter, organisation=organisation, week=IsoWeek.current().shifted(1))
    assert not WeeklyCheckIn.objects.exists()


def test_second_nothing_to_report_for_the_same_week_is_refused(reporter, organisation):
    week = IsoWeek.current()
    services.check_in(by=reporter, organisation=organisation, week=week)
    with pytest.raises(ValidationError, match="already answered for week"):
        services.check_in(by=reporter, organisation=organisation, week=week)
    assert WeeklyCheckIn.objects.count() == 1


def test_nothing_to_report_is_refused_when_reports_were_filed_that_week(reporter, organisation):
    ReportFactory(reporter=reporter, organisation=organisation, occurred_at=timezone.now())
    with pytest.raises(ValidationError, match="already filed reports"):
        services.check_in(by=reporter, organisation=organisation, week=IsoWeek.current())


# --- reminders ----------------------------------------------------------------------------------


def test_reminders_go_to_reporters_of_silent_organisations_once(
    reporter, organisation, other_organisation, django_capture_on_commit_callbacks
):
    week = IsoWeek.current()
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.send_reminders(week=week)
    assert [reminder.organisation for reminder in sent] == [organisation]  # the other has nobody to remind
    assert Notification.objects.filter(recipient=reporter, kind="situation.reminder").count() == 1
    assert [message.to for message in mail.outbox] == [[reporter.email]]
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_reminders(week=week) == []
    assert Notification.objects.filter(recipient=reporter, kind="situation.reminder").count() == 1
    assert len(mail.outbox) == 1
    assert ReminderSent.objects.get().recipients == 1


def test_organisation_that_answered_is_not_reminded(reporter, organisation):
    services.check_in(by=reporter, organisation=organisation, week=IsoWeek.current())
    assert services.send_reminders() == []
    assert not mail.outbox


def test_organisation_without_reporters_reminds_its_admins(org_admin, member, organisation):
    services.send_reminders()
    assert Notification.objects.filter(kind="situation.reminder").get().recipient == org_admin


def test_coordinator_reminds_silent_organisations_now_even_after_the_scheduled_reminder(
    coordinator, reporter, organisation, django_capture_on_commit_callbacks
):
    week = IsoWeek.current()
    services.send_reminders(week=week)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.remind_unreported_now(by=coordinator, week=week) == 1
    assert Notification.objects.filter(recipient=reporter, kind="situation.reminder").count() == 2
    assert mail.outbox[-1].to == [reporter.email]
    assert AuditEvent.objects.filter(action="situation.remind_now", actor=coordinator).exists()


def test_reminding_now_again_within_the_hour_is_refused(coordinator, reporter, organisation):
    week = IsoWeek.current()
    services.remind_unreported_now(by=coordinator, week=week)
    with pytest.raises(ValidationError):
        services.remind_unreported_now(by=coordinator, week=week)
    assert Notification.objects.filter(recipient=reporter, kind="situation.reminder").count() == 1


def test_a_reminder_sent_now_stands_in_for_the_scheduled_one(coordinator, reporter, organisation):
    week = IsoWeek.current()
    services.remind_unreported_now(by=coordinator, week=week)
    assert services.send_reminders(week=week) == []


def test_only_coordinators_remind_now(org_admin, organisation):
    with pytest.raises(PermissionDenied):
        services.remind_unreported_now(by=org_admin, week=IsoWeek.current())


# --- hotspot signals ----------------------------------------------------------------------------


def _spike(area, week):
    for index, count in enumerate([1, 0, 1, 0, 1, 1, 0, 1, 4]):
        start = week.shifted(index - 8).start
        for number in range(count):
            ReportFactory(
                area=area, category=IncidentCategory.GRAFFITI, occurred_at=start + timedelta(hours=9 + number)
            )


def test_compiling_raises_a_signal_and_tells_coordinators_and_followers_once(coordinator, member):
    area = AreaFactory(name="Jordbro")
    AreaFollow.objects.create(user=member, area=area)
    week = IsoWeek(2026, 40)
    _spike(area, week)
    raised = services.compile_week(week=week)
    assert [(signal.area, signal.category, signal.count) for signal in raised] == [(area, "graffiti", 4)]
    assert raised[0].mean == 0.625
    told = set(Notification.objects.filter(kind="situation.hotspot").values_list("recipient_id", flat=True))
    assert told == {coordinator.pk, member.pk}
    assert services.compile_week(week=week) == []
    assert Notification.objects.filter(kind="situation.hotspot").count() == 2
    assert HotspotSignal.objects.count() == 1


def test_compiling_a_quiet_week_raises_nothing(coordinator):
    area = AreaFactory()
    week = IsoWeek(2026, 40)
    ReportFactory(area=area, occurred_at=week.start + timedelta(hours=3))
    ReportFactory(area=area, occurred_at=week.start + timedelta(hours=4))
    assert services.compile_week(week=week) == []


# --- walks --------------------------------------------------------------------------------------


def _schedule(by, **overrides):
    fields = {
        "kind": Walk.Kind.NIGHT,
        "area": AreaFactory(name="Handen"),
        "starts_at": timezone.now() + timedelta(days=2),
        "route": "Centrum – parken",
        "meeting_point": "Biblioteket",
    }
    fields.update(overrides)
    return services.schedule_walk(by=by, **fields)


def test_member_schedules_a_walk_and_is_its_first_participant(member):
    walk = _schedule(member)
    assert walk.organisation == member.membership.organisation
    assert list(WalkSignup.objects.filter(walk=walk).values_list("user", flat=True)) == [member.pk]


def test_walk_in_the_past_is_refused(member):
    with pytest.raises(ValidationError) as error:
        _schedule(member, starts_at=timezone.now() - timedelta(hours=1))
    assert "starts_at" in error.value.error_dict
    assert not Walk.objects.exists()


def test_feedback_meeting_before_a_safety_walk_is_refused(member):
    starts = timezone.now() + timedelta(days=5)
    with pytest.raises(ValidationError):
        _schedule(
            member, kind=Walk.Kind.SAFETY, starts_at=starts, feedback_meeting_at=starts - timedelta(days=1)
        )
    assert not Walk.objects.exists()


def test_follow_up_walk_points_at_the_earlier_walk_and_tells_its_participants(member, outsider):
    earlier = WalkFactory(
        organiser=member, starts_at=timezone.now() - timedelta(days=5), status=Walk.Status.DONE
    )
    WalkSignup.objects.create(walk=earlier, user=outsider)
    follow_up = _schedule(member, follow_up_of=earlier, kind=Walk.Kind.SAFETY)
    assert follow_up.follow_up_of == earlier
    assert Notification.objects.filter(recipient=outsider, kind="situation.walk").exists()


def test_only_the_walks_managers_plan_its_follow_up(member, outsider):
    earlier = WalkFactory(organiser=member)
    with pytest.raises(PermissionDenied):
        _schedule(outsider, follow_up_of=earlier)


def test_signing_up_twice_is_refused(outsider):
    walk = WalkFactory()
    services.sign_up(by=outsider, walk=walk)
    with pytest.raises(ValidationError, match="already signed up"):
        services.sign_up(by=outsider, walk=walk)
    assert WalkSignup.objects.filter(walk=walk, user=outsider).count() == 1


def test_signing_up_for_a_walk_that_happened_is_refused(outsider):
    walk = WalkFactory(starts_at=timezone.now() - timedelta(hours=2))
    with pytest.raises(ValidationError):
        services.sign_up(by=outsider, walk=walk)


def test_walk_cannot_be_marked_done_before_it_happens(member):
    walk = WalkFactory(organiser=member)
    with pytest.raises(ValidationError):
        services.mark_walk_done(by=member, walk=walk)
    walk.refresh_from_db()
    assert walk.status == Walk.Status.SCHEDULED


def test_cancelling_tells_the_participants(member, outsider):
    walk = WalkFactory(organiser=member)
    WalkSignup.objects.create(walk=walk, user=outsider)
    services.cancel_walk(by=member, walk=walk)
    assert Walk.objects.get(pk=walk.pk).status == Walk.Status.CANCELLED
    assert Notification.objects.filter(recipient=outsider, kind="situation.walk").exists()


def test_someone_else_cannot_cancel_the_walk(member, outsider):
    with pytest.raises(PermissionDenied):
        services.cancel_walk(by=outsider, walk=WalkFactory(organiser=member))


def _add(walk, by, category=IncidentCategory.LIGHTING, **extra):
    return services.add_finding(
        by=by, walk=walk, category=category, place_text="Gångvägen vid skolan", description="Mörkt", **extra
    )


def test_finding_on_a_walk_that_has_not_happened_is_refused(member):
    walk = WalkFactory(organiser=member)
    with pytest.raises(ValidationError, match="once the walk has taken place"):
        _add(walk, member)
    assert not Report.objects.exists()
    assert not WalkFinding.objects.exists()


def test_finding_on_a_cancelled_walk_is_refused(member):
    walk = WalkFactory(
        organiser=member, starts_at=timezone.now() - timedelta(days=1), status=Walk.Status.CANCELLED
    )
    with pytest.raises(ValidationError):
        _add(walk, member)


def test_finding_is_filed_as_a_routed_report_linked_to_the_walk(member, municipality):
    RoutingRule.objects.create(category=IncidentCategory.LIGHTING, organisation=municipality)
    walk = WalkFactory(organiser=member, starts_at=timezone.now() - timedelta(days=1))
    finding = _add(walk, member)
    report = finding.report
    assert finding.walk == walk
    assert (report.area, report.category, report.occurred_at) == (walk.area, "lighting", walk.starts_at)
    assert report.responsible_organisation == municipality
    assert ReportEvent.objects.filter(report=report, kind="created").exists()


def test_finding_with_bad_input_saves_nothing(member):
    walk = WalkFactory(organiser=member, starts_at=timezone.now() - timedelta(days=1))
    with pytest.raises(ValidationError):
        _add(walk, member, category="nonsense")
    assert not Report.objects.exists() and not WalkFinding.objects.exists()


def test_only_participants_and_organisers_add_findings(member, outsider):
    walk = WalkFactory(organiser=member, starts_at=timezone.now() - timedelta(days=1))
    with pytest.raises(PermissionDenied):
        _add(walk, outsider)
    WalkSignup.objects.create(walk=walk, user=outsider)
    assert _add(walk, outsider).added_by == outsider


def test_owner_records_what_they_will_do_and_the_organiser_hears(member, municipality, coordinator):
    RoutingRule.objects.create(category=IncidentCategory.LIGHTING, organisation=municipality)
    walk = WalkFactory(organiser=member, starts_at=timezone.now() - timedelta(days=1))
    finding = _add(walk, member)
    owner = make_member(municipality)
    services.respond_to_finding(by=owner, finding=finding, commitment="Vi byter armaturerna.")
    response = FindingResponse.objects.get()
    assert (response.organisation, response.by) == (municipality, owner)
    assert Notification.objects.filter(recipient=member, kind="situation.finding_response").exists()


def test_another_organisation_cannot_answer_for_the_owner(member, municipality, outsider):
    RoutingRule.objects.create(category=IncidentCategory.LIGHTING, organisation=municipality)
    walk = WalkFactory(organiser=member, starts_at=timezone.now() - timedelta(days=1))
    finding = _add(walk, member)
    with pytest.raises(PermissionDenied):
        services.respond_to_finding(by=outsider, finding=finding, commitment="Vi gör det.")


def test_empty_commitment_is_refused(member, municipality, coordinator):
    RoutingRule.objects.create(category=IncidentCategory.LIGHTING, organisation=municipality)
    walk = WalkFactory(organiser=member, starts_at=timezone.now() - timedelta(days=1))
    finding = _add(walk, member)
    with pytest.raises(ValidationError):
        services.respond_to_finding(by=coordinator, finding=finding, commitment="  ")
    assert not FindingResponse.objects.exists()


# --- dark spots ---------------------------------------------------------------------------------


def test_dark_spots_list_lighting_and_unsafe_findings_per_area_with_status(member, outsider):
    handen = AreaFactory(name="Handen")
    jordbro = AreaFactory(name="Jordbro")
    past = timezone.now() - timedelta(days=2)
    first = WalkFactory(organiser=member, area=handen, starts_at=past)
    second = WalkFactory(organiser=member, area=jordbro, starts_at=past, kind=Walk.Kind.NIGHT)
    lighting = _add(first, member)
    unsafe = _add(second, member, category=IncidentCategory.UNSAFE_PLACE)
    _add(first, member, category=IncidentCategory.VANDALISM)
    hidden = _add(second, member, visibility=Report.Visibility.RESTRICTED)
    Report.objects.filter(pk=lighting.report_id).update(status=Report.Status.RESOLVED)
    compiled = selectors.dark_spots(outsider)
    assert [(area.name, [finding.pk for finding in findings]) for area, findings in compiled] == [
        ("Handen", [lighting.pk]),
        ("Jordbro", [unsafe.pk]),
    ]
    assert compiled[0][1][0].report.status == Report.Status.RESOLVED
    # The reporter's own organisation sees its restricted finding as well.
    mine = dict((area.name, findings) for area, findings in selectors.dark_spots(member))
    assert hidden.pk in [finding.pk for finding in mine["Jordbro"]]


def test_association_sees_its_night_walks_history(member):
    association = OrganisationFactory(name="Nattvandrarna", kind="association")
    walker = make_member(association, role=Membership.Role.ORG_ADMIN)
    past = WalkFactory(organiser=walker, kind=Walk.Kind.NIGHT, starts_at=timezone.now() - timedelta(days=7))
    WalkFactory(organiser=member, kind=Walk.Kind.NIGHT)
    _add(past, walker)
    walks = list(selectors.walks_for(walker, kind=Walk.Kind.NIGHT, organisation=association))
    assert [(walk.pk, walk.finding_count) for walk in walks] == [(past.pk, 1)]


def test_compiling_records_reported_for_organisations_that_filed_reports(
    reporter, organisation, other_organisation
):
    week = IsoWeek.current()
    ReportFactory(reporter=reporter, organisation=organisation, occurred_at=timezone.now())
    services.compile_week(week=week)
    services.compile_week(week=week)
    answers = list(WeeklyCheckIn.objects.values_list("organisation", "kind"))
    assert answers == [(organisation.pk, "reported")]


def test_a_hotspot_notice_reads_with_the_readers_decimal_comma(settings, coordinator, client_for):
    settings.LANGUAGE_CODE = "sv"
    area = AreaFactory(name="Jordbro")
    week = IsoWeek(2026, 40)
    _spike(area, week)
    services.compile_week(week=week)
    notice = Notification.objects.get(kind="situation.hotspot", recipient=coordinator)
    assert "0,6 " in notice.text and "0.6" not in notice.text
    client = client_for(coordinator)
    client.cookies["django_language"] = "en"
    assert "(usually 0.6 a week)" in client.get(reverse("realtime:list")).content.decode()
