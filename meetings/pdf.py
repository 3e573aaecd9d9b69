"""The minutes as a PDF (reportlab): the items the reader may see, decisions, actions and the
approvals with the hash of the text approved."""

from __future__ import annotations

from io import BytesIO
from xml.sax.saxutils import escape

from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from meetings.models import AgendaItem, AnnualPicture, Approval, Meeting


def _paragraphs(text: str, style: object) -> list[Paragraph]:
    return [Paragraph(escape(line), style) for line in text.splitlines() if line.strip()]


def minutes_pdf(meeting: Meeting, items: list[AgendaItem], approvals: list[Approval]) -> bytes:
    styles = getSampleStyleSheet()
    body, small = styles["BodyText"], styles["BodyText"].clone("small", fontSize=8, leading=10)
    state = (
        _("Approved minutes") if meeting.state == Meeting.State.APPROVED else _("Draft minutes, not approved")
    )
    where = meeting.place or meeting.video_link
    story: list[object] = [
        Paragraph(escape(meeting.title), styles["Title"]),
        Paragraph(
            escape(f"{state} · {localtime(meeting.starts_at):%Y-%m-%d %H:%M} · {where}"),
            body,
        ),
        Paragraph(escape(f"{_('Chair')}: {meeting.chair.full_name}"), body),
        Spacer(1, 4 * mm),
    ]
    for number, item in enumerate(items, start=1):
        story.append(Paragraph(escape(f"§ {number}. {item.title}"), styles["Heading3"]))
        if item.notes:
            story += _paragraphs(item.notes, body)
        if item.decision:
            story.append(Paragraph(f"<b>{escape(_('Decision'))}:</b> {escape(item.decision)}", body))
        actions = list(item.actions.all())
        if actions:
            rows: list[list[object]] = [
                [
                    _("Owner organisation"),
                    _("Due date"),
                    pgettext("meeting action", "Action"),
                    pgettext("meeting action", "Done"),
                ]
            ]
            rows += [
                [
                    Paragraph(escape(action.owner.name), small),
                    f"{action.due_date:%Y-%m-%d}",
                    Paragraph(escape(action.description), small),
                    f"{localtime(action.done_at):%Y-%m-%d}" if action.done_at else "",
                ]
                for action in actions
            ]
            story.append(_table(rows, [40 * mm, 22 * mm, 88 * mm, 20 * mm]))
    story.append(Paragraph(escape(_("Approvals")), styles["Heading2"]))
    rows = [[_("Role"), _("Approved by"), _("Approved"), _("SHA-256 of the approved text")]]
    for approval in approvals:
        rows.append(
            [
                approval.get_role_display(),
                Paragraph(escape(approval.approved_by.full_name), small),
                f"{localtime(approval.approved_at):%Y-%m-%d %H:%M}",
                Paragraph(approval.text_sha256[:32] + "<br/>" + approval.text_sha256[32:], small),
            ]
        )
    story.append(_table(rows, [25 * mm, 45 * mm, 30 * mm, 70 * mm]))
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, title=meeting.title, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=18 * mm
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


def annual_pdf(picture: AnnualPicture) -> bytes:
    """A version of the year's lägesbild: the analysis, then the figures it was written around."""
    styles = getSampleStyleSheet()
    body = styles["BodyText"]
    data = picture.figures
    story: list[object] = [
        Paragraph(
            escape(f"{_('Lägesbild')} {picture.year}, {_('version')} {picture.number}"), styles["Title"]
        ),
        Paragraph(
            escape(f"{localtime(picture.created_at):%Y-%m-%d} · SHA-256 {picture.figures_sha256}"), body
        ),
        Paragraph(escape(_("Analysis")), styles["Heading2"]),
        *_paragraphs(picture.analysis, body),
        Paragraph(escape(_("Reports per area and category")), styles["Heading2"]),
    ]
    for area in data.get("areas", []):
        story.append(
            Paragraph(
                escape(f"{area['area']}: {area['total']} ({_('previous year')} {area['previous']})"),
                styles["Heading3"],
            )
        )
        rows: list[list[object]] = [
            [_("Category"), str(picture.year), _("Previous year"), pgettext("difference", "Change")]
        ]
        for row in area["categories"]:
            change = "–" if row["change"] is None else f"{row['change']:+.0f} %"
            rows.append([row["label"], str(row["count"]), str(row["previous"]), change])
        story.append(_table(rows, [70 * mm, 30 * mm, 35 * mm, 35 * mm]))
    story.append(Paragraph(escape(_("Recurring hotspots")), styles["Heading2"]))
    story += [
        Paragraph(escape(f"{row['area']}: {row['category']} ({row['weeks']})"), body)
        for row in data.get("recurring_hotspots", [])
    ]
    story.append(Paragraph(escape(_("Walks and dark spots")), styles["Heading2"]))
    story.append(Paragraph(escape(f"{data.get('walks', {}).get('count', 0)}"), body))
    story += [
        Paragraph(escape(f"{row['area']}: {row['total']} / {row['resolved']}"), body)
        for row in data.get("dark_spots", [])
    ]
    story.append(Paragraph(escape(_("The partners' reports")), styles["Heading2"]))
    story += [
        Paragraph(escape(f"{row['organisation']}: {row['total']} / {row['resolved']}"), body)
        for row in data.get("partners", [])
    ]
    buffer = BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, title=str(picture), leftMargin=20 * mm, rightMargin=20 * mm).build(
        story
    )
    return buffer.getvalue()
