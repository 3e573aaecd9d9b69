"""A PDF of a version: the text, the commitments and the signatures with their hashes (reportlab).

The standard PDF fonts cover Latin-1, which is enough for Swedish text. The text is the signed text
as a reader sees it, its Markdown rendered (headings, lists, paragraphs); the Markdown source the
hash covers is on the version's page, where it can be copied and checked.
"""

from __future__ import annotations

from io import BytesIO
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from agreements.models import AgreementVersion, Signature
from agreements.rendering import flowables


def version_pdf(version: AgreementVersion, signatures: list[Signature]) -> bytes:
    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("small", fontSize=8, leading=10)
    mono = styles["Code"].clone("mono", fontSize=7.5, leading=9.5, leftIndent=0)
    story = [
        Paragraph(escape(f"{version.agreement.title}, {_('version')} {version.number}"), styles["Title"]),
        Paragraph(
            escape(
                f"{_('Valid')} {date_format(version.valid_from, 'DATE_FORMAT')} – "
                f"{date_format(version.valid_until, 'DATE_FORMAT')} · {version.get_status_display()}"
            ),
            styles["BodyText"],
        ),
        Spacer(1, 4 * mm),
        *flowables(version.body_html, styles),
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
    story += flowables(version.canonical_html(), styles)
    url = settings.HUB_SITE_URL.rstrip("/") + version.get_absolute_url()
    story.append(
        Paragraph(
            escape(
                _(
                    "Each signature stores the SHA-256 of its source "
                    "text (Markdown), byte for byte (UTF-8); the source can be copied and checked on the "
                    "version's page: %(url)s"
                )
                % {"url": url}
            ),
            styles["BodyText"],
        )
    )
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
