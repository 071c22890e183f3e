"""Paper for a sitting: the convocation letters of people without e-mail, and the sign-in sheet.

Rendered like the minutes (``cln_portal.pdf.html_to_pdf``: tagged PDF/UA-1, /Lang fr,
fonts named in ``static/print/letters.css``), French typography through the ``typo``
filter. Twenty letters render in well under a second (measured in
``tests/meetings/test_meeting_paper.py``), so the staff pages render them in the request.
"""

from django.template.loader import render_to_string
from django.utils import translation

from cln_portal.dates import format_day_fr
from cln_portal.pdf import html_to_pdf
from members.selectors import council_get

from ..models import Meeting
from . import selectors, services


def convocation_letters_filename(meeting: Meeting) -> str:
    """``convocations-2025-11-28.pdf``."""
    return f"convocations-{meeting.date.isoformat()}.pdf"


def signin_sheet_filename(meeting: Meeting) -> str:
    """``emargement-2025-11-28.pdf``."""
    return f"emargement-{meeting.date.isoformat()}.pdf"


def _context(meeting: Meeting) -> dict:
    return {
        "meeting": meeting,
        "council": council_get(),
        "when": services.meeting_when_display(meeting),
        "day": format_day_fr(meeting.date),
        "place": services.meeting_place_display(meeting),
        "venue": meeting.venue,
        "agenda": list(meeting.agenda_items.order_by("order", "pk")),
    }


def convocation_letters_pdf(*, meeting: Meeting) -> bytes:
    """One letter per page for each person convened who gets no e-mail or asked for paper.

    Each letter names the person, the sitting's day and time, the place (with its
    accessibility and public transport), the agenda, and how to answer by phone or post.
    A sitting with nobody on paper gives a one-page PDF saying so.
    """
    with translation.override("fr"):
        recipients = [r for r in selectors.convocation_recipients(meeting=meeting, resend=True) if r.paper]
        context = {**_context(meeting), "recipients": recipients}
        return html_to_pdf(render_to_string("meetings/convocation_letters_pdf.html", context))


def signin_sheet_pdf(*, meeting: Meeting) -> bytes:
    """The sign-in sheet (feuille d'émargement): everyone convened or on the sheet, by name, a column to sign."""
    with translation.override("fr"):
        recipients = selectors.convocation_recipients(meeting=meeting, resend=True)
        names = {r.member.pk for r in recipients}
        rows = [(r.member, r.role_label) for r in recipients]
        for row in selectors.attendance_sheet(meeting=meeting).rows:
            if row.member.pk not in names:
                rows.append((row.member, row.role_label))
        rows.sort(key=lambda pair: (pair[0].last_name.lower(), pair[0].first_name.lower()))
        context = {**_context(meeting), "rows": rows}
        return html_to_pdf(render_to_string("meetings/signin_sheet_pdf.html", context))
