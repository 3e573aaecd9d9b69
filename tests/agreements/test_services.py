import hashlib
from datetime import date, timedelta

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError

from agreements import services
from agreements.models import (
    AgreementVersion,
    Decline,
    FollowUp,
    FollowUpPeriod,
    Signature,
    SignatureWithdrawal,
)
from partners.categories import IncidentCategory
from partners.models import AuditEvent
from realtime.models import Notification
from tests.agreements.factories import MeasureFactory, PeriodFactory, make_version, sign
from tests.partners.factories import PASSWORD, OrganisationFactory, make_member

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]
OPEN = AgreementVersion.Status.OPEN


@pytest.fixture(autouse=True)
def _fresh_throttle():
    """The signing step counts wrong confirmations per user id in the cache; ids repeat."""
    cache.clear()
    yield
    cache.clear()


def _sign(version, user, password=PASSWORD, **kwargs):
    return services.sign_version(
        version=version, organisation=user.membership.organisation, by=user, password=password, **kwargs
    )


# --- signing ---------------------------------------------------------------------------------------


def test_signatory_signs_open_version_with_password_and_hash_of_canonical_text(signatory):
    version = make_version(status=OPEN)
    signature = _sign(version, signatory)
    assert signature.signed_by == signatory
    assert signature.organisation == signatory.membership.organisation
    assert signature.text_sha256 == hashlib.sha256(version.canonical_text().encode()).hexdigest()
    assert AuditEvent.objects.filter(action="signature.create", target_id=str(signature.pk)).exists()


def test_coordinators_are_notified_of_each_signature(signatory, coordinator):
    version = make_version(status=OPEN)
    _sign(version, signatory)
    notification = Notification.objects.get(recipient=coordinator, kind="agreement_signed")
    assert notification.url.endswith(f"/versions/{version.pk}/board/")


def test_signing_in_force_version_is_allowed_for_latecomers(signatory):
    version = make_version(status=AgreementVersion.Status.IN_FORCE)
    assert _sign(version, signatory).pk


@pytest.mark.parametrize("status", [AgreementVersion.Status.DRAFT, AgreementVersion.Status.EXPIRED])
def test_signing_draft_or_expired_version_is_refused(signatory, status):
    version = make_version(status=status)
    with pytest.raises(ValidationError, match="not open for signing"):
        _sign(version, signatory)
    assert not Signature.objects.exists()


def test_signing_twice_for_same_organisation_is_refused(signatory, organisation):
    version = make_version(status=OPEN)
    _sign(version, signatory)
    colleague = make_member(organisation, signatory=True)
    with pytest.raises(ValidationError, match="already signed"):
        _sign(version, colleague)
    assert Signature.objects.count() == 1


def test_non_signatory_cannot_sign(member):
    version = make_version(status=OPEN)
    with pytest.raises(PermissionDenied):
        _sign(version, member)
    assert not Signature.objects.exists()


def test_wrong_password_is_refused_and_nothing_saved(signatory):
    version = make_version(status=OPEN)
    with pytest.raises(ValidationError, match="password"):
        _sign(version, signatory, password="wrong")
    assert not Signature.objects.exists()
    assert not AuditEvent.objects.filter(action="signature.create").exists()


def test_a_wrong_password_at_the_signing_step_is_audited(signatory):
    version = make_version(status=OPEN)
    with pytest.raises(ValidationError):
        _sign(version, signatory, password="wrong")
    event = AuditEvent.objects.get(action="signature.confirm_failed")
    assert event.actor == signatory and event.target_id == str(version.pk)
    assert event.data["method"] == "password"


def test_after_five_wrong_passwords_even_the_right_one_does_not_sign(signatory):
    version = make_version(status=OPEN)
    for _ in range(services.SIGN_CONFIRM_ATTEMPTS):
        with pytest.raises(ValidationError, match="password"):
            _sign(version, signatory, password="wrong")
    with pytest.raises(ValidationError) as error:
        _sign(version, signatory)
    assert error.value.code == "sign_throttled"
    assert not Signature.objects.exists()
    assert (
        AuditEvent.objects.filter(action="signature.confirm_failed").count() == services.SIGN_CONFIRM_ATTEMPTS
    )


def test_the_throttle_is_per_person(signatory, organisation):
    version = make_version(status=OPEN)
    for _ in range(services.SIGN_CONFIRM_ATTEMPTS):
        with pytest.raises(ValidationError):
            _sign(version, signatory, password="wrong")
    colleague = make_member(organisation, signatory=True)
    assert _sign(version, colleague).pk


def _current_totp(authenticator):
    from allauth.mfa.utils import decrypt

    secret = decrypt(authenticator.data["secret"])
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


def test_user_with_totp_signs_with_current_code_not_password(signatory):
    authenticator = TOTP.activate(signatory, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP").instance
    version = make_version(status=OPEN)
    with pytest.raises(ValidationError, match="code"):
        _sign(version, signatory)  # the password alone is not enough once MFA is on
    signature = _sign(version, signatory, password="", totp_code=_current_totp(authenticator))
    assert signature.pk
    assert Authenticator.objects.filter(user=signatory).exists()


def test_wrong_totp_code_is_refused(signatory):
    TOTP.activate(signatory, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    version = make_version(status=OPEN)
    with pytest.raises(ValidationError, match="code"):
        _sign(version, signatory, totp_code="000000")
    assert not Signature.objects.exists()


def test_wrong_authenticator_codes_are_audited_and_throttled_too(signatory):
    authenticator = TOTP.activate(signatory, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP").instance
    version = make_version(status=OPEN)
    for _ in range(services.SIGN_CONFIRM_ATTEMPTS):
        with pytest.raises(ValidationError, match="code"):
            _sign(version, signatory, totp_code="000000")
    with pytest.raises(ValidationError) as error:
        _sign(version, signatory, password="", totp_code=_current_totp(authenticator))
    assert error.value.code == "sign_throttled"
    assert set(
        AuditEvent.objects.filter(action="signature.confirm_failed").values_list("data__method", flat=True)
    ) == {"totp"}


def test_signature_cannot_be_withdrawn_without_reason(signatory):
    signature = _sign(make_version(status=OPEN), signatory)
    with pytest.raises(ValidationError):
        services.withdraw_signature(signature=signature, by=signatory, reason="  ")


def test_withdrawal_is_a_new_logged_record_and_signature_stays(signatory, coordinator):
    signature = _sign(make_version(status=OPEN), signatory)
    services.withdraw_signature(signature=signature, by=signatory, reason="Organisationen läggs ner.")
    assert Signature.objects.filter(pk=signature.pk).exists()
    assert SignatureWithdrawal.objects.get(signature=signature).reason == "Organisationen läggs ner."
    assert AuditEvent.objects.filter(action="signature.withdraw").exists()
    assert Notification.objects.filter(recipient=coordinator, kind="agreement_withdrawn").exists()
    with pytest.raises(ValidationError):
        services.withdraw_signature(signature=signature, by=signatory, reason="igen")


def test_member_of_other_organisation_cannot_withdraw(signatory, other_organisation):
    signature = _sign(make_version(status=OPEN), signatory)
    stranger = make_member(other_organisation, signatory=True)
    with pytest.raises(PermissionDenied):
        services.withdraw_signature(signature=signature, by=stranger, reason="nej")


def test_signatory_declines_with_reason_once(signatory):
    version = make_version(status=OPEN)
    services.decline_version(
        version=version, organisation=signatory.membership.organisation, by=signatory, reason="För kort tid"
    )
    assert Decline.objects.get(version=version).reason == "För kort tid"
    assert AuditEvent.objects.filter(action="agreement_version.decline").exists()
    with pytest.raises(ValidationError):
        services.decline_version(
            version=version, organisation=signatory.membership.organisation, by=signatory, reason="igen"
        )


def test_decline_without_reason_is_refused(signatory):
    with pytest.raises(ValidationError):
        services.decline_version(
            version=make_version(status=OPEN),
            organisation=signatory.membership.organisation,
            by=signatory,
            reason="",
        )


# --- drafting, editing and renewal ----------------------------------------------------------------


def test_only_coordinators_draft_versions(member):
    version = make_version(status=AgreementVersion.Status.IN_FORCE)
    with pytest.raises(PermissionDenied):
        services.draft_next_version(agreement=version.agreement, by=member)


def test_draft_next_version_copies_body_and_commitments_and_follows_on(coordinator):
    current = make_version(
        status=AgreementVersion.Status.IN_FORCE,
        commitments=((IncidentCategory.VANDALISM, 48), (IncidentCategory.GRAFFITI, 72)),
    )
    draft = services.draft_next_version(agreement=current.agreement, by=coordinator)
    assert draft.number == 2 and draft.previous == current and draft.is_draft
    assert draft.body_raw == current.body_raw
    assert draft.valid_from == current.valid_until + timedelta(days=1)
    assert sorted(draft.commitments.values_list("category", "response_target_hours")) == [
        ("graffiti", 72),
        ("vandalism", 48),
    ]


def test_second_draft_is_refused_while_one_exists(coordinator):
    current = make_version(status=AgreementVersion.Status.IN_FORCE)
    services.draft_next_version(agreement=current.agreement, by=coordinator)
    with pytest.raises(ValidationError, match="already exists"):
        services.draft_next_version(agreement=current.agreement, by=coordinator)


def test_update_draft_replaces_text_and_commitments(coordinator):
    draft = make_version()
    services.update_draft(
        version=draft,
        by=coordinator,
        body="Ny text",
        valid_from=draft.valid_from,
        valid_until=draft.valid_until,
        commitments=[{"category": "fire", "promise": "Släcka", "response_target_hours": 2}],
    )
    draft.refresh_from_db()
    assert draft.body_raw == "Ny text"
    assert list(draft.commitments.values_list("category", flat=True)) == ["fire"]


def test_editing_version_open_for_signing_is_refused(coordinator):
    version = make_version(status=OPEN)
    with pytest.raises(ValidationError, match="cannot be changed"):
        services.update_draft(
            version=version,
            by=coordinator,
            body="Ändrad",
            valid_from=version.valid_from,
            valid_until=version.valid_until,
        )
    version.refresh_from_db()
    assert version.body_raw != "Ändrad"


def test_version_cannot_change_after_its_first_signature(coordinator, signatory):
    version = make_version(status=OPEN)
    before = version.canonical_text()
    signature = _sign(version, signatory)
    with pytest.raises(ValidationError):
        services.update_draft(
            version=version,
            by=coordinator,
            body="Ändrad",
            valid_from=version.valid_from,
            valid_until=version.valid_until,
        )
    version.body_raw = "Ändrad"
    with pytest.raises(ValidationError):
        version.save()
    version.refresh_from_db()
    assert version.canonical_text() == before
    assert signature.text_sha256 == version.text_sha256()


def test_overlapping_period_in_draft_is_refused_and_nothing_saved(coordinator):
    current = make_version(status=AgreementVersion.Status.IN_FORCE)
    draft = services.draft_next_version(agreement=current.agreement, by=coordinator)
    with pytest.raises(ValidationError, match="overlaps"):
        services.update_draft(
            version=draft,
            by=coordinator,
            body="Ny text",
            valid_from=current.valid_until - timedelta(days=10),
            valid_until=draft.valid_until,
            commitments=[],
        )
    draft.refresh_from_db()
    assert draft.body_raw == current.body_raw
    assert draft.commitments.count() == 1


def test_duplicate_category_in_draft_is_refused(coordinator):
    draft = make_version()
    with pytest.raises(ValidationError):
        services.update_draft(
            version=draft,
            by=coordinator,
            body="x",
            valid_from=draft.valid_from,
            valid_until=draft.valid_until,
            commitments=[
                {"category": "fire", "promise": "a", "response_target_hours": 2},
                {"category": "fire", "promise": "b", "response_target_hours": 3},
            ],
        )
    assert draft.commitments.count() == 1


def test_opening_renewal_notifies_and_emails_signatories_of_previous_signers(
    coordinator, signatory, organisation, member, django_capture_on_commit_callbacks
):
    current = make_version(status=AgreementVersion.Status.IN_FORCE)
    sign(current, organisation, signatory)
    other = OrganisationFactory()
    not_signed = make_member(other, signatory=True)
    draft = services.draft_next_version(agreement=current.agreement, by=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        services.open_for_signing(version=draft, by=coordinator)
    draft.refresh_from_db()
    assert draft.status == OPEN and draft.opened_at
    notified = set(Notification.objects.filter(kind="agreement_open").values_list("recipient", flat=True))
    assert notified == {signatory.pk}
    assert [message.to for message in mail.outbox] == [[signatory.email]]
    assert member.pk not in notified and not_signed.pk not in notified


def test_opening_non_draft_is_refused(coordinator):
    with pytest.raises(ValidationError):
        services.open_for_signing(version=make_version(status=OPEN), by=coordinator)


def test_non_coordinator_cannot_open(signatory):
    with pytest.raises(PermissionDenied):
        services.open_for_signing(version=make_version(), by=signatory)


# --- coming into force ----------------------------------------------------------------------------


def test_version_comes_into_force_on_valid_from_and_supersedes_previous(coordinator):
    current = make_version(status=AgreementVersion.Status.IN_FORCE)
    draft = services.draft_next_version(agreement=current.agreement, by=coordinator)
    services.open_for_signing(version=draft, by=coordinator)
    services.activate_versions(today=draft.valid_from - timedelta(days=1))
    draft.refresh_from_db()
    assert draft.status == OPEN
    services.activate_versions(today=draft.valid_from)
    draft.refresh_from_db()
    current.refresh_from_db()
    assert draft.status == AgreementVersion.Status.IN_FORCE
    assert current.status == AgreementVersion.Status.SUPERSEDED


def test_version_in_force_expires_after_valid_until():
    version = make_version(status=AgreementVersion.Status.IN_FORCE)
    services.activate_versions(today=version.valid_until)
    version.refresh_from_db()
    assert version.status == AgreementVersion.Status.IN_FORCE
    services.activate_versions(today=version.valid_until + timedelta(days=1))
    version.refresh_from_db()
    assert version.status == AgreementVersion.Status.EXPIRED


# --- follow-ups -----------------------------------------------------------------------------------


@pytest.fixture
def measure(municipality):
    return MeasureFactory(responsible=municipality)


@pytest.fixture
def department_member(municipality):
    return make_member(municipality)


def _record(measure, period, by, spent="1000", today=date(2026, 6, 1)):
    return services.record_follow_up(
        measure=measure,
        period=period,
        by=by,
        status="in_progress",
        spent_sek=spent,
        narrative="Det går bra.",
        today=today,
    )


def test_responsible_department_records_follow_up(measure, department_member):
    period = PeriodFactory(programme=measure.programme)
    follow_up = _record(measure, period, department_member)
    assert follow_up.spent_sek == 1000 and follow_up.recorded_by == department_member
    measure.refresh_from_db()
    assert measure.status == "in_progress"


def test_recording_again_updates_the_same_follow_up(measure, department_member):
    period = PeriodFactory(programme=measure.programme)
    _record(measure, period, department_member, spent="1000")
    _record(measure, period, department_member, spent="2500")
    assert FollowUp.objects.get().spent_sek == 2500


def test_other_organisation_cannot_record_follow_up(measure, member):
    with pytest.raises(PermissionDenied):
        _record(measure, PeriodFactory(programme=measure.programme), member)


@pytest.mark.parametrize("amount", ["-5", "tusen", "12.5", None])
def test_negative_or_non_numeric_amount_is_refused(measure, department_member, amount):
    with pytest.raises(ValidationError):
        _record(measure, PeriodFactory(programme=measure.programme), department_member, spent=amount)
    assert not FollowUp.objects.exists()


def test_follow_up_for_future_period_is_refused(measure, department_member):
    period = PeriodFactory(programme=measure.programme, term=FollowUpPeriod.Term.T2, year=2026)
    with pytest.raises(ValidationError, match="not started"):
        _record(measure, period, department_member, today=date(2026, 3, 1))
    assert not FollowUp.objects.exists()


def test_closed_period_refuses_follow_up_until_coordinator_reopens(measure, department_member, coordinator):
    period = PeriodFactory(programme=measure.programme, is_open=False)
    with pytest.raises(ValidationError, match="closed"):
        _record(measure, period, department_member)
    services.set_period_state(period=period, by=coordinator, is_open=True)
    period.refresh_from_db()
    assert _record(measure, period, department_member).pk


def test_only_coordinators_change_period_state(department_member):
    with pytest.raises(PermissionDenied):
        services.set_period_state(period=PeriodFactory(), by=department_member, is_published=True)


def test_duplicate_period_is_refused(coordinator):
    period = PeriodFactory()
    with pytest.raises(ValidationError):
        services.create_period(programme=period.programme, by=coordinator, year=period.year, term=period.term)


def test_spending_above_the_allocation_is_accepted_flagged_and_audited(municipality, department_member):
    forum = MeasureFactory(responsible=municipality, budget_sek=400_000)
    follow_up = _record(forum, PeriodFactory(programme=forum.programme), department_member, spent="450 000")
    assert follow_up.spent_sek == 450_000 and follow_up.over_budget_sek == 50_000
    event = AuditEvent.objects.filter(action="followup.record").latest("pk")
    assert event.data["over_budget_sek"] == 50_000
