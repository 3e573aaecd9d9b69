import hashlib
import html
import re
from datetime import date

import pytest
from django.urls import reverse

from agreements.models import AgreementVersion, FollowUp, Signature
from tests.agreements.factories import AreaGroupFactory, MeasureFactory, PeriodFactory, make_version, sign
from tests.partners.factories import PASSWORD, make_member

pytestmark = pytest.mark.django_db
OPEN = AgreementVersion.Status.OPEN
IN_FORCE = AgreementVersion.Status.IN_FORCE


@pytest.fixture
def world(municipality, signatory, organisation):
    in_force = make_version(status=IN_FORCE)
    sign(in_force, organisation, signatory)
    measure = MeasureFactory(responsible=municipality, area=None)
    period = PeriodFactory(programme=measure.programme, is_published=True)
    FollowUp.objects.create(measure=measure, period=period, status="done", narrative="Klart")
    return {"version": in_force, "signature": in_force.signatures.get(), "measure": measure, "period": period}


def test_draft_is_hidden_from_members(client_for, member, coordinator):
    draft = make_version()
    assert client_for(member).get(reverse("agreements:version", args=[draft.pk])).status_code == 404
    assert client_for(coordinator).get(reverse("agreements:version", args=[draft.pk])).status_code == 200


def _canonical_from_page(content: bytes) -> str:
    match = re.search(rb'<pre class="canonical-text" id="canonical-text">(.*?)</pre>', content, re.S)
    return html.unescape(match.group(1).decode())


def test_stored_hash_equals_sha256_of_text_as_shown_on_version_and_print_pages(client_for, member, world):
    version = make_version(
        status=OPEN,
        body_raw='Text med <tecken> & "citat"\r\nrad två',
        number=2,
        agreement=world["version"].agreement,
        valid_from=date(2027, 1, 1),
        valid_until=date(2030, 12, 31),
    )
    signer = make_member(member.membership.organisation, signatory=True)
    client_for(signer).post(reverse("agreements:version_sign", args=[version.pk]), {"password": PASSWORD})
    signature = Signature.objects.get(version=version)
    for name in ("agreements:version", "agreements:version_print"):
        content = client_for(member).get(reverse(name, args=[version.pk])).content
        shown = _canonical_from_page(content)
        assert hashlib.sha256(shown.encode("utf-8")).hexdigest() == signature.text_sha256
        assert signature.text_sha256.encode() in content


def test_signatory_signs_through_the_page_with_password(client_for, signatory):
    version = make_version(status=OPEN)
    response = client_for(signatory).post(
        reverse("agreements:version_sign", args=[version.pk]), {"password": PASSWORD}, follow=True
    )
    assert Signature.objects.filter(version=version, signed_by=signatory).exists()
    assert "Signe Signatär" in response.content.decode()


def test_wrong_password_on_page_shows_message_and_saves_nothing(client_for, signatory):
    version = make_version(status=OPEN)
    response = client_for(signatory).post(
        reverse("agreements:version_sign", args=[version.pk]), {"password": "fel"}, follow=True
    )
    assert response.status_code == 200
    assert not Signature.objects.exists()
    assert list(response.context["messages"])


def test_non_signatory_sees_disabled_sign_button_with_reason(client_for, member):
    version = make_version(status=OPEN)
    content = client_for(member).get(reverse("agreements:version", args=[version.pk])).content.decode()
    assert re.search(
        r'<button type="submit" class="primary" disabled aria-describedby="sign-refusal">', content
    )
    assert 'id="sign-refusal"' in content
    assert 'name="password"' not in content


def test_non_signatory_post_to_sign_is_forbidden(client_for, member):
    version = make_version(status=OPEN)
    assert (
        client_for(member)
        .post(reverse("agreements:version_sign", args=[version.pk]), {"password": PASSWORD})
        .status_code
        == 403
    )


def test_signatory_sees_password_field(client_for, signatory):
    version = make_version(status=OPEN)
    content = client_for(signatory).get(reverse("agreements:version", args=[version.pk])).content.decode()
    assert 'name="password"' in content


def test_edit_page_of_open_version_redirects_with_message(client_for, coordinator):
    version = make_version(status=OPEN)
    response = client_for(coordinator).post(
        reverse("agreements:version_edit", args=[version.pk]),
        {
            "body": "Ändrad",
            "valid_from": "2019-01-01",
            "valid_until": "2026-12-31",
            "commitments-TOTAL_FORMS": "0",
            "commitments-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.body_raw != "Ändrad"


def test_coordinator_edits_draft_with_commitments(client_for, coordinator):
    draft = make_version()
    data = {
        "body": "Ny text",
        "valid_from": "2019-01-01",
        "valid_until": "2026-12-31",
        "commitments-TOTAL_FORMS": "2",
        "commitments-INITIAL_FORMS": "0",
        "commitments-0-category": "fire",
        "commitments-0-response_target_hours": "4",
        "commitments-0-promise": "Säkra branden",
        "commitments-1-category": "",
        "commitments-1-response_target_hours": "",
        "commitments-1-promise": "",
    }
    response = client_for(coordinator).post(reverse("agreements:version_edit", args=[draft.pk]), data)
    assert response.status_code == 302
    assert list(draft.commitments.values_list("category", "response_target_hours")) == [("fire", 4)]


@pytest.mark.parametrize("hours", ["0", "-3", "tolv"])
def test_bad_response_target_is_refused_in_form(client_for, coordinator, hours):
    draft = make_version()
    data = {
        "body": "Ny text",
        "valid_from": "2019-01-01",
        "valid_until": "2026-12-31",
        "commitments-TOTAL_FORMS": "1",
        "commitments-INITIAL_FORMS": "0",
        "commitments-0-category": "fire",
        "commitments-0-response_target_hours": hours,
        "commitments-0-promise": "x",
    }
    response = client_for(coordinator).post(reverse("agreements:version_edit", args=[draft.pk]), data)
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.body_raw != "Ny text"


def test_diff_page_escapes_markup(client_for, coordinator):
    current = make_version(status=IN_FORCE)
    client_for(coordinator).post(reverse("agreements:renew", args=[current.agreement_id]))
    draft = AgreementVersion.objects.get(number=2)
    # Raw HTML is stripped by the sanitiser; markup shown as code is text, and escaped on the page.
    draft.body_raw = "<script>alert(1)</script>\n\nSkriv inte `<script>alert(2)</script>`."
    draft.save()
    content = (
        client_for(coordinator).get(reverse("agreements:version_diff", args=[draft.pk])).content.decode()
    )
    assert "<script>alert(1)</script>" not in content and "<script>alert(2)</script>" not in content
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in content
    assert '<ins class="diff-line added' in content and '<del class="diff-line removed' in content


def test_renewal_board_shows_signature_after_signing(client_for, coordinator, signatory, organisation):
    current = make_version(status=IN_FORCE)
    sign(current, organisation, signatory)
    client_for(coordinator).post(reverse("agreements:renew", args=[current.agreement_id]))
    draft = AgreementVersion.objects.get(number=2)
    client_for(coordinator).post(reverse("agreements:version_open", args=[draft.pk]))
    board = client_for(coordinator).get(reverse("agreements:board", args=[draft.pk])).content.decode()
    assert 'id="count-pending">1<' in board
    client_for(signatory).post(reverse("agreements:version_sign", args=[draft.pk]), {"password": PASSWORD})
    board = client_for(coordinator).get(reverse("agreements:board", args=[draft.pk])).content.decode()
    assert 'id="count-signed">1<' in board and "Signe Signatär" in board


def test_follow_up_form_refuses_negative_amount(client_for, municipality):
    recorder = make_member(municipality)
    measure = MeasureFactory(responsible=municipality)
    period = PeriodFactory(programme=measure.programme, year=2026, term="t1")
    response = client_for(recorder).post(
        reverse("agreements:measure", args=[measure.pk]),
        {"period": period.pk, "status": "done", "spent_sek": "-1", "narrative": "x"},
    )
    assert response.status_code == 200
    assert not FollowUp.objects.exists()


def test_follow_up_form_records_for_responsible_department(client_for, municipality):
    recorder = make_member(municipality)
    measure = MeasureFactory(responsible=municipality)
    period = PeriodFactory(programme=measure.programme, year=2026, term="t1")
    response = client_for(recorder).post(
        reverse("agreements:measure", args=[measure.pk]),
        {"period": period.pk, "status": "done", "spent_sek": "1200", "narrative": "Klart"},
    )
    assert response.status_code == 302
    assert FollowUp.objects.get().spent_sek == 1200


def test_member_of_other_organisation_cannot_post_follow_up(client_for, member, municipality):
    measure = MeasureFactory(responsible=municipality)
    PeriodFactory(programme=measure.programme)
    response = client_for(member).post(reverse("agreements:measure", args=[measure.pk]), {"spent_sek": "1"})
    assert response.status_code == 403


def test_unpublished_period_report_is_hidden_from_members(client_for, member, leader):
    period = PeriodFactory(is_published=False)
    assert client_for(member).get(reverse("agreements:period", args=[period.pk])).status_code == 404
    assert client_for(leader).get(reverse("agreements:period", args=[period.pk])).status_code == 200


def test_csv_export_starts_with_bom_and_has_totals(client_for, coordinator):
    area = AreaGroupFactory(name="Sociala insatser")
    measure = MeasureFactory(
        programme=area.programme, area=area, budget_sek=1_500_000, title="Avhopparverksamhet"
    )
    period = PeriodFactory(programme=area.programme)
    FollowUp.objects.create(
        measure=measure, period=period, status="done", spent_sek=400_000, narrative="Åtgärd"
    )
    response = client_for(coordinator).get(reverse("agreements:period_csv", args=[period.pk]))
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    assert "Avhopparverksamhet;" in body and "1500000;400000" in body
    assert response["Content-Type"].startswith("text/csv")


def test_coordinator_publishes_and_reopens_period(client_for, coordinator):
    period = PeriodFactory(is_open=False)
    client_for(coordinator).post(reverse("agreements:period_state", args=[period.pk]), {"action": "publish"})
    client_for(coordinator).post(reverse("agreements:period_state", args=[period.pk]), {"action": "reopen"})
    period.refresh_from_db()
    assert period.is_published and period.is_open


def test_public_page_shows_published_follow_ups_without_names_or_unpublished_data(client_for, municipality):
    recorder = make_member(municipality, full_name="Hemlig Handläggare")
    measure = MeasureFactory(responsible=municipality, title="Trygghetsvärdar")
    published = PeriodFactory(programme=measure.programme, term="t1", is_published=True)
    hidden = PeriodFactory(programme=measure.programme, term="t2", is_published=False)
    FollowUp.objects.create(
        measure=measure,
        period=published,
        status="done",
        narrative="Publicerad berättelse",
        recorded_by=recorder,
    )
    FollowUp.objects.create(
        measure=measure,
        period=hidden,
        status="delayed",
        narrative="Intern uppgift om läget",
        recorded_by=recorder,
    )
    version = make_version(status=IN_FORCE, body_raw="Avtalstext som inte hör hemma här")
    sign(version, municipality, make_member(municipality, signatory=True, full_name="Signerande Person"))
    content = client_for(None).get(reverse("agreements:public")).content.decode()
    assert "Publicerad berättelse" in content and "Trygghetsvärdar" in content
    assert "Intern uppgift" not in content
    assert "Hemlig Handläggare" not in content and "Signerande Person" not in content
    assert "Avtalstext" not in content


def test_dashboard_panel_offers_signatory_to_sign_open_version(client_for, signatory, organisation):
    current = make_version(status=IN_FORCE)
    sign(current, organisation, signatory)
    make_version(
        status=OPEN,
        number=2,
        agreement=current.agreement,
        valid_from=date(2027, 1, 1),
        valid_until=date(2030, 1, 1),
    )
    content = client_for(signatory).get(reverse("dashboard")).content.decode()
    assert "panel-agreement" in content and "#sign-heading" in content
    assert reverse("agreements:index") in content


def test_version_page_query_count_is_constant(client_for, member, django_assert_max_num_queries):
    version = make_version(status=OPEN)
    for _ in range(15):
        other = make_member(signatory=True)
        sign(version, other.membership.organisation, other)
    client = client_for(member)
    with django_assert_max_num_queries(20):
        client.get(reverse("agreements:version", args=[version.pk]))


def test_period_report_query_count_is_constant(client_for, coordinator, django_assert_max_num_queries):
    area = AreaGroupFactory()
    period = PeriodFactory(programme=area.programme)
    for _ in range(15):
        measure = MeasureFactory(programme=area.programme, area=area)
        FollowUp.objects.create(measure=measure, period=period, status="done", narrative="x")
    client = client_for(coordinator)
    with django_assert_max_num_queries(15):
        client.get(reverse("agreements:period", args=[period.pk]))


def test_public_page_speaks_swedish(client_for):
    content = client_for(None).get(reverse("agreements:public")).content.decode()
    assert "Det här gör vi för tryggheten i Haninge" in content


def test_pdf_contains_the_signature_hash(client_for, member, world):
    response = client_for(member).get(reverse("agreements:version_pdf", args=[world["version"].pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert len(response.content) > 1000


def _pdf_text(data: bytes) -> bytes:
    """The decoded content streams of a reportlab PDF (ASCII85 then Flate)."""
    import base64
    import zlib

    text = b""
    for match in re.finditer(rb"stream\r?\n(.*?)~>", data, re.S):
        text += zlib.decompress(base64.a85decode(match.group(1) + b"~>", adobe=True))
    return text


def test_pdf_shows_text_commitments_and_signature_hashes(client_for, member, world):
    signature = world["signature"]
    content = _pdf_text(
        client_for(member).get(reverse("agreements:version_pdf", args=[world["version"].pk])).content
    )
    assert signature.text_sha256[:32].encode() in content and signature.text_sha256[32:].encode() in content
    assert b"Signe Signat" in content


def test_signatory_with_totp_is_asked_for_the_code_not_the_password(client_for, signatory):
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(signatory, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    version = make_version(status=OPEN)
    content = client_for(signatory).get(reverse("agreements:version", args=[version.pk])).content.decode()
    assert 'name="totp_code"' in content and 'name="password"' not in content


def test_dashboard_panel_shows_renewal_counts_to_coordinators(
    client_for, coordinator, signatory, organisation
):
    current = make_version(status=IN_FORCE)
    sign(current, organisation, signatory)
    renewal = make_version(
        status=OPEN,
        number=2,
        previous=current,
        agreement=current.agreement,
        valid_from=date(2027, 1, 1),
        valid_until=date(2030, 1, 1),
    )
    content = client_for(coordinator).get(reverse("dashboard")).content.decode()
    assert reverse("agreements:board", args=[renewal.pk]) in content
    assert "0 har skrivit under, 1 inte ännu, 0 har avböjt" in content


# --- issue 14: the measures follow-up, rendered signed text, Swedish dates and numbers --------------


def _body_without_source(content: str) -> str:
    """The page without the Markdown source kept for checking the hash."""
    return re.sub(r'<pre class="canonical-text".*?</pre>', "", content, flags=re.S)


MARKDOWN_BODY = "Inledning.\n\n### Vi lovar att\n\n- svara **snabbt**,\n- laga skadan."


def test_signed_text_is_rendered_on_version_and_print_pages_and_its_source_kept(client_for, member):
    version = make_version(status=OPEN, body_raw=MARKDOWN_BODY)
    for name in ("agreements:version", "agreements:version_print"):
        content = client_for(member).get(reverse(name, args=[version.pk])).content.decode()
        signed = re.search(
            r'<div class="agreement-body signed-text" id="signed-text">(.*?)</div>', content, re.S
        )
        assert "<h3>Vi lovar att</h3>" in signed.group(1) and "<strong>snabbt</strong>" in signed.group(1)
        assert "###" not in _body_without_source(content) and "**" not in _body_without_source(content)
        assert _canonical_from_page(content.encode()) == version.canonical_text()


def test_version_page_dates_are_long_swedish_dates(client_for, member):
    version = make_version(status=OPEN)
    content = client_for(member).get(reverse("agreements:version", args=[version.pk])).content.decode()
    assert "1 januari 2019 – 31 december 2026" in content


def test_pdf_renders_the_markdown_without_raw_markers(client_for, member):
    version = make_version(status=OPEN, body_raw=MARKDOWN_BODY)
    content = _pdf_text(client_for(member).get(reverse("agreements:version_pdf", args=[version.pk])).content)
    assert b"###" not in content and b"**" not in content
    assert b"Vi lovar att" in content and b"Inledning." in content
    raw = client_for(member).get(reverse("agreements:version_pdf", args=[version.pk])).content
    assert b"Helvetica-Bold" in raw


def test_diff_page_shows_readable_text_without_markdown_markers(client_for, coordinator):
    current = make_version(status=IN_FORCE, body_raw=MARKDOWN_BODY)
    client_for(coordinator).post(reverse("agreements:renew", args=[current.agreement_id]))
    draft = AgreementVersion.objects.get(number=2)
    draft.body_raw = MARKDOWN_BODY.replace("snabbt", "inom ett dygn")
    draft.save()
    content = (
        client_for(coordinator).get(reverse("agreements:version_diff", args=[draft.pk])).content.decode()
    )
    diff = content[content.index('<div class="diff"') :]
    assert "###" not in diff and "**" not in diff
    assert "<strong>Vi lovar att</strong>" in diff and "<mark>inom ett dygn,</mark>" in diff


@pytest.fixture
def forum(municipality):
    area = AreaGroupFactory(name="Strategisk ledning")
    return MeasureFactory(
        programme=area.programme, area=area, responsible=municipality, budget_sek=400_000, title="Forum"
    )


def test_recording_spending_above_the_allocation_warns_the_recorder(client_for, municipality, forum):
    recorder = make_member(municipality)
    period = PeriodFactory(programme=forum.programme, year=2026, term="t1")
    client = client_for(recorder)
    form = client.get(reverse("agreements:measure", args=[forum.pk])).content.decode()
    assert "Avsatt budget är 400\u00a0000 kr" in form
    response = client.post(
        reverse("agreements:measure", args=[forum.pk]),
        {"period": period.pk, "status": "done", "spent_sek": "450000", "narrative": "Extra möte"},
        follow=True,
    )
    content = response.content.decode()
    assert FollowUp.objects.get().spent_sek == 450_000
    assert "överstiger den avsatta budgeten på 400\u00a0000 kr med 50\u00a0000 kr" in content
    assert "50\u00a0000 över budget" in content


def test_period_report_shows_unreported_as_missing_with_last_figure_and_counts_that_match(
    client_for, coordinator, forum
):
    programme, area = forum.programme, forum.area
    idle = MeasureFactory(programme=programme, area=area, title="Vilande", budget_sek=100_000)
    late = MeasureFactory(programme=programme, area=area, title="Sen", budget_sek=500_000)
    t2 = PeriodFactory(programme=programme, term="t2")
    annual = PeriodFactory(programme=programme, term="annual")
    FollowUp.objects.create(measure=late, period=t2, status="in_progress", spent_sek=300_000, narrative="aug")
    FollowUp.objects.create(measure=forum, period=annual, status="done", spent_sek=450_000, narrative="år")
    content = client_for(coordinator).get(reverse("agreements:period", args=[annual.pk])).content.decode()
    assert "<li>Inte rapporterad: 2</li>" in content and "<li>Ej påbörjad: 0</li>" in content
    assert content.count('class="not-reported') == 2
    assert "enligt rapporten för maj–augusti 2026" in content
    assert 'class="tag missing">Saknas<' in content
    # The year's spending is the last known figure per measure: 450 000 + 300 000, the idle one missing.
    assert 'id="total-spent">750\u00a0000' in content
    assert "50\u00a0000 över budget" in content and 'id="over-budget-note"' in content
    assert idle.title in content


def test_csv_export_keeps_missing_empty_and_uses_decimal_commas(client_for, coordinator, forum):
    idle = MeasureFactory(programme=forum.programme, area=forum.area, title="Vilande", budget_sek=100_000)
    period = PeriodFactory(programme=forum.programme)
    FollowUp.objects.create(measure=forum, period=period, status="done", spent_sek=450_000, narrative="x")
    body = client_for(coordinator).get(reverse("agreements:period_csv", args=[period.pk])).content.decode()
    rows = {line.split(";")[2]: line.split(";") for line in body.splitlines()[1:]}
    assert rows["Forum"][5:9] == ["450000", "januari–april 2026", "1,13", "50000"]
    assert rows[idle.title][3:8] == ["Inte rapporterad", "100000", "", "", ""]
    assert "." not in "".join(rows["Forum"][4:9])


def test_programme_without_budget_shows_no_empty_budget_row(client_for, coordinator):
    from agreements.models import Programme
    from tests.agreements.factories import ProgrammeFactory

    programme = ProgrammeFactory(kind=Programme.Kind.CITIZEN_PROMISE)
    measure = MeasureFactory(programme=programme, area=None, budget_sek=0)
    period = PeriodFactory(programme=programme)
    FollowUp.objects.create(measure=measure, period=period, status="done", narrative="Klart")
    content = client_for(coordinator).get(reverse("agreements:period", args=[period.pk])).content.decode()
    assert 'class="table totals"' not in content and "Ingen budget är avsatt" in content
