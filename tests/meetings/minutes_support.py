"""Helpers of the minutes tests: a logged-in staff client past the second-factor check, a
sitting with people present and excused, and a minimal PNG/PDF."""

import datetime
import io
import zoneinfo

from members.models import Role

from .factories import (
    AttendanceFactory,
    MeetingFactory,
    MemberFactory,
    MinutesFactory,
    MinutesSectionFactory,
    WorkstreamFactory,
)

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
SITTING = datetime.datetime(2025, 11, 28, 18, 0, tzinfo=PARIS)


def login_staff(client, user) -> None:
    """Log ``user`` (staff) in with a TOTP authenticator, as the staff second-factor rule wants."""
    from allauth.mfa.models import Authenticator

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        Authenticator.objects.create(
            user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
        )
    client.force_login(user)


def sitting_with_minutes(*, status="draft", present=(), excused=(), visibility="members", **minutes_fields):
    """A sitting of 28 November 2025 with its minutes (one axis section with a body).

    ``present`` and ``excused`` are members (attendance in that order). Returns the minutes.
    """
    meeting = MeetingFactory(starts_at=SITTING)
    minutes = MinutesFactory(
        meeting=meeting,
        status=status,
        visibility=visibility,
        title="Conseil local du numérique du 28 novembre 2025",
        **minutes_fields,
    )
    for order, member in enumerate(present):
        AttendanceFactory(meeting=meeting, member=member, status="present", order=order)
    for order, member in enumerate(excused, start=len(present)):
        AttendanceFactory(meeting=meeting, member=member, status="excused", order=order)
    MinutesSectionFactory(
        minutes=minutes,
        title="Budget numérique",
        workstream=WorkstreamFactory(title="Budget numérique", objective="Comprendre le budget."),
        body="Les membres ont découvert le budget.",
        order=0,
    )
    return minutes


def councillor(first_name: str, last_name: str, **fields):
    return MemberFactory(first_name=first_name, last_name=last_name, role=Role.COUNCILLOR, **fields)


def png_bytes(size=(4, 3)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def pdf_bytes() -> bytes:
    """A tiny valid one-page PDF."""
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 100 100]>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )
