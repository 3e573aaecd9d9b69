"""The intake's rules, through its services: filing, confirming, triage, återkoppling, retention."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from intake import selectors, services
from intake.models import CitizenEvent, CitizenPhoto, CitizenReport
from realtime.models import Notification
from reports import services as report_services
from reports.models import Report, ReportEvent, ReportPhoto
from tests.intake.factories import INSIDE, OUTSIDE, link_in
from tests.partners.factories import make_member
from tests.reports.factories import ReportFactory, image_bytes, upload


def submit(**overrides):
    fields = {
        "category": "vandalism",
        "description": "Krossad glasruta i busskuren.",
        "email": "anna@example.test",
        "latitude": INSIDE[0],
        "longitude": INSIDE[1],
        "address": "192.0.2.10",
        "language": "en",
    }
    fields.update(overrides)
    return services.submit_citizen_report(**fields).citizen_report


def confirmed(django_capture_on_commit_callbacks, **overrides):
    with django_capture_on_commit_callbacks(execute=True):
        citizen_report = submit(**overrides)
    key = link_in(mail.outbox[-1].body, "bekrafta").rstrip("/").rsplit("/", 1)[-1]
    with django_capture_on_commit_callbacks(execute=True):
        return services.confirm_citizen_report(public_id=citizen_report.public_id, key=key)


@pytest.fixture
def handler(housing):
    return make_member(housing, email="fixare@example.test")


# --- filing -----------------------------------------------------------------------------------


def test_a_pin_resolves_its_area_from_the_boundary(handen):
    assert submit().area == handen


def test_a_pin_outside_every_area_is_refused_with_a_clear_message(handen):
    with pytest.raises(ValidationError) as error:
        submit(latitude=OUTSIDE[0], longitude=OUTSIDE[1])
    assert "outside the municipality" in str(error.value)
    assert not CitizenReport.objects.exists()


def test_without_a_pin_an_area_and_a_place_are_enough(handen):
    citizen_report = submit(latitude=None, longitude=None, area=handen, place_text="Handenterminalen")
    assert citizen_report.area == handen and citizen_report.latitude is None


def test_without_a_pin_a_place_is_required(handen):
    with pytest.raises(ValidationError) as error:
        submit(latitude=None, longitude=None, area=handen)
    assert "place_text" in error.value.message_dict


def test_a_restricted_category_is_refused(handen):
    with pytest.raises(ValidationError) as error:
        submit(category="drugs")
    assert "category" in error.value.message_dict


def test_the_report_waits_for_confirmation_and_the_email_carries_the_link(
    handen, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        citizen_report = submit()
    assert citizen_report.status == CitizenReport.Status.UNCONFIRMED
    assert not CitizenReport.objects.in_triage().exists()
    assert mail.outbox[-1].to == ["anna@example.test"]
    assert f"/felanmalan/bekrafta/{citizen_report.public_id}/" in mail.outbox[-1].body


def test_the_emails_are_written_in_the_residents_language(handen, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submit(language="sv")
    assert mail.outbox[-1].subject == "Bekräfta din felanmälan till kommunen"


def test_only_the_hash_of_the_confirmation_key_is_stored(handen, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        citizen_report = submit()
    key = link_in(mail.outbox[-1].body, "bekrafta").rstrip("/").rsplit("/", 1)[-1]
    assert key not in citizen_report.confirm_key_hash


def test_confirming_puts_it_in_triage_and_sends_the_tracking_link(handen, django_capture_on_commit_callbacks):
    citizen_report = confirmed(django_capture_on_commit_callbacks)
    assert citizen_report.status == CitizenReport.Status.RECEIVED
    assert list(CitizenReport.objects.in_triage()) == [citizen_report]
    assert citizen_report.tracking_path() in mail.outbox[-1].body
    assert [event.kind for event in citizen_report.events.all()] == [CitizenEvent.Kind.RECEIVED]


def test_a_wrong_confirmation_key_is_refused(handen):
    citizen_report = submit()
    with pytest.raises(ValidationError):
        services.confirm_citizen_report(public_id=citizen_report.public_id, key="wrong")
    citizen_report.refresh_from_db()
    assert citizen_report.confirmed_at is None


def test_an_expired_confirmation_link_is_refused(handen, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        citizen_report = submit()
    key = link_in(mail.outbox[-1].body, "bekrafta").rstrip("/").rsplit("/", 1)[-1]
    CitizenReport.objects.filter(pk=citizen_report.pk).update(created_at=timezone.now() - timedelta(hours=49))
    with pytest.raises(ValidationError):
        services.confirm_citizen_report(public_id=citizen_report.public_id, key=key)


def test_the_honeypot_keeps_nothing_and_sends_nothing(handen, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert submit(honeypot="http://spam.example") is None
    assert not CitizenReport.objects.exists() and not mail.outbox


def test_the_limit_per_email_address_is_a_clear_message(handen, settings):
    settings.INTAKE_MAX_PER_EMAIL_PER_DAY = 2
    submit(address="192.0.2.1")
    submit(address="192.0.2.2")
    with pytest.raises(ValidationError) as error:
        submit(address="192.0.2.3", email="ANNA@example.test")
    assert error.value.code == "limit_email"
    assert CitizenReport.objects.count() == 2


def test_the_limit_per_sender_address_is_a_clear_message(handen, settings):
    settings.INTAKE_MAX_PER_ADDRESS_PER_HOUR = 2
    submit(email="a@example.test")
    submit(email="b@example.test")
    with pytest.raises(ValidationError) as error:
        submit(email="c@example.test")
    assert error.value.code == "limit_address"


def test_photos_are_stored_without_exif(handen):
    citizen_report = submit(photos=[upload()])
    photo = citizen_report.photos.get()
    data = photo.file.open("rb").read()
    photo.file.close()
    assert b"TestCam" not in data and b"GPS" not in data


def test_a_bad_photo_saves_nothing(handen):
    bad = upload(name="x.jpg", content=b"not an image")
    with pytest.raises(ValidationError):
        submit(photos=[upload(), bad])
    assert not CitizenReport.objects.exists() and not CitizenPhoto.objects.exists()


def test_more_than_three_photos_are_refused(handen):
    with pytest.raises(ValidationError):
        submit(photos=[upload(content=image_bytes()) for _ in range(4)])
    assert not CitizenReport.objects.exists()


# --- nearby and following -----------------------------------------------------------------------


def test_open_reports_of_the_same_category_within_50_metres_are_shown(handen):
    near = ReportFactory(area=handen, latitude=INSIDE[0], longitude=INSIDE[1] + Decimal("0.0005"))  # ~28 m
    ReportFactory(area=handen, latitude=INSIDE[0] + Decimal("0.002"), longitude=INSIDE[1])  # ~220 m
    ReportFactory(area=handen, latitude=INSIDE[0], longitude=INSIDE[1], category="graffiti")
    found = selectors.nearby_open_reports(
        category="vandalism", latitude=float(INSIDE[0]), longitude=float(INSIDE[1])
    )
    assert [item.report for item in found] == [near]
    assert 20 <= found[0].metres <= 35


def test_restricted_and_old_reports_are_not_shown_as_nearby(handen):
    ReportFactory(
        area=handen, latitude=INSIDE[0], longitude=INSIDE[1], visibility=Report.Visibility.RESTRICTED
    )
    ReportFactory(
        area=handen, latitude=INSIDE[0], longitude=INSIDE[1], created_at=timezone.now() - timedelta(days=31)
    )
    found = selectors.nearby_open_reports(
        category="vandalism", latitude=float(INSIDE[0]), longitude=float(INSIDE[1])
    )
    assert found == []


def test_following_a_report_subscribes_the_email_to_its_steps(
    handen, handler, django_capture_on_commit_callbacks
):
    report = ReportFactory(area=handen, responsible_organisation=handler.membership.organisation)
    with django_capture_on_commit_callbacks(execute=True):
        follower = services.follow_report(
            report=report, email="bo@example.test", language="en"
        ).citizen_report
    key = link_in(mail.outbox[-1].body, "bekrafta").rstrip("/").rsplit("/", 1)[-1]
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_citizen_report(public_id=follower.public_id, key=key)
    follower.refresh_from_db()
    assert follower.status == CitizenReport.Status.FOLLOWING and follower.report == report
    assert not CitizenReport.objects.in_triage().exists()
    with django_capture_on_commit_callbacks(execute=True):
        report_services.acknowledge_report(report=report, by=handler)
    assert mail.outbox[-1].to == ["bo@example.test"]
    assert "has accepted the report" in mail.outbox[-1].subject


def test_a_restricted_report_cannot_be_followed(handen):
    report = ReportFactory(area=handen, visibility=Report.Visibility.RESTRICTED)
    with pytest.raises(ValidationError):
        services.follow_report(report=report, email="bo@example.test")


# --- triage -----------------------------------------------------------------------------------


def test_coordinators_and_customer_service_are_told_a_report_waits_in_triage(
    handen, member, coordinator, customer_service, django_capture_on_commit_callbacks
):
    citizen_report = confirmed(django_capture_on_commit_callbacks)
    told = Notification.objects.filter(kind="intake.received")
    assert set(told.values_list("recipient", flat=True)) == {coordinator.pk, customer_service.pk}
    assert told.first().url == f"/felanmalan/triage/{citizen_report.pk}/"
    assert told.first().display_text == "A resident's report waits in triage: Vandalism in Handen"


def test_customer_service_accepts_a_residents_report(
    handen, housing, vandalism_rule, customer_service, django_capture_on_commit_callbacks
):
    citizen_report = confirmed(django_capture_on_commit_callbacks)
    report = services.accept_citizen_report(citizen_report=citizen_report, by=customer_service)
    assert report.responsible_organisation == housing


def test_only_coordinators_triage(handen, member, django_capture_on_commit_callbacks):
    citizen_report = confirmed(django_capture_on_commit_callbacks)
    with pytest.raises(PermissionDenied):
        services.accept_citizen_report(citizen_report=citizen_report, by=member)


def test_accepting_files_a_routed_report_with_due_time_and_photos(
    handen, housing, vandalism_rule, coordinator, django_capture_on_commit_callbacks
):
    citizen_report = confirmed(django_capture_on_commit_callbacks, photos=[upload()])
    with django_capture_on_commit_callbacks(execute=True):
        report = services.accept_citizen_report(citizen_report=citizen_report, by=coordinator)
    assert report.responsible_organisation == housing
    assert report.due_at is not None and report.area == handen
    assert ReportPhoto.objects.filter(report=report).count() == 1
    assert not CitizenPhoto.objects.exists()
    citizen_report.refresh_from_db()
    assert citizen_report.status == CitizenReport.Status.ACCEPTED and citizen_report.report == report
    assert "Haninge Bostäder" in mail.outbox[-1].subject


def test_a_decided_report_cannot_be_decided_again(
    handen, vandalism_rule, coordinator, django_capture_on_commit_callbacks
):
    citizen_report = confirmed(django_capture_on_commit_callbacks)
    services.reject_citizen_report(citizen_report=citizen_report, by=coordinator, reason="Privat mark.")
    with pytest.raises(ValidationError):
        services.accept_citizen_report(citizen_report=citizen_report, by=coordinator)
    assert not Report.objects.exists()


def test_rejecting_tells_the_resident_the_reason(handen, coordinator, django_capture_on_commit_callbacks):
    citizen_report = confirmed(django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_citizen_report(citizen_report=citizen_report, by=coordinator, reason="Privat mark.")
    assert "Privat mark." in mail.outbox[-1].body


def test_rejecting_needs_a_reason(handen, coordinator, django_capture_on_commit_callbacks):
    citizen_report = confirmed(django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError):
        services.reject_citizen_report(citizen_report=citizen_report, by=coordinator, reason=" ")
    citizen_report.refresh_from_db()
    assert citizen_report.status == CitizenReport.Status.RECEIVED


def test_merging_links_the_resident_to_the_existing_report(
    handen, handler, coordinator, django_capture_on_commit_callbacks
):
    existing = ReportFactory(area=handen, responsible_organisation=handler.membership.organisation)
    citizen_report = confirmed(django_capture_on_commit_callbacks)
    services.merge_citizen_report(citizen_report=citizen_report, into=existing, by=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        report_services.start_report(report=existing, by=handler)
    assert mail.outbox[-1].to == ["anna@example.test"]
    assert "started work" in mail.outbox[-1].subject


def test_forwarding_outside_mails_the_actor_without_the_residents_details(
    handen, coordinator, django_capture_on_commit_callbacks
):
    citizen_report = confirmed(django_capture_on_commit_callbacks, name="Anna Andersson", phone="070-1234567")
    with django_capture_on_commit_callbacks(execute=True):
        services.forward_citizen_report(
            citizen_report=citizen_report, by=coordinator, to_name="Trafikverket", to_email="tv@example.test"
        )
    to_actor = next(message for message in mail.outbox if message.to == ["tv@example.test"])
    assert "Krossad glasruta" in to_actor.body
    assert "anna@example.test" not in to_actor.body and "Anna Andersson" not in to_actor.body
    assert "070-1234567" not in to_actor.body
    to_resident = mail.outbox[-1]
    assert to_resident.to == ["anna@example.test"] and "Trafikverket" in to_resident.subject


# --- återkoppling -----------------------------------------------------------------------------


def accepted(django_capture_on_commit_callbacks, coordinator):
    citizen_report = confirmed(django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        report = services.accept_citizen_report(citizen_report=citizen_report, by=coordinator)
    citizen_report.refresh_from_db()
    return citizen_report, report


def test_fixed_sends_the_public_feedback_not_the_internal_note(
    handen, vandalism_rule, coordinator, handler, django_capture_on_commit_callbacks
):
    citizen_report, report = accepted(django_capture_on_commit_callbacks, coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        report_services.resolve_report(
            report=report,
            by=handler,
            note="Internt: Kalle fixade, faktura 991.",
            public_feedback="Rutan är utbytt.",
        )
    message = mail.outbox[-1]
    assert "Rutan är utbytt." in message.body
    assert "faktura" not in message.body and "Kalle" not in message.body
    assert citizen_report.events.last().kind == CitizenEvent.Kind.RESOLVED


def test_comments_are_not_relayed_to_the_resident(
    handen, vandalism_rule, coordinator, handler, django_capture_on_commit_callbacks
):
    citizen_report, report = accepted(django_capture_on_commit_callbacks, coordinator)
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        report_services.comment_on_report(report=report, by=handler, note="Internt.")
    assert len(mail.outbox) == sent


def test_not_fixed_within_30_days_reopens_into_the_partners_queue(
    handen, vandalism_rule, coordinator, handler, django_capture_on_commit_callbacks
):
    citizen_report, report = accepted(django_capture_on_commit_callbacks, coordinator)
    report_services.resolve_report(report=report, by=handler, note="Klart.")
    citizen_report.refresh_from_db()
    services.reopen_as_citizen(citizen_report=citizen_report, reason="Rutan är fortfarande trasig.")
    report.refresh_from_db()
    assert report.status == Report.Status.NEW and report.responsible_organisation == handler.organisation
    assert report.reopened_count == 1
    assert report.events.last().kind == ReportEvent.Kind.REOPENED


def test_not_fixed_after_30_days_is_refused(
    handen, vandalism_rule, coordinator, handler, django_capture_on_commit_callbacks
):
    citizen_report, report = accepted(django_capture_on_commit_callbacks, coordinator)
    report_services.resolve_report(report=report, by=handler, note="Klart.")
    Report.objects.filter(pk=report.pk).update(resolved_at=timezone.now() - timedelta(days=31))
    citizen_report.refresh_from_db()
    with pytest.raises(ValidationError):
        services.reopen_as_citizen(citizen_report=citizen_report, reason="Fortfarande trasig.")
    report.refresh_from_db()
    assert report.status == Report.Status.RESOLVED


def test_a_follower_cannot_reopen_an_open_report(
    handen, vandalism_rule, coordinator, django_capture_on_commit_callbacks
):
    citizen_report, _report = accepted(django_capture_on_commit_callbacks, coordinator)
    with pytest.raises(ValidationError):
        services.reopen_as_citizen(citizen_report=citizen_report, reason="?")


# --- retention --------------------------------------------------------------------------------


def test_contact_details_are_erased_when_the_report_is_anonymised(
    handen, vandalism_rule, coordinator, handler, django_capture_on_commit_callbacks
):
    citizen_report, report = accepted(django_capture_on_commit_callbacks, coordinator)
    report_services.resolve_report(report=report, by=handler, note="Klart.", public_feedback="Fixat.")
    report_services.anonymise_report(report=report)
    citizen_report.refresh_from_db()
    assert citizen_report.email == "" and citizen_report.name == "" and citizen_report.erased_at
    assert all(event.text == "" for event in citizen_report.events.all())
    assert not ReportEvent.objects.filter(report=report).exclude(public_note="").exists()


def test_rejected_reports_are_erased_after_the_retention_period(
    handen, coordinator, settings, django_capture_on_commit_callbacks
):
    settings.REPORTS_RETENTION_DAYS = 30
    citizen_report = confirmed(django_capture_on_commit_callbacks, name="Anna", phone="070")
    services.reject_citizen_report(citizen_report=citizen_report, by=coordinator, reason="Privat mark.")
    assert services.erase_expired_contact_details() == 0
    assert services.erase_expired_contact_details(now=timezone.now() + timedelta(days=31)) == 1
    citizen_report.refresh_from_db()
    assert (citizen_report.email, citizen_report.name, citizen_report.phone) == ("", "", "")


def test_open_reports_keep_the_contact_details(
    handen, vandalism_rule, coordinator, settings, django_capture_on_commit_callbacks
):
    settings.REPORTS_RETENTION_DAYS = 30
    citizen_report, _report = accepted(django_capture_on_commit_callbacks, coordinator)
    assert services.erase_expired_contact_details(now=timezone.now() + timedelta(days=400)) == 0
    citizen_report.refresh_from_db()
    assert citizen_report.email == "anna@example.test"
