"""Reads of the open-data exports: only what the public may already read, in a fixed
number of queries whatever the number of rows (pinned in ``tests/home/test_opendata.py``).

"Public" here is the portal's public face: minutes published with the visibility
"public" (``sessions.minutes.selectors.minutes_visible_to`` for an anonymous visitor).
- sittings: those with a public published version of their minutes;
- questions: ``Question.objects.public()`` (not a draft of unpublished minutes) *and*
  raised at a sitting with public published minutes (the minutes print them); a question
  asked between sittings or printed only in members-only minutes stays with members;
- opinions: adopted opinions (text and date) of referrals that are not archived;
- minutes: every published version whose visibility is public.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Exists, OuterRef, Q

from sessions.meetings.selectors import quorum_reached_by_meeting
from sessions.minutes.selectors import minutes_visible_to
from sessions.models import AttendanceStatus, Meeting, Minutes
from workstreams.models import REFERRAL_KINDS, Question, Workstream, WorkstreamStatus


def public_minutes():
    """Published public minutes (every version), as an anonymous visitor may read them."""
    return minutes_visible_to(user=AnonymousUser())


def open_data_minutes() -> list[Minutes]:
    """Every public published version of the minutes, by sitting then version (one query)."""
    return list(public_minutes().order_by("meeting__starts_at", "meeting_id", "version"))


def open_data_meetings() -> list[Meeting]:
    """Sittings with public published minutes, oldest first, with their counts and quorum.

    Annotations: ``n_present``, ``n_excused``, ``n_absent`` (attendance lines, invited
    people included); attributes ``quorum_required`` (int or None) and ``quorum_reached``
    (bool or None, no rule for the kind); ``latest_public_minutes_id``. Four queries.
    """
    status = "attendances__status"
    latest = public_minutes().filter(meeting=OuterRef("pk")).order_by("-version").values("pk")[:1]
    meetings = list(
        Meeting.objects.filter(Exists(public_minutes().filter(meeting=OuterRef("pk"))))
        .annotate(
            n_present=Count("attendances", filter=Q(**{status: AttendanceStatus.PRESENT})),
            n_excused=Count("attendances", filter=Q(**{status: AttendanceStatus.EXCUSED})),
            n_absent=Count("attendances", filter=Q(**{status: AttendanceStatus.ABSENT})),
            latest_public_minutes_id=latest,
        )
        .order_by("starts_at", "pk")
    )
    quorum = quorum_reached_by_meeting(meetings)
    for meeting in meetings:
        meeting.quorum_required, meeting.quorum_reached = quorum[meeting.pk]
    return meetings


def open_data_questions() -> list[Question]:
    """Public questions raised at a sitting with public published minutes (one query)."""
    printed_publicly = public_minutes().filter(meeting=OuterRef("raised_at"))
    return list(
        Question.objects.public()
        .filter(Exists(printed_publicly))
        .select_related("workstream", "theme", "raised_at", "answered_at_meeting")
        .order_by("raised_at__starts_at", "workstream__order", "workstream_id", "theme__order", "order", "pk")
    )


def open_data_opinions() -> list[Workstream]:
    """Adopted opinions of referrals not archived, by adoption date (one query)."""
    referrals = (
        Workstream.objects.filter(kind__in=REFERRAL_KINDS, opinion_adopted_on__isnull=False)
        .exclude(status=WorkstreamStatus.ARCHIVED)
        .order_by("opinion_adopted_on", "pk")
    )
    return [referral for referral in referrals if referral.has_opinion]
