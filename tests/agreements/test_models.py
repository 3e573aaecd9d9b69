from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from agreements.models import AgreementVersion, Commitment, FollowUpPeriod, Signature
from partners.categories import IncidentCategory
from tests.agreements.factories import PeriodFactory, VersionFactory, make_version, sign

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]


def test_body_is_rendered_and_sanitised_when_saved():
    version = VersionFactory(body_raw="**fet** <script>alert(1)</script>")
    assert "<strong>fet</strong>" in version.body_html
    assert "<script>" not in version.body_html


def test_overlapping_validity_periods_of_one_agreement_are_refused():
    first = VersionFactory(valid_from=date(2019, 1, 1), valid_until=date(2026, 12, 31))
    second = AgreementVersion(
        agreement=first.agreement,
        number=2,
        body_raw="x",
        valid_from=date(2026, 6, 1),
        valid_until=date(2030, 1, 1),
    )
    with pytest.raises(ValidationError, match="overlaps"):
        second.full_clean()


def test_adjacent_validity_periods_are_accepted():
    first = VersionFactory(valid_from=date(2019, 1, 1), valid_until=date(2026, 12, 31))
    second = AgreementVersion(
        agreement=first.agreement,
        number=2,
        body_raw="x",
        valid_from=date(2027, 1, 1),
        valid_until=date(2030, 1, 1),
    )
    second.full_clean()


def test_end_before_start_is_refused():
    version = AgreementVersion(
        agreement=VersionFactory().agreement,
        number=5,
        body_raw="x",
        valid_from=date(2040, 1, 1),
        valid_until=date(2039, 1, 1),
    )
    with pytest.raises(ValidationError):
        version.full_clean()


def test_clean_refuses_body_edit_of_open_version():
    version = make_version(status=AgreementVersion.Status.OPEN)
    version.body_raw = "Ändrad text"
    with pytest.raises(ValidationError, match="no longer a draft"):
        version.full_clean()


def test_save_refuses_body_edit_of_open_version():
    version = make_version(status=AgreementVersion.Status.OPEN)
    version.body_raw = "Ändrad text"
    with pytest.raises(ValidationError):
        version.save()


def test_commitments_of_open_version_cannot_change_or_be_added():
    version = make_version(status=AgreementVersion.Status.OPEN)
    commitment = version.commitments.get()
    commitment.response_target_hours = 1
    with pytest.raises(ValidationError):
        commitment.save()
    with pytest.raises(ValidationError):
        commitment.delete()
    with pytest.raises(ValidationError):
        Commitment.objects.create(
            version=version, category=IncidentCategory.FIRE, promise="x", response_target_hours=4
        )


def test_response_target_must_be_positive():
    version = make_version()
    with pytest.raises(IntegrityError), transaction.atomic():
        Commitment.objects.create(
            version=version, category=IncidentCategory.FIRE, promise="x", response_target_hours=0
        )


def test_signature_cannot_be_edited_or_deleted(signatory, organisation):
    version = make_version(status=AgreementVersion.Status.OPEN)
    signature = sign(version, organisation, signatory)
    signature.text_sha256 = "0" * 64
    with pytest.raises(ValidationError):
        signature.save()
    with pytest.raises(ValidationError):
        signature.delete()
    with pytest.raises(ValidationError):
        Signature.objects.filter(pk=signature.pk).update(text_sha256="0" * 64)
    with pytest.raises(ValidationError):
        Signature.objects.filter(pk=signature.pk).delete()


def test_database_refuses_update_and_delete_of_signature(signatory, organisation):
    version = make_version(status=AgreementVersion.Status.OPEN)
    signature = sign(version, organisation, signatory)
    table = Signature._meta.db_table
    with pytest.raises(Exception, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET text_sha256 = 'x' WHERE id = %s", [signature.pk])
    with pytest.raises(Exception, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE id = %s", [signature.pk])
    assert Signature.objects.get(pk=signature.pk).text_sha256 == version.text_sha256()


def test_database_refuses_text_change_of_signed_version(signatory, organisation):
    version = make_version(status=AgreementVersion.Status.OPEN)
    sign(version, organisation, signatory)
    table = AgreementVersion._meta.db_table
    with (
        pytest.raises(Exception, match="signed version"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"UPDATE {table} SET body_raw = 'ändrad' WHERE id = %s", [version.pk])
    version.refresh_from_db()
    assert version.body_raw != "ändrad"


def test_one_signature_per_organisation_and_version(signatory, organisation):
    version = make_version(status=AgreementVersion.Status.OPEN)
    sign(version, organisation, signatory)
    with pytest.raises(IntegrityError), transaction.atomic():
        sign(version, organisation, signatory)


def test_canonical_text_contains_body_and_commitments_in_category_order():
    version = make_version(commitments=((IncidentCategory.VANDALISM, 48), (IncidentCategory.FIRE, 4)))
    text = version.canonical_text()
    assert "snabbt" in text
    assert text.index("- fire: 4 h.") < text.index("- vandalism: 48 h.")


def test_the_signed_text_a_reader_sees_names_categories_by_label_while_the_hash_keeps_the_code():
    from django.utils import translation

    version = make_version(commitments=((IncidentCategory.GRAFFITI, 48),))
    with translation.override("sv"):
        html = version.canonical_html()
    assert "Klotter: 48 h." in html and "graffiti:" not in html
    assert "- graffiti: 48 h." in version.canonical_text()


def test_canonical_text_ignores_crlf_line_endings():
    unix = make_version(body_raw="rad ett\nrad två")
    windows = make_version(body_raw="rad ett\r\nrad två")
    assert "\r" not in windows.canonical_text()
    assert unix.canonical_text().split("\n")[2:] == windows.canonical_text().split("\n")[2:]


@pytest.mark.parametrize(
    ("term", "start", "end"),
    [
        (FollowUpPeriod.Term.T1, date(2026, 1, 1), date(2026, 4, 30)),
        (FollowUpPeriod.Term.T2, date(2026, 5, 1), date(2026, 8, 31)),
        (FollowUpPeriod.Term.ANNUAL, date(2026, 1, 1), date(2026, 12, 31)),
    ],
)
def test_period_dates_follow_the_tertials(term, start, end):
    period = PeriodFactory(term=term, year=2026)
    assert (period.starts_on, period.ends_on) == (start, end)


def test_period_starting_after_today_is_future():
    period = PeriodFactory(term=FollowUpPeriod.Term.T2, year=2026)
    assert period.is_future(date(2026, 4, 30))
    assert not period.is_future(date(2026, 5, 1))
