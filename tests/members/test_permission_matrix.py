"""The permission matrix: every named URL of the portal, for the public, a member, a former
member and staff, answers what the table below says (members and accounts issue).

URLs are discovered from the URL resolver, so a new page that is not in ``EXPECTED`` fails
``test_every_url_of_the_portal_is_in_the_matrix`` with its name: nobody can add a page
without deciding who may see it. Parameters are filled from the demo data (``demo_seed``)
by ``PARAMS``; a record the demo lacks fails the test (it never turns into an expected 404).

A URL is requested with the method it is meant for: GET, or POST with the body that
``POST_BODIES`` builds for it (a body the view accepts: a POST-only action is tested doing
what it is for, not answering 405 to a GET). Each request runs in a savepoint rolled back
afterwards, so a builder may first put the data in the state the action needs (a draft
under review, a failed notification) and no request changes what the next one sees. A
redirect that carries an error or warning message is ``REFUSED``, not ``REDIRECT``: a refusal
shown as a message after a redirect is not a success.

Answers: ``OK`` (200), ``LOGIN`` (redirect to the login page), ``REDIRECT`` (another
redirect), ``REFUSED`` (a redirect with an error or warning message), ``FORBIDDEN`` (403),
``NOT_FOUND`` (404), ``GONE`` (410). ``NOT_ALLOWED`` (405)
is no answer to expect: a POST-only URL gets a body in ``POST_BODIES``. Roles, in this
order: public, member (in mandate), former member (mandate ended), staff (chargé·e de
mission with a second factor).
"""

import datetime
import os
from dataclasses import dataclass, field

import pytest
import time_machine
from django.apps import apps
from django.contrib.messages import WARNING, get_messages
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from notifications.services import unsubscribe_token

from ..conftest import give_totp

pytestmark = pytest.mark.django_db

OK, LOGIN, REDIRECT, FORBIDDEN, NOT_FOUND, GONE, NOT_ALLOWED = 200, "login", "redirect", 403, 404, 410, 405
REFUSED = "refused"  # a redirect carrying an error or warning message
ROLES = ("public", "member", "former", "staff")

# Not in the matrix, on purpose.
EXCLUDED_NAMESPACES = {
    "admin": "the Django admin checks is_staff itself; tests/test_admin.py opens every page",
}
EXCLUDED_NAMES = {
    # allauth internals reached only in the middle of one of its flows (a pending login, a
    # key in an e-mail, a reauthentication); allauth tests them, our flow tests use them.
    "account_inactive": "shown by allauth to a deactivated account during login",
    "account_signup": "sign-up is closed (members.adapters); tested in test_accounts",
    "account_request_reauthentication_code": "part of allauth's reauthentication flow",
    "account_confirm_reauthentication_code": "part of allauth's reauthentication flow",
    "account_email_verification_sent": "shown after an e-mail change request",
    "account_confirm_email": "needs a key from an e-mail; tested in test_login_security",
    "account_reset_password_from_key": "needs a key from an e-mail; tested in test_accounts",
    "account_reset_password_from_key_done": "shown after a password reset",
    "account_set_password": "for accounts without a password; every invited account has one",
    "mfa_authenticate": "the second step of a pending login; tested in test_login_security",
    "mfa_reauthenticate": "part of allauth's reauthentication flow",
    "mfa_download_recovery_codes": "a file for an account with recovery codes",
}

# fmt: off
EXPECTED = {
    # -- allauth: accounts and second factor (for logged-in accounts, a page of their own)
    "account_login":                    (OK, REDIRECT, REDIRECT, REDIRECT),
    "account_logout":                   (REDIRECT, OK, OK, OK),
    "account_reset_password":           (OK, OK, OK, OK),
    "account_reset_password_done":      (OK, OK, OK, OK),
    "account_request_login_code":       (OK, REDIRECT, REDIRECT, REDIRECT),
    "account_confirm_login_code":       (LOGIN, REDIRECT, REDIRECT, REDIRECT),
    "account_reauthenticate":           (LOGIN, OK, OK, OK),
    "account_email":                    (LOGIN, OK, OK, OK),
    "account_change_password":          (LOGIN, OK, OK, OK),
    "mfa_index":                        (LOGIN, OK, OK, OK),
    "mfa_activate_totp":                (LOGIN, REDIRECT, REDIRECT, REDIRECT),
    "mfa_deactivate_totp":              (LOGIN, NOT_FOUND, NOT_FOUND, REDIRECT),
    "mfa_view_recovery_codes":          (LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    "mfa_generate_recovery_codes":      (LOGIN, REDIRECT, REDIRECT, REDIRECT),
    # -- members: the member's space, personal data, staff pages, public pages
    "home:dashboard":                (LOGIN, OK, FORBIDDEN, OK),
    "home:directory":                (LOGIN, OK, FORBIDDEN, OK),
    "home:staff_home":               (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "members:my_data":                  (LOGIN, OK, OK, OK),
    "members:export_json":              (LOGIN, OK, OK, OK),
    "members:export_html":              (LOGIN, OK, OK, OK),
    "members:erasure_request":          (LOGIN, OK, OK, OK),
    "members:staff_people":             (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "members:staff_person_create":      (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "members:staff_person":             (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "members:staff_person_edit":        (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "members:staff_mandate_end":        (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "members:staff_mandate_start":      (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "members:staff_invitations":        (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "members:staff_invite":             (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "members:staff_import":             (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "members:staff_invitation_resend":  (LOGIN, FORBIDDEN, FORBIDDEN, REDIRECT),
    "members:staff_audit":              (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "members:staff_erasures":           (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "members:staff_erasure_decide":     (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "home:legal":                     (OK, OK, OK, OK),
    "home:accessibility":             (OK, OK, OK, OK),
    "home:help":                      (OK, OK, OK, OK),
    "public:invitation":                (OK, OK, OK, OK),
    "public:language":                  (REDIRECT, REDIRECT, REDIRECT, REDIRECT),
    # -- Draws by lot (members/sortition_views.py): public record, staff steps
    "public:draws":                     (OK, OK, OK, OK),
    "public:draw":                      (OK, OK, OK, OK),
    "public:draw_pool":                 (OK, OK, OK, OK),
    "public:draw_report":               (OK, OK, OK, OK),
    "public:draw_verifier":             (OK, OK, OK, OK),
    "members:staff_draws":              (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "members:staff_draw_create":        (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "members:staff_draw":               (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "members:staff_draw_edit":          (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "members:staff_draw_publish":       (LOGIN, FORBIDDEN, FORBIDDEN, REDIRECT),
    "members:staff_draw_perform":       (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "members:staff_draw_cancel":        (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "members:staff_draw_mandate":       (LOGIN, FORBIDDEN, FORBIDDEN, REDIRECT),
    # -- The classification below was read from each view's decorators
    #    (cln_portal.permissions: member_required, staff_required; require_POST, require_safe)
    #    and object-level checks (404 for what a user may not see).
    # -- meetings (sessions/): minutes, sittings, attendance
    "meetings:minutes_list":                (LOGIN, OK, OK, OK),
    "meetings:public_minutes_list":         (OK, OK, OK, OK),
    "meetings:minutes_detail":              (LOGIN, OK, NOT_FOUND, OK),
    "meetings:minutes_pdf":                 (LOGIN, OK, NOT_FOUND, OK),
    "meetings:minutes_annex_file":          (LOGIN, OK, NOT_FOUND, OK),
    "meetings:minutes_correction_create":   (NOT_FOUND, REDIRECT, NOT_FOUND, REDIRECT),
    "meetings:minutes_create":              (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "meetings:minutes_import":              (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "meetings:minutes_edit":                (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "meetings:minutes_item_create":         (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "meetings:minutes_item_edit":           (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "meetings:minutes_item_delete":         (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "meetings:minutes_section_move":        (LOGIN, FORBIDDEN, FORBIDDEN, REDIRECT),
    "meetings:minutes_review_send":         (LOGIN, FORBIDDEN, FORBIDDEN, REDIRECT),
    "meetings:minutes_review_stop":         (LOGIN, FORBIDDEN, FORBIDDEN, REDIRECT),
    "meetings:minutes_correction_decide":   (LOGIN, FORBIDDEN, FORBIDDEN, REDIRECT),
    "meetings:minutes_section_edit":        (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "meetings:minutes_draft_pdf":           (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "meetings:minutes_draft_pdf_file":      (LOGIN, FORBIDDEN, FORBIDDEN, NOT_FOUND),  # none rendered yet
    "meetings:minutes_publish":             (LOGIN, FORBIDDEN, FORBIDDEN, REDIRECT),  # already published
    "meetings:minutes_publish_retry":       (LOGIN, FORBIDDEN, FORBIDDEN, REDIRECT),
    "meetings:minutes_new_version":         (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "meetings:minutes_approve":             (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "meetings:meeting_list":                (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "meetings:meeting_create":              (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "meetings:meeting_detail":              (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "meetings:meeting_edit":                (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "meetings:meeting_convocation":         (LOGIN, FORBIDDEN, FORBIDDEN, REFUSED),  # GET confirms; sitting past: back
    "meetings:attendance_sheet":            (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "meetings:attendance_prefill":          (LOGIN, FORBIDDEN, FORBIDDEN, REDIRECT),
    "meetings:attendance_add":              (LOGIN, FORBIDDEN, FORBIDDEN, REDIRECT),
    "meetings:attendance_mark":             (LOGIN, FORBIDDEN, FORBIDDEN, REDIRECT),
    "meetings:attendance_add_convened":     (LOGIN, FORBIDDEN, FORBIDDEN, REDIRECT),
    "meetings:convocation_letters":         (LOGIN, FORBIDDEN, FORBIDDEN, OK),  # PDF
    "meetings:signin_sheet":                (LOGIN, FORBIDDEN, FORBIDDEN, OK),  # PDF
    "meetings:meeting_rsvp_member":         (LOGIN, NOT_FOUND, FORBIDDEN, NOT_FOUND),  # not convoked: 404
    "meetings:attendance_overview":         (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "meetings:member_attendance":           (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "meetings:meeting_rsvp":                (OK, OK, OK, OK),
    "meetings:agenda_suggestion_add":       (LOGIN, FORBIDDEN, FORBIDDEN, REDIRECT),
    # The « dossier de réponses » follows the register (workstreams:detail).
    "meetings:dossier_index":               (LOGIN, OK, FORBIDDEN, OK),
    "meetings:workstream_dossier":          (LOGIN, OK, FORBIDDEN, OK),
    "meetings:workstream_dossier_pdf":      (LOGIN, OK, FORBIDDEN, OK),  # PDF
    "meetings:meeting_dossier":             (LOGIN, OK, FORBIDDEN, OK),
    "meetings:meeting_dossier_pdf":         (LOGIN, OK, FORBIDDEN, OK),  # PDF
    # -- the portal's shared parts (cln_portal/)
    "health":                               (OK, OK, OK, OK),
    "media":                                (NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),  # annexes: never here
    # -- notifications (notifications/)
    "notifications:unsubscribe":            (OK, OK, OK, OK),
    "notifications:preferences":            (LOGIN, OK, FORBIDDEN, OK),
    "notifications:outbox":                 (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "notifications:outbox_retry":           (LOGIN, FORBIDDEN, FORBIDDEN, REDIRECT),
    # -- pdin: the public programme, registrations, staff pages
    "pdin:programme":                       (OK, OK, OK, OK),
    "pdin:series_detail":                   (OK, OK, OK, OK),
    "pdin:series_ics":                      (OK, OK, OK, OK),
    "pdin:venue_detail":                    (OK, OK, OK, OK),
    "pdin:edition_detail":                  (OK, OK, OK, OK),
    "pdin:edition_ics":                     (OK, OK, OK, OK),
    "pdin:edition_register":                (REDIRECT, REDIRECT, REDIRECT, REDIRECT),  # GET: to the form
    "pdin:registration_thanks":             (OK, OK, OK, OK),
    "pdin:registration_cancel":             (NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    "pdin:offer_accept":                    (NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    "pdin:staff_registrations":             (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "pdin:staff_group_registration":        (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "pdin:staff_registrations_csv":         (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "pdin:staff_registration_open":         (LOGIN, FORBIDDEN, FORBIDDEN, REDIRECT),
    "pdin:staff_attendance":                (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "pdin:staff_registration_cancel":       (LOGIN, FORBIDDEN, FORBIDDEN, OK),  # GET: the confirmation
    "pdin:staff_edition_edit":              (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "pdin:staff_editions":                  (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "pdin:staff_edition_create":            (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "pdin:staff_venues":                    (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "pdin:staff_venue_create":              (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "pdin:staff_venue_edit":                (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "pdin:proposals":                       (LOGIN, OK, FORBIDDEN, OK),
    "pdin:proposal_support":                (LOGIN, REDIRECT, FORBIDDEN, REDIRECT),
    "pdin:proposal_take_up":                (LOGIN, FORBIDDEN, FORBIDDEN, REDIRECT),
    # Participatory programming in the open (issue 14 §4): the public reads, supports, proposes.
    "pdin:public_proposals":                (OK, OK, OK, OK),
    "pdin:public_proposal_create":          (OK, OK, OK, OK),
    "pdin:public_proposal_thanks":          (OK, OK, OK, OK),
    "pdin:public_support_request":          (OK, OK, OK, OK),
    "pdin:public_support_sent":             (OK, OK, OK, OK),
    "pdin:public_support_confirm":          (OK, OK, OK, OK),  # the e-mailed link: its token is the key
    "pdin:staff_proposals":                 (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "pdin:staff_proposal_publish":          (LOGIN, FORBIDDEN, FORBIDDEN, REDIRECT),
    "pdin:staff_proposal_refuse":           (LOGIN, FORBIDDEN, FORBIDDEN, REDIRECT),
    "pdin:open_data":                       (OK, OK, OK, OK),
    "pdin:open_data_csv":                   (OK, OK, OK, OK),
    "pdin:open_data_json":                  (OK, OK, OK, OK),
    "pdin:open_data_openagenda":            (OK, OK, OK, OK),
    "home:feed":                            (OK, OK, OK, OK),
    # -- places: « Où se faire aider ? » (public), import and corrections (staff)
    "places:list":                          (OK, OK, OK, OK),
    "places:detail":                        (OK, OK, OK, OK),
    "places:fiche":                         (OK, OK, OK, OK),
    "places:open_data_csv":                 (OK, OK, OK, OK),
    "places:staff_import":                  (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "places:staff_edit":                    (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "home:open_data_index":                 (OK, OK, OK, OK),
    "home:open_data_csv":                   (OK, OK, OK, OK),
    "home:open_data_json":                  (OK, OK, OK, OK),
    "home:open_data_schema":                (OK, OK, OK, OK),
    # -- workstreams: axes, questions, proposals, positioning form
    "home:search":                   (LOGIN, OK, FORBIDDEN, OK),
    "workstreams:positioning_form":         (LOGIN, OK, FORBIDDEN, OK),
    "workstreams:question_follow":          (LOGIN, REDIRECT, FORBIDDEN, REDIRECT),
    "workstreams:staff_list":               (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "workstreams:create":                   (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "workstreams:edit":                     (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "workstreams:archive":                  (LOGIN, FORBIDDEN, FORBIDDEN, REDIRECT),
    "workstreams:delete":                   (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "workstreams:opinion_render":           (LOGIN, FORBIDDEN, FORBIDDEN, REDIRECT),
    "workstreams:open_questions":           (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "workstreams:question_manage":          (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "workstreams:question_assign":          (LOGIN, FORBIDDEN, FORBIDDEN, REDIRECT),
    "workstreams:question_answer":          (LOGIN, FORBIDDEN, FORBIDDEN, REDIRECT),
    "workstreams:question_withdraw":        (LOGIN, FORBIDDEN, FORBIDDEN, REDIRECT),
    "workstreams:service_answers":          (OK, OK, OK, OK),  # the e-mailed link: its token is the key
    "workstreams:answering_services":       (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "workstreams:answering_service_create": (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "workstreams:answering_service_edit":   (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "workstreams:answer_requests":          (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "workstreams:answer_review":            (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "workstreams:action_create":            (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "workstreams:action_edit":              (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "workstreams:campaign_list":            (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "workstreams:campaign_create":          (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "workstreams:campaign_edit":            (LOGIN, FORBIDDEN, FORBIDDEN, REFUSED),  # confirmed: to results
    "workstreams:campaign_results":         (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "workstreams:campaign_csv":             (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "workstreams:campaign_reopen":          (LOGIN, FORBIDDEN, FORBIDDEN, REDIRECT),
    "workstreams:campaign_confirm":         (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "workstreams:detail":                   (LOGIN, OK, FORBIDDEN, OK),
    "workstreams:join":                     (LOGIN, REDIRECT, REFUSED, REDIRECT),
    "workstreams:leave":                    (LOGIN, REDIRECT, REFUSED, REDIRECT),
    "workstreams:ask_question":             (LOGIN, REDIRECT, FORBIDDEN, REDIRECT),
    "workstreams:make_proposal":            (LOGIN, REDIRECT, FORBIDDEN, REDIRECT),
    "workstreams:opinion_pdf":              (LOGIN, NOT_FOUND, FORBIDDEN, NOT_FOUND),
    # -- budget: the public page of the digital budget, staff's import, tags and explanations
    "budget:public":                        (OK, OK, OK, OK),
    "budget:staff_import":                  (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "budget:staff_lines":                   (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "budget:staff_groups":                  (LOGIN, FORBIDDEN, FORBIDDEN, OK),
}
# fmt: on


class MissingDemoRecord(LookupError):
    """The demo data has no record a URL of the matrix needs: the matrix cannot judge it."""


@dataclass
class Demo:
    """The demo data the URLs are filled from, and the clients of the four roles."""

    objects: dict = field(default_factory=dict)

    def first(self, label: str, **filters):
        """The first ``app_label.Model`` row (by pk) matching ``filters``; raises when there is none."""
        model = apps.get_model(label)
        obj = model._default_manager.filter(**filters).order_by("pk").first()
        if obj is None:
            raise MissingDemoRecord(f"the demo data has no {label} matching {filters or 'anything'}")
        return obj

    def pk(self, label: str, **filters) -> int:
        return self.first(label, **filters).pk


def _workstream_slug(d: Demo) -> dict:
    return {"slug": d.first("workstreams.Workstream").slug}


def _edition(d: Demo) -> dict:
    """The newest edition (dated to the day, so it has a calendar file)."""
    edition = d.first("pdin.Edition", number=_newest_edition_number())
    return {"series_slug": edition.series.slug, "number": edition.number}


def _active_registration(d: Demo) -> int:
    """A confirmed registration of the newest edition (made here when the demo has none)."""
    from pdin.models import Registration, RegistrationStatus

    edition = apps.get_model("pdin.Edition").objects.order_by("-number").first()
    if edition is None:
        raise MissingDemoRecord("the demo data has no PDIN edition")
    registration = Registration.objects.filter(edition=edition, status=RegistrationStatus.CONFIRMED).first()
    if registration is None:
        registration = Registration.objects.create(
            edition=edition,
            status=RegistrationStatus.CONFIRMED,
            name="Personne inscrite",
            email="inscrite@example.org",
        )
    return registration.pk


def _newest_edition_number() -> int | None:
    return apps.get_model("pdin.Edition").objects.order_by("-number").values_list("number", flat=True).first()


def _minutes_item(kind: str):
    def fill(d: Demo) -> dict:
        minutes_pk = d.objects["minutes"].pk
        item = d.pk("meetings.MinutesSection", minutes_id=minutes_pk)
        return {"pk": minutes_pk, "kind": kind, "item": item}

    return fill


# How each parameterised URL is filled from the demo data. A URL with parameters that is
# missing here fails test_every_url_of_the_portal_is_in_the_matrix.
PARAMS = {
    "members:staff_person": lambda d: {"pk": d.objects["member"].member.pk},
    "members:staff_person_edit": lambda d: {"pk": d.objects["member"].member.pk},
    "members:staff_mandate_end": lambda d: {"pk": d.objects["member"].member.pk},
    "members:staff_mandate_start": lambda d: {"pk": d.objects["former"].member.pk},
    "members:staff_invitation_resend": lambda d: {"pk": d.objects["invitation"].pk},
    "members:staff_erasure_decide": lambda d: {"pk": d.objects["erasure"].pk},
    "public:invitation": lambda d: {"token": d.objects["invitation_token"]},
    "public:draw": lambda d: {"pk": d.pk("members.SortitionDraw", status="drawn")},
    "public:draw_pool": lambda d: {"pk": d.pk("members.SortitionDraw", status="drawn")},
    "public:draw_report": lambda d: {"pk": _draw_with_report(d)},
    "members:staff_draw": lambda d: {"pk": d.pk("members.SortitionDraw", status="drawn")},
    "members:staff_draw_edit": lambda d: {"pk": d.pk("members.SortitionDraw", status="drawn")},
    "members:staff_draw_perform": lambda d: {"pk": d.pk("members.SortitionDraw", status="drawn")},
    "members:staff_draw_cancel": lambda d: {"pk": d.pk("members.SortitionDraw", status="drawn")},
    "members:staff_draw_mandate": lambda d: {"pk": d.pk("members.SortitionDraw", status="drawn")},
    "members:staff_draw_publish": lambda d: {"pk": d.pk("members.SortitionDraw", status="draft")},
    "home:open_data_csv": lambda d: {"name": "questions"},
    "home:open_data_json": lambda d: {"name": "seances"},
    "home:open_data_schema": lambda d: {"name": "comptes-rendus"},
    # meetings
    **{
        f"meetings:{name}": (lambda d: {"pk": d.objects["minutes"].pk})
        for name in (
            "minutes_detail",
            "minutes_pdf",
            "minutes_edit",
            "minutes_publish",
            "minutes_new_version",
            "minutes_approve",
            "minutes_draft_pdf",
            "minutes_draft_pdf_file",
        )
    },
    # The actions on a draft act on the next version of the demo minutes (POST_BODIES makes it).
    **{
        f"meetings:{name}": (lambda d: {"pk": d.objects["draft"].pk})
        for name in (
            "minutes_correction_create",
            "minutes_review_send",
            "minutes_review_stop",
            "minutes_publish_retry",
        )
    },
    "meetings:minutes_annex_file": lambda d: {"pk": d.objects["annex"].pk},
    "meetings:minutes_item_create": lambda d: {"pk": d.objects["minutes"].pk, "kind": "section"},
    "meetings:minutes_item_edit": _minutes_item("section"),
    "meetings:minutes_item_delete": _minutes_item("section"),
    "meetings:minutes_section_edit": lambda d: {
        "pk": d.objects["minutes"].pk,
        "item": d.pk("meetings.MinutesSection", minutes=d.objects["minutes"]),
    },
    "meetings:minutes_section_move": lambda d: {"pk": d.objects["draft"].pk, "item": d.objects["section"].pk},
    "meetings:minutes_correction_decide": lambda d: {
        "pk": d.objects["draft"].pk,
        "item": d.objects["correction"].pk,
        "decision": "accepter",
    },
    **{
        f"meetings:{name}": (lambda d: {"pk": d.objects["meeting"].pk})
        for name in (
            "meeting_detail",
            "meeting_edit",
            "meeting_convocation",
            "attendance_sheet",
            "attendance_prefill",
            "attendance_add",
            "attendance_add_convened",
            "convocation_letters",
            "signin_sheet",
            "meeting_rsvp_member",
            "agenda_suggestion_add",
            "meeting_dossier",
            "meeting_dossier_pdf",
        )
    },
    "meetings:workstream_dossier": _workstream_slug,
    "meetings:workstream_dossier_pdf": _workstream_slug,
    "meetings:attendance_mark": lambda d: {
        "pk": d.objects["meeting"].pk,
        "member_pk": d.objects["member"].member.pk,
    },
    "meetings:member_attendance": lambda d: {"member_pk": d.objects["member"].member.pk},
    "meetings:meeting_rsvp": lambda d: {"token": d.objects["rsvp_token"]},
    # notifications
    "notifications:unsubscribe": lambda d: {"token": d.objects["unsubscribe_token"]},
    "notifications:outbox_retry": lambda d: {"pk": d.pk("notifications.Notification")},
    # pdin
    "pdin:series_detail": lambda d: {"slug": d.first("pdin.EventSeries").slug},
    "pdin:series_ics": lambda d: {"slug": d.first("pdin.EventSeries").slug},
    "pdin:venue_detail": lambda d: {"slug": d.first("pdin.Venue").slug},
    **{
        f"pdin:{name}": _edition
        for name in (
            "edition_detail",
            "edition_ics",
            "edition_register",
            "registration_thanks",
            "staff_registrations",
            "staff_registrations_csv",
            "staff_registration_open",
            "staff_attendance",
            "staff_group_registration",
            "staff_edition_edit",
        )
    },
    "pdin:staff_registration_cancel": lambda d: {**_edition(d), "pk": _active_registration(d)},
    "pdin:staff_venue_edit": lambda d: {"slug": d.first("pdin.Venue").slug},
    **{
        f"places:{name}": lambda d: {"pk": d.first("places.Place").pk}
        for name in ("detail", "fiche", "staff_edit")
    },
    "pdin:registration_cancel": lambda d: {"token": "jeton-inconnu"},
    "pdin:offer_accept": lambda d: {"token": "jeton-inconnu"},
    "pdin:proposal_support": lambda d: {"pk": d.pk("pdin.Proposal", title=PDIN_PROPOSAL)},
    "pdin:proposal_take_up": lambda d: {"pk": d.pk("pdin.Proposal", title=PDIN_PROPOSAL)},
    **{
        f"pdin:{name}": (lambda d: {"pk": d.pk("pdin.Proposal", publication="published")})
        for name in ("public_support_request", "public_support_sent")
    },
    "pdin:public_support_confirm": lambda d: {"token": d.objects["support_token"]},
    "pdin:staff_proposal_publish": lambda d: {"pk": d.pk("pdin.Proposal", publication="pending")},
    "pdin:staff_proposal_refuse": lambda d: {"pk": d.pk("pdin.Proposal", publication="pending")},
    # workstreams
    **{
        f"workstreams:{name}": _workstream_slug
        for name in (
            "edit",
            "archive",
            "delete",
            "opinion_render",
            "detail",
            "join",
            "leave",
            "ask_question",
            "make_proposal",
            "opinion_pdf",
        )
    },
    **{
        f"workstreams:{name}": (lambda d: {"pk": d.pk("workstreams.PositioningCampaign")})
        for name in (
            "positioning_form",
            "campaign_edit",
            "campaign_results",
            "campaign_csv",
            "campaign_confirm",
        )
    },
    **{
        f"workstreams:{name}": (lambda d: {"pk": d.pk("workstreams.Question")})
        for name in (
            "question_follow",
            "question_manage",
            "question_assign",
            "question_answer",
            "question_withdraw",
        )
    },
    "workstreams:action_create": lambda d: {"pk": d.pk("workstreams.Proposal")},
    # An annex lives under MEDIA_ROOT but only its own view serves it (cln_portal/media.py).
    "media": lambda d: {"path": d.objects["annex"].file.name if d.objects["annex"] else "annexes/x.pdf"},
    "workstreams:action_edit": lambda d: {"pk": d.pk("workstreams.Action", title=ACTION)},
    "workstreams:campaign_reopen": lambda d: {"pk": d.objects["closed_campaign"].pk},
    "workstreams:service_answers": lambda d: {"token": d.objects["answer_token"]},
    "workstreams:answering_service_edit": lambda d: {"pk": d.objects["answer_request"].service_id},
    "workstreams:answer_review": lambda d: {"pk": d.objects["answer_request"].pk},
}

PDIN_PROPOSAL = "Un atelier « numérique et seniors » à la médiathèque"  # made by _setup_demo
ACTION = "Recenser les lieux d’accès libre à Internet"  # made by _setup_demo


def _draw_with_report(d: Demo) -> int:
    """The demo draw, with a stored report (rendered by a task after commit, which tests skip)."""
    draw = d.first("members.SortitionDraw", status="drawn")
    if not draw.report_pdf:
        draw.report_pdf.save("tirage.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    return draw.pk


def _draw_draft(d: Demo) -> dict:
    """A draw in preparation, ready to publish (a week's notice and more)."""
    from members import sortition_services

    demo = d.first("members.SortitionDraw", status="drawn")
    sortition_services.draw_create(
        actor=d.objects["staff"],
        title="Tirage de remplacement",
        pool_text=demo.pool_text,
        seats={"nord": 1},
        randomness_source="drand, tour n° 20 000 000",
        seed_available_at=datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(days=30),
    )
    return {}


def _draw_mandate(d: Demo) -> dict:
    """Link an observer (no mandate from the draw) to a reserve number of the demo draw."""
    draw = d.first("members.SortitionDraw", status="drawn")
    number = next(part["reserve"][0] for part in draw.result.values() if part["reserve"])
    return {"member": d.pk("members.Member", role="observer", sortition_draw__isnull=True), "number": number}


def _draft(d: Demo) -> dict:
    """Version 2 of the demo minutes, a draft (``d.objects["draft"]``)."""
    from sessions.minutes.services import minutes_new_version

    d.objects["draft"] = minutes_new_version(
        minutes=d.objects["minutes"], actor=d.objects["staff"], change_note="Une date corrigée."
    )
    return {}


def _under_review(d: Demo) -> dict:
    from sessions.minutes.services import minutes_send_for_review

    _draft(d)
    minutes_send_for_review(minutes=d.objects["draft"], actor=d.objects["staff"])
    return {}


def _section_to_move(d: Demo) -> dict:
    """The first section of a part that has another one after it: it can move down."""
    _draft(d)
    sections = list(d.objects["draft"].sections.order_by("part", "order", "pk"))
    d.objects["section"] = next(
        s for s, after in zip(sections, sections[1:], strict=False) if s.part == after.part
    )
    return {"direction": "down"}


def _correction(d: Demo) -> dict:
    from sessions.minutes.services import correction_propose

    _under_review(d)
    d.objects["correction"] = correction_propose(
        minutes=d.objects["draft"], actor=d.objects["member"], text="Lire « 28 novembre »."
    )
    return {"decision_note": "Corrigé dans le texte."}


def _failed_publication(d: Demo) -> dict:
    """The draft after a failed render: every warning acknowledged, an error recorded."""
    from sessions.minutes.checks import minutes_check

    _draft(d)
    draft = d.objects["draft"]
    keys = [w.key for w in minutes_check(minutes=draft)]
    type(draft).objects.filter(pk=draft.pk).update(
        acknowledged_warnings=keys, publish_error="WeasyPrint a échoué."
    )
    return {}


def _failed_notification(d: Demo) -> dict:
    from notifications.models import Notification, NotificationStatus

    Notification.objects.filter(pk=d.pk("notifications.Notification")).update(
        status=NotificationStatus.FAILED
    )
    return {}


def _with_opinion(d: Demo) -> dict:
    workstream = d.first("workstreams.Workstream")
    type(workstream).objects.filter(pk=workstream.pk).update(
        opinion_text="Le conseil recommande un guichet numérique.",
        opinion_adopted_on=datetime.date(2026, 1, 8),
    )
    return {}


def _closed_campaign(d: Demo) -> dict:
    """A campaign past its deadline, results not confirmed (the demo's are): it may reopen."""
    from workstreams.models import PositioningCampaign

    d.objects["closed_campaign"] = PositioningCampaign.objects.create(
        title="Positionnement de janvier",
        opens_on=datetime.date(2025, 12, 1),
        deadline=datetime.date(2026, 1, 10),
    )
    return {"deadline": "2026-02-15"}


def _joined(d: Demo) -> dict:
    from workstreams.services import participation_join

    for role in ("member", "staff"):
        participation_join(workstream=d.first("workstreams.Workstream"), member=d.objects[role].member)
    return {}


def _question_text(d: Demo) -> dict:
    workstream = d.first("workstreams.Workstream")
    theme = workstream.themes.order_by("pk").first()
    return {"text": "Où en est le wifi public des gymnases ?", "theme": theme.pk if theme else ""}


def _open_question(d: Demo) -> None:
    """The matrix's question is left open (answered questions cannot be withdrawn)."""
    from workstreams.models import Question, QuestionStatus

    Question.objects.filter(pk=d.pk("workstreams.Question")).update(status=QuestionStatus.OPEN, answer="")


# POST-only URLs: name → builder of a body the view accepts (it may first arrange the data,
# inside the savepoint of its request). Every one of them is sent as POST by each role.
POST_BODIES = {
    "members:staff_draw_publish": _draw_draft,
    "members:staff_draw_mandate": _draw_mandate,
    "members:staff_invitation_resend": lambda d: {},
    # French, the default: the clients' later pages stay as the other rows expect them.
    "public:language": lambda d: {"language": "fr", "next": "/"},
    "meetings:minutes_correction_create": lambda d: (
        _under_review(d) | {"text": "Lire « 28 novembre ».", "section": ""}
    ),
    "meetings:minutes_section_move": _section_to_move,
    "meetings:minutes_review_send": _draft,
    "meetings:minutes_review_stop": _under_review,
    "meetings:minutes_correction_decide": _correction,
    "meetings:minutes_publish_retry": _failed_publication,
    # The sheet of a sitting with published minutes is frozen until a new version is started.
    "meetings:attendance_prefill": _draft,
    "meetings:attendance_add": lambda d: (
        _draft(d) | {"first_name": "Inès", "last_name": "Invitée", "status": "present"}
    ),
    "meetings:attendance_mark": lambda d: _draft(d) | {"status": "excused"},
    "meetings:attendance_add_convened": _draft,
    # A question still waiting for its answer, added to the reference sitting's agenda. (An
    # answer given since that sitting is now refused there: it cannot have been presented.)
    "meetings:agenda_suggestion_add": lambda d: {
        "kind": "open",
        "pk": d.pk("workstreams.Question", status="open", agenda_items__isnull=True),
    },
    "notifications:outbox_retry": _failed_notification,
    "pdin:staff_registration_open": lambda d: {"open": "0"},
    "pdin:proposal_support": lambda d: {"action": "support"},
    "pdin:proposal_take_up": lambda d: {},
    "pdin:staff_proposal_publish": lambda d: {},
    "pdin:staff_proposal_refuse": lambda d: {
        f"refus-{d.pk('pdin.Proposal', publication='pending')}-reason": "Hors du champ du petit-déjeuner."
    },
    "workstreams:question_follow": lambda d: {"follow": "1"},
    "workstreams:archive": lambda d: {},
    "workstreams:opinion_render": _with_opinion,
    "workstreams:question_assign": lambda d: {
        "service": d.objects["answer_request"].service_id,
        "due_on": "2026-02-27",
    },
    "workstreams:question_answer": lambda d: (
        _open_question(d)
        or {
            "answer": "Les travaux commencent en mars.",
            "answered_by_service": "Direction du numérique",
            "answered_on": "2026-01-14",
        }
    ),
    "workstreams:question_withdraw": lambda d: _open_question(d) or {},
    "workstreams:campaign_reopen": _closed_campaign,
    "workstreams:join": lambda d: {},
    "workstreams:leave": _joined,
    "workstreams:ask_question": _question_text,
    "workstreams:make_proposal": lambda d: {"text": "Un atelier de réparation d’ordinateurs par mois."},
}


def _walk(patterns, namespace=None, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, inner, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            converters = getattr(pattern.pattern, "converters", {}) or {}
            regex_groups = list(pattern.pattern.regex.groupindex)
            yield name, prefix + str(pattern.pattern), sorted(set(converters) | set(regex_groups))


def portal_urls() -> dict[str, tuple[str, list[str]]]:
    """Every named URL of the portal: name → (route, parameter names), exclusions left out."""
    urls = {}
    for name, route, params in _walk(get_resolver().url_patterns):
        if name.split(":", 1)[0] in EXCLUDED_NAMESPACES or name in EXCLUDED_NAMES:
            continue
        urls.setdefault(name, (route, params))
    return urls


def test_every_url_of_the_portal_is_in_the_matrix():
    urls = portal_urls()
    unclassified = sorted(set(urls) - set(EXPECTED))
    unfilled = sorted(name for name, (_route, params) in urls.items() if params and name not in PARAMS)
    stale = sorted(set(EXPECTED) - set(urls))
    assert not unclassified, f"URLs missing from the permission matrix (add them to EXPECTED): {unclassified}"
    assert not unfilled, f"URLs with parameters missing from PARAMS: {unfilled}"
    assert not stale, f"EXPECTED names URLs that no longer exist: {stale}"
    assert set(PARAMS) <= set(urls), sorted(set(PARAMS) - set(urls))
    assert set(POST_BODIES) <= set(urls), sorted(set(POST_BODIES) - set(urls))
    # A 405 only says the view refuses GET: the URL must be tested doing what it is for.
    posted_by_get = sorted(name for name, answers in EXPECTED.items() if NOT_ALLOWED in answers)
    assert not posted_by_get, (
        f"POST-only URLs: give them a body in POST_BODIES and the answers to it: {posted_by_get}"
    )


def _setup_demo() -> Demo:
    """The reference data and four accounts: member, former member, staff (with TOTP), and an invitation."""
    from members import services
    from members.models import Member, User
    from sessions.demo import demo_seed

    seed = demo_seed(with_accounts=False)
    d = Demo()
    d.objects["meeting"], d.objects["minutes"] = seed.meeting, seed.minutes

    def account(person: Member, email: str, *, staff: bool = False) -> User:
        user = User.objects.create_user(email=email, password="mot-de-passe-matrice", is_staff=staff)
        person.user = user
        person.save(update_fields=["user"])
        return user

    d.objects["member"] = account(seed.people["anais-garnier"], "membre@example.org")
    former = Member.objects.get(first_name="Sylvie", last_name="Caron")  # members.demo
    d.objects["former"] = former.user or account(former, "ancienne@example.org")
    d.objects["staff"] = account(seed.people["damien-verhaeghe"], "equipe@example.org", staff=True)
    give_totp(d.objects["staff"])
    invitation, token = services.invitation_send(
        actor=d.objects["staff"], member=seed.people["amina-belkacem"], email="amina@example.org"
    )
    d.objects["invitation"], d.objects["invitation_token"] = invitation, token
    d.objects["erasure"] = services.erasure_request(
        actor=d.objects["member"], member=seed.people["anais-garnier"]
    )
    d.objects["unsubscribe_token"] = unsubscribe_token(
        member_id=seed.people["anais-garnier"].pk, kind="minutes_published"
    )
    d.objects["rsvp_token"] = _rsvp_token(d)
    _records_the_demo_lacks(d)
    # The demo annex is a slide deck rendered from records; give it a file to serve.
    annex = d.first("meetings.Annex", minutes=seed.minutes)
    if not annex.file:
        annex.file.save("annexe.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    d.objects["annex"] = annex
    return d


def _records_the_demo_lacks(d: Demo) -> None:
    """A PDIN proposal (by the former member, so that the others may support it) and an action."""
    from pdin.models import ProposalKind
    from pdin.services import proposal_create
    from workstreams.services import proposal_to_action

    proposal_create(
        actor=d.objects["former"],
        series=d.first("pdin.EventSeries"),
        kind=ProposalKind.THEME,
        title=PDIN_PROPOSAL,
    )
    proposal_to_action(
        proposal=d.first("workstreams.Proposal"),
        title=ACTION,
        due_on=datetime.date(2026, 6, 30),
        actor=d.objects["staff"],
    )
    # A question given to a service of the directory: its request and e-mailed link.
    from workstreams.answer_services import answer_link_token
    from workstreams.models import AnsweringService, AnswerRequest, QuestionStatus
    from workstreams.services import question_assign

    service = AnsweringService.objects.create(name="Direction du numérique", emails="numerique@example.org")
    question = d.first("workstreams.Question", status__in=[QuestionStatus.OPEN, QuestionStatus.IN_PROGRESS])
    question_assign(
        question=question, service=service, due_on=datetime.date(2026, 2, 13), actor=d.objects["staff"]
    )
    d.objects["answer_request"] = AnswerRequest.objects.get(question=question, closed_at__isnull=True)
    d.objects["answer_token"] = answer_link_token(d.objects["answer_request"])
    # A support link of a published PDIN proposal, as e-mailed to a visitor.
    from pdin.services import support_token

    d.objects["support_token"] = support_token(
        proposal=d.first("pdin.Proposal", publication="published"), email="voisine@example.org"
    )


def _rsvp_token(d: Demo) -> str:
    """The convocation link of the demo member, when the demo sitting has convocations."""
    try:
        from sessions.meetings.services import rsvp_token
    except ImportError:
        return "jeton-inconnu"
    invitation = d.first("meetings.MeetingInvitation", member=d.objects["member"].member)
    return rsvp_token(invitation) if invitation else "jeton-inconnu"


def _verdict(response) -> str | int:
    if response.status_code in (301, 302, 303, 307, 308):
        return LOGIN if response.url.startswith(reverse("account_login")) else REDIRECT
    return response.status_code


def _answer(d: Demo, client: Client, name: str) -> tuple[str, str | int, list[str]]:
    """(path, verdict, error and warning messages) of ``name`` requested by ``client``, rolled back."""
    with transaction.atomic():
        body = POST_BODIES[name](d) if name in POST_BODIES else None
        path = reverse(name, kwargs=PARAMS[name](d) if name in PARAMS else {})
        response = client.get(path) if body is None else client.post(path, body)
        if response.streaming:
            # Read to the end: the test client then closes the file a FileResponse holds.
            response.getvalue()
        refusals = [str(m) for m in get_messages(response.wsgi_request) if m.level >= WARNING]
        transaction.set_rollback(True)
    client.cookies.pop("messages", None)  # the messages of a rolled-back request
    verdict = _verdict(response)
    return path, REFUSED if verdict == REDIRECT and refusals else verdict, refusals


# The demo's sitting is on 28 November 2025 and the former member left on 31 October 2025:
# the matrix is judged on a fixed day after both.
@time_machine.travel(datetime.datetime(2026, 1, 15, 10, 0, tzinfo=datetime.UTC), tick=False)
def test_each_role_gets_the_expected_answer_on_every_url():
    d = _setup_demo()
    clients = {"public": Client()}
    for role in ("member", "former", "staff"):
        clients[role] = Client()
        clients[role].force_login(d.objects[role])

    urls = portal_urls()
    mismatches, observed = [], []
    for name in sorted(set(urls) & set(EXPECTED)):
        method = "POST" if name in POST_BODIES else "GET"
        for role, expected in zip(ROLES, EXPECTED[name], strict=True):
            path, got, refusals = _answer(d, clients[role], name)
            observed.append(f"{name:40} {method:4} {role:7} {got} {refusals or ''}")
            if got != expected:
                mismatches.append(
                    f"{method} {name} ({path}) as {role}: expected {expected}, got {got} {refusals}"
                )
    if os.environ.get("MATRIX_PRINT"):
        print("\n".join(observed))  # noqa: T201
    assert not mismatches, "\n".join(mismatches)
    # Every action a role may take was really taken: a POST row for each of them.
    assert {
        "meetings:minutes_section_move",
        "meetings:minutes_review_send",
        "meetings:minutes_review_stop",
    } <= set(POST_BODIES)
