"""A PDF of a version: the text, the commitments and the signatures with their hashes (reportlab).

The standard PDF fonts cover Latin-1, which is enough for Swedish text; the canonical text is printed
verbatim so a reader can retype or copy it and compare its SHA-256 with the signatures.
"""

from __future__ import annotations

from io import BytesIO
from xml.sax.saxutils import escape

from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Preformatted, SimpleDocTemplate, Spacer, Table, TableStyle

from agreements.models import AgreementVersion, Signature


def version_pdf(version: AgreementVersion, signatures: list[Signature]) -> bytes:
    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("small", fontSize=8, leading=10)
    mono = styles["Code"].clone("mono", fontSize=7.5, leading=9.5, leftIndent=0)
    story = [
        Paragraph(escape(f"{version.agreement.title}, {_('version')} {version.number}"), styles["Title"]),
        Paragraph(
            escape(
                f"{_('Valid')} {version.valid_from:%Y-%m-%d} – {version.valid_until:%Y-%m-%d} · "
                f"{version.get_status_display()}"
            ),
            styles["BodyText"],
        ),
        Spacer(1, 4 * mm),
        Paragraph(escape(_("Commitments")), styles["Heading2"]),
    ]
    rows = [[_("Category"), _("Response target (hours)"), _("Promise")]]
    rows += [
        [c.get_category_display(), str(c.response_target_hours), Paragraph(escape(c.promise), small)]
        for c in version.commitments.all()
    ]
    story.append(_table(rows, [40 * mm, 30 * mm, 100 * mm]))
    story.append(Paragraph(escape(_("Signatures")), styles["Heading2"]))
    rows = [[_("Organisation"), _("Signed by"), _("Signed"), _("SHA-256 of the signed text")]]
    for signature in signatures:
        when = f"{localtime(signature.signed_at):%Y-%m-%d %H:%M}"
        if signature.is_withdrawn:
            when += f" ({_('Withdrawn')} {localtime(signature.withdrawal.created_at):%Y-%m-%d})"
        rows.append(
            [
                Paragraph(escape(signature.organisation.name), small),
                Paragraph(escape(signature.signed_by.full_name), small),
                Paragraph(escape(when), small),
                Paragraph(signature.text_sha256[:32] + "<br/>" + signature.text_sha256[32:], mono),
            ]
        )
    story.append(_table(rows, [45 * mm, 32 * mm, 28 * mm, 65 * mm]))
    story.append(Paragraph(escape(_("The exact text that is signed")), styles["Heading2"]))
    story.append(Preformatted(version.canonical_text(), mono, maxLineLength=100))
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, title=str(version), leftMargin=20 * mm, rightMargin=20 * mm, topMargin=18 * mm
    )
    document.build(story)
    return buffer.getvalue()


def _table(rows: list[list[object]], widths: list[float]) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTSIZE", (0, 0), (-1, -1), 8),
                ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef2f6")),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#d0d7de")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table
