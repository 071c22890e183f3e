"""Publication: warnings to acknowledge, the PDF rendered once by a task and frozen, failures,
versions, approval, and who may read what (drafts, review, public minutes)."""

import datetime
import hashlib
import io
import zoneinfo

import pikepdf
import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from pypdf import PdfReader

from notifications.models import Notification
from sessions.minutes import services as minutes_services
from sessions.minutes.selectors import minutes_visible_to
from sessions.minutes.services import (
    correction_decide,
    correction_propose,
    minutes_approve,
    minutes_new_version,
    minutes_publish,
    minutes_record_save,
    minutes_send_for_review,
    minutes_update,
    record_fingerprint,
)
from sessions.minutes.tasks import minutes_publish_render
from sessions.models import Annex, CorrectionStatus, Minutes, MinutesStatus

from .factories import MeetingFactory, MemberFactory, build_minutes
from .minutes_support import login_staff, png_bytes
from .pdf_checks import normalise, pages_text

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def _publish(minutes, actor, captured):
    from sessions.minutes.checks import minutes_check

    with captured(execute=True):
        minutes_publish(
            minutes=minutes,
            actor=actor,
            acknowledged_warnings=[w.key for w in minutes_check(minutes=minutes)],
        )
    minutes.refresh_from_db()
    return minutes


def _stored(field) -> bytes:
    """The bytes of a stored file, closed afterwards (``field.read()`` leaves it open)."""
    with field.open("rb") as handle:
        return handle.read()


def _download(client, minutes) -> bytes:
    response = client.get(reverse("meetings:minutes_pdf", args=[minutes.pk]))
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content)


@pytest.fixture
def draft():
    return build_minutes(status=MinutesStatus.DRAFT)


@pytest.fixture
def render_count(monkeypatch):
    """Count the renders of the official PDF by the publication."""
    calls = []
    real = minutes_services.render_minutes_pdf

    def counting(**kwargs):
        calls.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(minutes_services, "render_minutes_pdf", counting)
    return calls


def test_publishing_asks_every_warning_to_be_acknowledged(
    draft, staff_user, django_capture_on_commit_callbacks
):
    draft.sections.filter(part=2).exclude(title="Calendrier prévisionnel").update(body="")
    draft.footnotes.update(url="")
    with pytest.raises(ValidationError) as error:
        minutes_publish(minutes=draft, actor=staff_user, acknowledged_warnings=[])
    assert "Avertissement à lire" in error.value.messages[0]
    draft.refresh_from_db()
    assert draft.status == MinutesStatus.DRAFT and not draft.pdf


def test_publication_freezes_one_pdf_served_byte_for_byte(
    draft, staff_user, member_user, client, django_capture_on_commit_callbacks, render_count
):
    minutes = _publish(draft, staff_user, django_capture_on_commit_callbacks)
    assert minutes.status == MinutesStatus.PUBLISHED
    assert minutes.published_by == staff_user and minutes.published_at
    stored = _stored(minutes.pdf)
    assert minutes.pdf_sha256 == hashlib.sha256(stored).hexdigest()
    assert len(render_count) == 1 and render_count[0]["final"] is True
    # A second run of the task (a retried message) renders nothing more.
    assert minutes_publish_render(minutes.pk, staff_user.pk) == "skipped"
    assert len(render_count) == 1

    client.force_login(member_user)
    first, second = _download(client, minutes), _download(client, minutes)
    assert first == second == stored
    assert hashlib.sha256(first).hexdigest() == minutes.pdf_sha256
    page = client.get(minutes.get_absolute_url()).content.decode()
    assert minutes.pdf_sha256 in page
    # The published PDF carries no draft mark.
    assert "projet" not in normalise(pages_text(stored)[0])[:200]
    # Members in mandate are told, once each.
    notified = Notification.objects.filter(kind="minutes_published", about=f"meetings.minutes:{minutes.pk}")
    assert set(notified.values_list("recipient", flat=True)) >= {member_user.email}


def test_a_published_version_never_changes(draft, staff_user, django_capture_on_commit_callbacks, client):
    minutes = _publish(draft, staff_user, django_capture_on_commit_callbacks)
    sha = minutes.pdf_sha256
    with pytest.raises(ValidationError, match="publié"):
        minutes_update(minutes=minutes, actor=staff_user, values={"title": "Autre"}, fingerprint=None)
    section = minutes.sections.first()
    with pytest.raises(ValidationError, match="publié"):
        minutes_record_save(
            minutes=minutes, instance=section, values={"body": "x"}, fingerprint=None, actor=staff_user
        )
    # Neither through the editor pages nor the admin.
    login_staff(client, staff_user)
    response = client.post(
        reverse("meetings:minutes_item_edit", args=[minutes.pk, "section", section.pk]),
        {"part": 1, "order": 0, "title": "Changé", "body": "x"},
    )
    assert response.status_code == 302
    from django.contrib import admin

    model_admin = admin.site._registry[Minutes]
    request = type("R", (), {"user": staff_user})()
    assert not model_admin.has_change_permission(request, minutes)
    minutes.refresh_from_db()
    section.refresh_from_db()
    assert minutes.pdf_sha256 == sha and section.title != "Changé"


def test_a_failed_render_leaves_it_unpublished_then_retry_publishes(
    draft, staff_user, client, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(**kwargs):
        raise RuntimeError("police introuvable")

    real = minutes_services.render_minutes_pdf
    monkeypatch.setattr(minutes_services, "render_minutes_pdf", broken)
    minutes = _publish(draft, staff_user, django_capture_on_commit_callbacks)
    assert minutes.status == MinutesStatus.DRAFT
    assert "police introuvable" in minutes.publish_error
    assert not minutes.pdf and not minutes.pdf_sha256 and not minutes.published_at
    assert not Notification.objects.filter(kind="minutes_published").exists()
    assert minutes not in minutes_visible_to(user=AnonymousUser())

    login_staff(client, staff_user)
    page = client.get(reverse("meetings:minutes_edit", args=[minutes.pk])).content.decode()
    assert "police introuvable" in page and "Réessayer la publication" in page

    monkeypatch.setattr(minutes_services, "render_minutes_pdf", real)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("meetings:minutes_publish_retry", args=[minutes.pk]))
    assert response.status_code == 302
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.PUBLISHED and minutes.pdf and not minutes.publish_error


def test_a_correction_is_version_two_and_every_version_stays_downloadable(
    draft, staff_user, member_user, client, django_capture_on_commit_callbacks
):
    first = _publish(draft, staff_user, django_capture_on_commit_callbacks)
    first_bytes = _stored(first.pdf)
    second = minutes_new_version(
        minutes=first, actor=staff_user, change_note="Date du point d’étape corrigée."
    )
    assert second.version == 2 and second.status == MinutesStatus.DRAFT
    assert [s.title for s in second.sections.order_by("part", "order")] == [
        s.title for s in first.sections.order_by("part", "order")
    ]
    assert second.footnotes.count() == first.footnotes.count()
    assert second.annexes.count() == first.annexes.count()
    assert sum(s.calendar_entries.count() for s in second.sections.all()) == 2
    with pytest.raises(ValidationError):
        minutes_new_version(minutes=first, actor=staff_user, change_note="encore")

    section = second.sections.first()
    minutes_record_save(
        minutes=second,
        instance=section,
        values={"body": "Texte corrigé."},
        fingerprint=record_fingerprint(section),
        actor=staff_user,
    )
    second = _publish(second, staff_user, django_capture_on_commit_callbacks)
    assert second.pdf_sha256 != first.pdf_sha256
    # The PDF itself says which version it is and what changed (printed under the title).
    first_page = PdfReader(io.BytesIO(_stored(second.pdf))).pages[0].extract_text()
    assert "Version 2" in first_page and "Date du point d’étape corrigée" in first_page

    client.force_login(member_user)
    listing = client.get(reverse("meetings:minutes_list")).content.decode()
    # The list shows the latest version only.
    assert (
        f'href="{second.get_absolute_url()}"' in listing
        and f'href="{first.get_absolute_url()}"' not in listing
    )
    page = client.get(second.get_absolute_url()).content.decode()
    assert "Date du point d’étape corrigée" in page
    assert reverse("meetings:minutes_pdf", args=[first.pk]) in page and first.pdf_sha256 in page
    old_page = client.get(first.get_absolute_url()).content.decode()
    assert "remplacée par la version 2" in old_page and "Texte corrigé." not in old_page
    assert _download(client, first) == first_bytes


def test_approval_at_the_next_sitting(draft, staff_user, django_capture_on_commit_callbacks):
    minutes = _publish(draft, staff_user, django_capture_on_commit_callbacks)
    next_sitting = MeetingFactory(starts_at=minutes.meeting.starts_at + datetime.timedelta(days=50))
    with pytest.raises(ValidationError):
        minutes_approve(minutes=minutes, actor=staff_user, approved_on=datetime.date(2025, 1, 1))
    minutes_approve(
        minutes=minutes, actor=staff_user, approved_on=next_sitting.date, approved_at_meeting=next_sitting
    )
    minutes.refresh_from_db()
    assert minutes.approved_on == next_sitting.date and minutes.approved_at_meeting == next_sitting


def test_approval_refuses_a_sitting_or_a_date_that_has_not_happened_yet(staff_user, client):
    # Issue 16: on 2 December, « approved at the next sitting » on 29 December was accepted.
    minutes = build_minutes(status=MinutesStatus.PUBLISHED)
    coming = MeetingFactory(starts_at=datetime.datetime(2025, 12, 29, 18, 0, tzinfo=PARIS))
    with time_machine.travel(datetime.datetime(2025, 12, 2, 10, 0, tzinfo=PARIS), tick=False):
        with pytest.raises(ValidationError) as error:
            minutes_approve(minutes=minutes, actor=staff_user, approved_on=datetime.date(2025, 12, 29))
        assert "n’est pas encore passée" in " ".join(error.value.messages)
        with pytest.raises(ValidationError) as error:
            minutes_approve(
                minutes=minutes,
                actor=staff_user,
                approved_on=datetime.date(2025, 12, 2),
                approved_at_meeting=coming,
            )
        assert "n’a pas encore eu lieu" in " ".join(error.value.messages)
        client.force_login(staff_user)
        page = client.get(reverse("meetings:minutes_approve", args=[minutes.pk])).content.decode()
        assert f'value="{coming.pk}"' not in page  # a coming sitting is not offered
    minutes.refresh_from_db()
    assert minutes.approved_on is None and minutes.approved_at_meeting is None


def test_the_stored_pdf_is_tagged_in_french_with_title_and_image_alt_text(
    draft, staff_user, django_capture_on_commit_callbacks
):
    minutes_record_save(
        minutes=draft,
        instance=Annex(minutes=draft),
        values={
            "title": "Photographie de la séance",
            "order": 5,
            "caption": "Les membres autour de la table",
            "file": ContentFile(png_bytes(), name="annexe.png"),
        },
        fingerprint=None,
        actor=staff_user,
    )
    minutes = _publish(draft, staff_user, django_capture_on_commit_callbacks)
    with pikepdf.open(io.BytesIO(_stored(minutes.pdf))) as pdf:
        assert "/StructTreeRoot" in pdf.Root
        assert str(pdf.Root.Lang) == "fr"
        assert "28 novembre 2025" in str(pdf.docinfo["/Title"])
        alts = [
            str(obj.get("/Alt"))
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Dictionary) and "/Alt" in obj
        ]
        assert "Les membres autour de la table" in alts
        assert any(page.get_images() for page in pdf.pages)


# --- Who may read what ------------------------------------------------------------------


def test_drafts_are_invisible_to_members_and_the_public(client, member_user, draft):
    urls = [draft.get_absolute_url(), reverse("meetings:minutes_pdf", args=[draft.pk])]
    for url in urls:
        assert client.get(url).status_code == 404  # anonymous: not even a login page
    client.force_login(member_user)
    for url in urls:
        assert client.get(url).status_code == 404
    assert draft.title not in client.get(reverse("meetings:minutes_list")).content.decode()
    assert draft.title not in client.get(reverse("meetings:public_minutes_list")).content.decode()


def test_minutes_under_review_send_a_logged_out_attendee_to_log_in_and_back(client, member_user, password):
    """The review e-mail's link, opened logged out: the login page, then the minutes (not a 404)."""
    from .factories import AttendanceFactory

    minutes = build_minutes(status=MinutesStatus.REVIEW)
    AttendanceFactory(meeting=minutes.meeting, member=member_user.member, status="present")
    url = minutes.get_absolute_url()

    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url}"
    response = client.post(response["Location"], {"login": member_user.email, "password": password})
    assert response["Location"] == url
    assert "Proposer une correction" in client.get(url).content.decode()


def test_the_public_list_says_nothing_is_published_for_the_public(client, member_user, draft):
    empty_public = "Aucun compte-rendu n’est encore publié pour le public."
    assert empty_public in client.get(reverse("meetings:public_minutes_list")).content.decode()
    client.force_login(member_user)
    members_page = client.get(reverse("meetings:minutes_list")).content.decode()
    assert "Aucun compte-rendu n’est encore publié." in members_page and empty_public not in members_page


def test_review_is_for_attendees_and_their_corrections_are_tracked(
    client, member_user, staff_user, django_capture_on_commit_callbacks
):
    from .factories import AttendanceFactory

    minutes = build_minutes(status=MinutesStatus.DRAFT)
    AttendanceFactory(meeting=minutes.meeting, member=member_user.member, status="present")
    absent_user = MemberFactory().user
    with django_capture_on_commit_callbacks(execute=True):
        minutes_send_for_review(minutes=minutes, actor=staff_user)
    assert Notification.objects.filter(about=f"meetings.minutes:{minutes.pk}:relecture").count() == 1

    url = minutes.get_absolute_url()
    client.force_login(absent_user)
    assert client.get(url).status_code == 404
    assert client.get(reverse("meetings:minutes_pdf", args=[minutes.pk])).status_code == 404
    assert (
        client.post(
            reverse("meetings:minutes_correction_create", args=[minutes.pk]), {"text": "x"}
        ).status_code
        == 404
    )

    client.force_login(member_user)
    page = client.get(url).content.decode()
    assert "En relecture" in page and "Proposer une correction" in page
    section = minutes.sections.first()
    response = client.post(
        reverse("meetings:minutes_correction_create", args=[minutes.pk]),
        {"text": "Il faut lire « 2025 » et non « 2024 ».", "section": section.pk},
    )
    assert response.status_code == 302
    correction = minutes.corrections.get()
    assert correction.author == member_user and correction.section == section
    other = correction_propose(minutes=minutes, actor=member_user, text="Une autre coquille.")

    login_staff(client, staff_user)
    response = client.post(
        reverse("meetings:minutes_correction_decide", args=[minutes.pk, correction.pk, "accepter"]),
        {"decision_note": "Corrigé, merci."},
    )
    assert response.status_code == 302
    correction_decide(correction=other, actor=staff_user, accept=False, note="Le texte est juste.")
    correction.refresh_from_db()
    other.refresh_from_db()
    assert (correction.status, correction.decided_by, correction.decision_note) == (
        CorrectionStatus.ACCEPTED,
        staff_user,
        "Corrigé, merci.",
    )
    assert other.status == CorrectionStatus.DECLINED
    client.force_login(member_user)
    page = client.get(url).content.decode()
    assert "acceptée" in page and "refusée" in page and "Le texte est juste." in page


def test_public_minutes_are_readable_without_login_with_consented_names_only(
    client, staff_user, django_capture_on_commit_callbacks
):
    minutes = build_minutes(status=MinutesStatus.DRAFT)
    minutes.visibility = "public"
    minutes.save()
    present = minutes.meeting.attendances.filter(status="present").select_related("member")
    consenting, withholding = present[0].member, present[1].member
    consenting.name_public = True
    consenting.save()
    minutes = _publish(minutes, staff_user, django_capture_on_commit_callbacks)

    page = client.get(minutes.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert consenting.full_name in html
    assert withholding.full_name not in html and withholding.public_name in html
    text = normalise(" ".join(pages_text(_download(client, minutes))))
    assert normalise(consenting.full_name) in text and normalise(withholding.full_name) not in text
    assert minutes.title in client.get(reverse("meetings:public_minutes_list")).content.decode()


def test_erasure_gives_published_minutes_a_public_rendition_without_the_name_and_archives_the_original(
    draft, staff_user, django_capture_on_commit_callbacks, client
):
    # Issue 16: after erasure the frozen page and PDF still printed her name, although the
    # erasure page promises « ancien·ne membre ».
    from members.services import member_erase

    minutes = _publish(draft, staff_user, django_capture_on_commit_callbacks)
    original_sha = minutes.pdf_sha256
    original_bytes = _stored(minutes.pdf)
    person = minutes.meeting.attendances.order_by("order").first().member
    assert "Prénom0 Nom0" in minutes.html_snapshot

    with django_capture_on_commit_callbacks(execute=True):
        member_erase(actor=staff_user, member=person)

    minutes.refresh_from_db()
    assert minutes.archived_pdf_sha256 == original_sha
    assert hashlib.sha256(_stored(minutes.archived_pdf)).hexdigest() == original_sha
    assert _stored(minutes.archived_pdf) == original_bytes
    assert minutes.pdf_sha256 != original_sha
    client.force_login(staff_user)
    page = client.get(minutes.get_absolute_url()).content.decode()
    assert "Prénom0" not in page and "ancien·ne membre, secteur Sud" in page
    assert "RGPD" in page and original_sha in page  # the note tells readers what changed
    text = normalise(" ".join(pages_text(_download(client, minutes))))
    assert "prénom0" not in text and "ancien·ne membre, secteur sud" in text
    assert hashlib.sha256(_download(client, minutes)).hexdigest() == minutes.pdf_sha256
