"""The meeting from invitation to approved minutes, as services: the rules each step keeps."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from icalendar import Calendar

from meetings import selectors, services
from meetings.models import AgendaItem, Approval, Invitation, Meeting
from partners.models import AuditEvent
from realtime.models import Notification
from tests.escalations.factories import EscalationFactory
from tests.meetings.factories import ActionFactory, ItemFactory, make_meeting
from tests.partners.factories import PASSWORD, AreaFactory
from tests.reports.factories import ReportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_throttle():
    cache.clear()


def _plan(by, organisations, **fields):
    start = timezone.now() + timedelta(days=10)
    values = {
        "title": "Forum december",
        "starts_at": start,
        "ends_at": start + timedelta(hours=2),
        "place": "Kommunhuset",
        "organisations": organisations,
    }
    values.update(fields)
    return services.plan_meeting(by=by, **values)


# --- planning and invitations ---------------------------------------------------------------------


def test_chair_plans_meeting_and_every_member_of_invited_organisations_is_invited(
    chair, organisation, member, signatory, outsider, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = _plan(chair, [organisation])
    invited = set(meeting.invitations.values_list("user_id", flat=True))
    assert invited == {member.pk, signatory.pk}
    assert Notification.objects.filter(recipient=member, kind="meetings.invitation").exists()
    assert not Notification.objects.filter(recipient=outsider).exists()
    assert sorted(message.to[0] for message in mail.outbox) == sorted([member.email, signatory.email])


def test_invitation_email_carries_an_icalendar_event_of_the_meeting(
    chair, organisation, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = _plan(chair, [organisation], video_link="https://video.example.test/forum")
    name, content, mimetype = mail.outbox[0].attachments[0]
    assert name == "meeting.ics" and mimetype.startswith("text/calendar")
    event = next(iter(Calendar.from_ical(content).walk("VEVENT")))
    assert str(event["summary"]) == "Forum december"
    assert event.decoded("dtstart") == meeting.starts_at.replace(microsecond=0)
    assert str(event["uid"]).startswith(f"meeting-{meeting.pk}@")


def test_member_cannot_plan_a_meeting(member, organisation):
    with pytest.raises(PermissionDenied):
        _plan(member, [organisation])


def test_coordinator_plans_a_meeting(coordinator, organisation):
    assert _plan(coordinator, [organisation]).chair == coordinator


def test_meeting_without_place_or_video_link_is_refused_and_nothing_is_saved(chair, organisation):
    with pytest.raises(ValidationError):
        _plan(chair, [organisation], place="")
    assert not Meeting.objects.exists()


def test_meeting_ending_before_it_starts_is_refused(chair, organisation):
    start = timezone.now() + timedelta(days=3)
    with pytest.raises(ValidationError):
        _plan(chair, [organisation], starts_at=start, ends_at=start - timedelta(hours=1))


def test_meeting_without_invited_organisations_is_refused(chair):
    with pytest.raises(ValidationError):
        _plan(chair, [])


def test_invited_member_answers_attending(meeting, member):
    invitation = services.respond_to_invitation(meeting=meeting, by=member, response="attending")
    assert invitation.response == Invitation.Response.ATTENDING
    assert invitation.responded_at is not None


def test_uninvited_member_cannot_answer(meeting, outsider):
    with pytest.raises(PermissionDenied):
        services.respond_to_invitation(meeting=meeting, by=outsider, response="attending")


def test_unknown_answer_is_refused(meeting, member):
    with pytest.raises(ValidationError):
        services.respond_to_invitation(meeting=meeting, by=member, response="maybe")


# --- the agenda -----------------------------------------------------------------------------------


def test_proposal_brings_an_escalation_restricted_to_its_organisation(meeting, chair, outsider):
    escalation = EscalationFactory(organisation=outsider.membership.organisation, subject="Bränder i Jordbro")
    services.propose_agenda(meeting=meeting, by=chair)
    item = meeting.items.get(source=AgendaItem.Source.ESCALATION)
    assert "Bränder i Jordbro" in item.title
    assert item.linked == escalation
    assert item.restricted_to == outsider.membership.organisation


def test_proposal_counts_overdue_reports_per_responsible_organisation(meeting, chair, organisation):
    for _ in range(2):
        ReportFactory(responsible_organisation=organisation, due_at=timezone.now() - timedelta(hours=1))
    ReportFactory(responsible_organisation=organisation)  # not yet due
    services.propose_agenda(meeting=meeting, by=chair)
    item = meeting.items.get(source=AgendaItem.Source.OVERDUE)
    assert item.title.endswith(": 2")
    assert item.linked == organisation


def test_proposal_brings_open_actions_of_earlier_meetings_and_not_done_ones(meeting, chair, organisation):
    earlier = make_meeting(
        chair=chair, organisations=[organisation], starts_at=timezone.now() - timedelta(days=30)
    )
    open_action = ActionFactory(item=ItemFactory(meeting=earlier, decision="Beslut"), owner=organisation)
    ActionFactory(
        item=ItemFactory(meeting=earlier, decision="Beslut"),
        owner=organisation,
        done_at=timezone.now(),
        done_comment="Klart",
    )
    services.propose_agenda(meeting=meeting, by=chair)
    actions = meeting.items.filter(source=AgendaItem.Source.ACTION)
    assert [item.linked for item in actions] == [open_action]


def test_proposal_brings_hotspot_signals_since_the_previous_meeting_only(meeting, chair, organisation):
    from situation.models import HotspotSignal

    handen, jordbro = AreaFactory(name="Handen"), AreaFactory(name="Jordbro")
    make_meeting(chair=chair, organisations=[organisation], starts_at=timezone.now() - timedelta(days=14))
    common = {"category": "graffiti", "year": 2026, "count": 9, "mean": 2.0, "stdev": 1.0}
    HotspotSignal.objects.create(area=handen, week=40, raised_at=timezone.now() - timedelta(days=2), **common)
    HotspotSignal.objects.create(
        area=jordbro, week=30, raised_at=timezone.now() - timedelta(days=60), **common
    )
    services.propose_agenda(meeting=meeting, by=chair)
    titles = list(meeting.items.filter(source=AgendaItem.Source.HOTSPOT).values_list("title", flat=True))
    assert len(titles) == 1 and "Handen" in titles[0]


def test_proposing_twice_adds_nothing_already_on_the_agenda(meeting, chair, outsider):
    EscalationFactory(organisation=outsider.membership.organisation)
    services.propose_agenda(meeting=meeting, by=chair)
    assert services.propose_agenda(meeting=meeting, by=chair) == []
    assert meeting.items.count() == 1


def test_member_cannot_edit_the_agenda(meeting, member):
    with pytest.raises(PermissionDenied):
        services.add_agenda_item(meeting=meeting, by=member, title="Min punkt")


def test_chair_adds_moves_and_removes_items(meeting, chair):
    first = services.add_agenda_item(meeting=meeting, by=chair, title="Mötets öppnande")
    second = services.add_agenda_item(meeting=meeting, by=chair, title="Valborg")
    services.move_agenda_item(item=second, by=chair, up=True)
    assert list(meeting.items.order_by("position").values_list("pk", flat=True)) == [second.pk, first.pk]
    services.remove_agenda_item(item=first, by=chair)
    assert list(meeting.items.values_list("pk", flat=True)) == [second.pk]


def test_item_with_actions_cannot_be_removed(meeting, chair, organisation):
    item = ItemFactory(meeting=meeting, decision="Beslut")
    ActionFactory(item=item, owner=organisation)
    with pytest.raises(ValidationError):
        services.remove_agenda_item(item=item, by=chair)


def test_chair_rewords_a_proposed_item_and_its_link_stays(meeting, chair):
    item = ItemFactory(meeting=meeting, source=AgendaItem.Source.ESCALATION, source_url="/escalations/1/")
    services.rename_agenda_item(item=item, by=chair, title="  Otrygghet vid Handen station  ")
    item.refresh_from_db()
    assert (item.title, item.source, item.source_url) == (
        "Otrygghet vid Handen station",
        AgendaItem.Source.ESCALATION,
        "/escalations/1/",
    )
    event = AuditEvent.objects.get(action="meeting.item_rename")
    assert event.data["after"] == "Otrygghet vid Handen station"


def test_renaming_to_nothing_is_refused_and_keeps_the_title(meeting, chair):
    item = ItemFactory(meeting=meeting, title="Valborg")
    with pytest.raises(ValidationError):
        services.rename_agenda_item(item=item, by=chair, title=" ")
    item.refresh_from_db()
    assert item.title == "Valborg"


def test_a_member_cannot_rename_an_item(meeting, member):
    item = ItemFactory(meeting=meeting, title="Valborg")
    with pytest.raises(PermissionDenied):
        services.rename_agenda_item(item=item, by=member, title="Något annat")


def test_empty_item_title_is_refused(meeting, chair):
    with pytest.raises(ValidationError):
        services.add_agenda_item(meeting=meeting, by=chair, title="   ")


# --- minutes and actions --------------------------------------------------------------------------


def test_action_needs_a_decision_first(meeting, chair, organisation):
    item = ItemFactory(meeting=meeting)
    with pytest.raises(ValidationError):
        services.create_action(
            item=item, by=chair, owner=organisation, due_date=timezone.localdate(), description="Gör något"
        )


def test_action_is_told_to_the_owner_and_lands_in_its_queue(meeting, chair, organisation, member):
    item = ItemFactory(meeting=meeting)
    services.record_minutes(item=item, by=chair, notes="Diskussion", decision="Belysningen ses över")
    action = services.create_action(
        item=item,
        by=chair,
        owner=organisation,
        due_date=timezone.localdate() + timedelta(days=30),
        description="Byt armaturer i gångtunneln",
    )
    assert list(selectors.own_actions(member)) == [action]
    assert Notification.objects.filter(recipient=member, kind="meetings.action").exists()


def test_owner_reports_action_done_with_a_comment_and_it_leaves_the_next_agenda(
    meeting, chair, organisation, member
):
    action = ActionFactory(item=ItemFactory(meeting=meeting, decision="Beslut"), owner=organisation)
    services.report_action_done(action=action, by=member, comment="Armaturerna bytta")
    action.refresh_from_db()
    assert action.is_done and action.done_by == member
    later = make_meeting(
        chair=chair, organisations=[organisation], starts_at=timezone.now() + timedelta(days=60)
    )
    services.propose_agenda(meeting=later, by=chair)
    assert not later.items.filter(source=AgendaItem.Source.ACTION).exists()


def test_action_done_without_comment_is_refused(meeting, organisation, member):
    action = ActionFactory(item=ItemFactory(meeting=meeting), owner=organisation)
    with pytest.raises(ValidationError):
        services.report_action_done(action=action, by=member, comment=" ")
    action.refresh_from_db()
    assert not action.is_done


def test_other_organisation_cannot_report_an_action_done(meeting, organisation, outsider):
    action = ActionFactory(item=ItemFactory(meeting=meeting), owner=organisation)
    with pytest.raises(PermissionDenied):
        services.report_action_done(action=action, by=outsider, comment="Klart")


# --- approval -------------------------------------------------------------------------------------


def _ready_for_approval(meeting, chair, adjuster):
    item = ItemFactory(meeting=meeting)
    services.record_minutes(item=item, by=chair, notes="Genomgång", decision="Lägesbilden godkänns")
    services.appoint_adjuster(meeting=meeting, by=chair, adjuster=adjuster)
    return item


def test_chair_and_adjuster_approve_and_the_minutes_are_approved_with_the_text_hash(meeting, chair, member):
    _ready_for_approval(meeting, chair, member)
    digest = meeting.minutes_sha256()
    services.approve_minutes(meeting=meeting, by=chair, sha256=digest, password=PASSWORD)
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.PLANNED
    services.approve_minutes(meeting=meeting, by=member, sha256=digest, password=PASSWORD)
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.APPROVED
    assert set(Approval.objects.filter(meeting=meeting).values_list("role", "text_sha256")) == {
        ("chair", digest),
        ("adjuster", digest),
    }


def test_minutes_are_locked_once_the_first_approval_is_given(meeting, chair, member):
    item = _ready_for_approval(meeting, chair, member)
    services.approve_minutes(meeting=meeting, by=chair, sha256=meeting.minutes_sha256(), password=PASSWORD)
    with pytest.raises(PermissionDenied):
        services.record_minutes(item=item, by=chair, notes="Ändrat", decision="Annat beslut")


def test_approval_of_a_text_that_changed_since_it_was_read_is_refused(meeting, chair, member):
    item = _ready_for_approval(meeting, chair, member)
    read = meeting.minutes_sha256()
    services.record_minutes(item=item, by=chair, notes="Tillägg", decision=item.decision)
    with pytest.raises(ValidationError):
        services.approve_minutes(meeting=meeting, by=chair, sha256=read, password=PASSWORD)
    assert not Approval.objects.exists()


def test_wrong_password_is_refused_and_audited(meeting, chair, member):
    _ready_for_approval(meeting, chair, member)
    with pytest.raises(ValidationError):
        services.approve_minutes(meeting=meeting, by=chair, sha256=meeting.minutes_sha256(), password="fel")
    assert not Approval.objects.exists()
    assert AuditEvent.objects.filter(action="signature.confirm_failed", actor=chair).exists()


def test_approval_is_throttled_after_repeated_wrong_passwords(meeting, chair, member):
    from agreements.services import SIGN_CONFIRM_ATTEMPTS

    _ready_for_approval(meeting, chair, member)
    digest = meeting.minutes_sha256()
    for _ in range(SIGN_CONFIRM_ATTEMPTS):
        with pytest.raises(ValidationError):
            services.approve_minutes(meeting=meeting, by=chair, sha256=digest, password="fel")
    with pytest.raises(ValidationError, match="Too many|För många"):
        services.approve_minutes(meeting=meeting, by=chair, sha256=digest, password=PASSWORD)
    assert not Approval.objects.exists()


def test_someone_neither_chair_nor_adjuster_cannot_approve(meeting, chair, member, signatory):
    _ready_for_approval(meeting, chair, member)
    with pytest.raises(PermissionDenied):
        services.approve_minutes(
            meeting=meeting, by=signatory, sha256=meeting.minutes_sha256(), password=PASSWORD
        )


def test_chair_cannot_approve_twice(meeting, chair, member):
    _ready_for_approval(meeting, chair, member)
    digest = meeting.minutes_sha256()
    services.approve_minutes(meeting=meeting, by=chair, sha256=digest, password=PASSWORD)
    with pytest.raises(PermissionDenied):
        services.approve_minutes(meeting=meeting, by=chair, sha256=digest, password=PASSWORD)


def test_adjuster_must_be_invited_and_not_the_chair(meeting, chair, outsider):
    with pytest.raises(ValidationError):
        services.appoint_adjuster(meeting=meeting, by=chair, adjuster=outsider)
    with pytest.raises(ValidationError):
        services.appoint_adjuster(meeting=meeting, by=chair, adjuster=chair)


def test_restricted_item_is_left_out_for_partners_outside_it(meeting, chair, member, outsider, leader):
    ItemFactory(meeting=meeting, title="Öppen punkt")
    ItemFactory(meeting=meeting, title="Polisens punkt", restricted_to=outsider.membership.organisation)
    assert [item.title for item in selectors.items_for(member, meeting)] == ["Öppen punkt"]
    assert len(selectors.items_for(leader, meeting)) == 2


def test_every_step_is_audited(meeting, chair, member):
    _ready_for_approval(meeting, chair, member)
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"meeting.minutes", "meeting.adjuster"} <= actions


def test_minutes_hash_is_the_same_for_a_fresh_instance_and_one_read_back(chair, organisation):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    start = datetime(2030, 3, 5, 13, 0, tzinfo=ZoneInfo("Europe/Stockholm"))
    meeting = make_meeting(chair=chair, organisations=[organisation], starts_at=start)
    assert meeting.minutes_sha256() == Meeting.objects.get(pk=meeting.pk).minutes_sha256()


def test_cancelling_tells_the_invited_and_the_calendar_cancels_the_same_event(meeting, chair, member):
    from meetings import calendar

    services.cancel_meeting(meeting=meeting, by=chair)
    assert Notification.objects.filter(recipient=member, kind="meetings.cancelled").exists()
    cal = Calendar.from_ical(calendar.meeting_ics(meeting))
    assert str(cal["method"]) == "CANCEL"
    assert str(next(iter(cal.walk("VEVENT")))["uid"]).startswith(f"meeting-{meeting.pk}@")


def test_a_cancelled_meeting_cannot_be_answered_or_edited(meeting, chair, member):
    services.cancel_meeting(meeting=meeting, by=chair)
    with pytest.raises(PermissionDenied):
        services.respond_to_invitation(meeting=meeting, by=member, response="attending")
    with pytest.raises(PermissionDenied):
        services.add_agenda_item(meeting=meeting, by=chair, title="Sen punkt")
