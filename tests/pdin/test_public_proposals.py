"""Participatory programming in the open (issue 14, section 4): staff publish proposals, the
public supports them by an e-mailed link (one support per address), residents propose
without an account (honeypot, rate limit, moderation before publication)."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from cln_portal.testing import redis_flush, redis_ready
from members.models import AuditEntry
from pdin.models import Proposal, ProposalPublication, ProposalStatus, ProposalSupport
from pdin.services import proposal_publish, proposal_refuse, proposal_support, support_email_hash

from ..french import fr
from ..members.factories import MemberFactory
from .factories import EventSeriesFactory, ProposalFactory

pytestmark = pytest.mark.django_db

PUBLIC = reverse("pdin:public_proposals")
PROPOSE = reverse("pdin:public_proposal_create")
STAFF = reverse("pdin:staff_proposals")
LINK = re.compile(r"https?://\S+/propositions/soutien/[^\s/]+/")
SHARED_CACHE = "redis://127.0.0.1:6379/3"


@pytest.fixture(autouse=True)
def _fresh_limits():
    """The rate limits count in the cache: each test starts from none."""
    cache.clear()
    yield
    cache.clear()


def _published(**fields) -> Proposal:
    return ProposalFactory(publication=ProposalPublication.PUBLISHED, **fields)


@pytest.fixture
def support_link(client, django_capture_on_commit_callbacks):
    """``support_link(proposal, email)``: ask for a support link as a visitor; the link of the
    e-mail the outbox delivered (after the commit)."""

    def ask(proposal, email: str) -> str:
        return _ask(client, proposal, email, django_capture_on_commit_callbacks)

    return ask


def _ask(client, proposal, email: str, on_commit) -> str:
    mail.outbox.clear()
    with on_commit(execute=True):
        response = client.post(
            reverse("pdin:public_support_request", args=[proposal.pk]), {"email": email, "website": ""}
        )
    assert response.status_code == 302, response.content.decode()
    (message,) = mail.outbox
    assert message.to == [email.strip().lower()]
    return LINK.search(message.body).group(0)


def _proposal_form(**overrides) -> dict:
    return {
        "series": EventSeriesFactory().pk,
        "kind": "venue",
        "title": "La médiathèque du quartier Nord",
        "description": "Un lieu que tout le monde connaît.",
        "name": "",
        "email": "",
        "website": "",
        **overrides,
    }


# --- Publication and moderation -------------------------------------------------------------


def test_only_published_proposals_are_public_with_a_name_only_by_consent(client, staff_user):
    consenting = MemberFactory(first_name="Nadia", last_name="Amrani", name_public=True)
    silent = MemberFactory(first_name="Paul", last_name="Discret", name_public=True)
    named = ProposalFactory(title="Cafés IA au centre social", author=consenting.user, show_name=True)
    anonymous = ProposalFactory(title="Ateliers France Connect", author=silent.user, show_name=False)
    pending = ProposalFactory(title="Proposition en attente")
    refused = ProposalFactory(title="Proposition refusée")
    proposal_publish(actor=staff_user, proposal=named)
    proposal_publish(actor=staff_user, proposal=anonymous)
    proposal_refuse(actor=staff_user, proposal=refused, reason="Hors sujet")

    text = client.get(PUBLIC).content.decode()

    assert "Cafés IA au centre social" in text and "Nadia Amrani" in text
    assert "Ateliers France Connect" in text and "un·e habitant·e" in text
    assert "Paul" not in text and "Discret" not in text
    assert pending.title not in text and refused.title not in text
    assert client.get(reverse("pdin:public_support_request", args=[pending.pk])).status_code == 404
    assert client.get(reverse("pdin:public_support_request", args=[refused.pk])).status_code == 404


def test_staff_publish_and_refuse_from_the_queue_with_an_audit_trail(client, staff_user):
    to_publish = ProposalFactory(title="Numérique et santé")
    to_refuse = ProposalFactory(title="Publicité pour un magasin")
    client.force_login(staff_user)
    assert "Numérique et santé" in client.get(STAFF).content.decode()

    client.post(reverse("pdin:staff_proposal_publish", args=[to_publish.pk]))
    response = client.post(
        reverse("pdin:staff_proposal_refuse", args=[to_refuse.pk]),
        {f"refus-{to_refuse.pk}-reason": "Publicité"},
        follow=True,
    )

    to_publish.refresh_from_db()
    to_refuse.refresh_from_db()
    assert to_publish.publication == ProposalPublication.PUBLISHED and to_publish.moderated_by == staff_user
    assert to_refuse.publication == ProposalPublication.REFUSED and to_refuse.refusal_reason == "Publicité"
    assert "est refusée" in response.content.decode()
    actions = set(AuditEntry.objects.filter(actor=staff_user).values_list("action", flat=True))
    assert {"pdin_proposal_published", "pdin_proposal_refused"} <= actions


def test_resident_who_left_an_address_hears_once_of_the_publication(
    client, staff_user, django_capture_on_commit_callbacks
):
    proposal = ProposalFactory(
        title="Numérique et santé",
        from_public_form=True,
        proposer_name="Awa",
        proposer_email="awa@example.org",
    )
    silent = ProposalFactory(title="Sans adresse", from_public_form=True)
    client.force_login(staff_user)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("pdin:staff_proposal_publish", args=[proposal.pk]))
        client.post(reverse("pdin:staff_proposal_publish", args=[proposal.pk]))  # already published
        client.post(reverse("pdin:staff_proposal_publish", args=[silent.pk]))

    (message,) = mail.outbox
    assert message.to == ["awa@example.org"]
    assert message.subject == "Votre proposition est publiée"
    assert "«\u00a0Numérique et santé\u00a0»" in message.body
    assert "sur le site\u00a0: chacun·e peut maintenant la lire et la soutenir" in message.body
    assert re.search(r"https?://\S+" + PUBLIC, message.body)
    assert "le public lit «\u00a0un·e habitant·e\u00a0»" in message.body


def test_resident_hears_of_a_refusal_without_the_teams_reason(
    client, staff_user, django_capture_on_commit_callbacks
):
    proposal = ProposalFactory(
        title="Publicité pour un magasin", from_public_form=True, proposer_email="zoe@example.org"
    )
    client.force_login(staff_user)

    with django_capture_on_commit_callbacks(execute=True):
        for reason in ("Publicité déguisée", "Publicité déguisée pour un commerce"):
            client.post(
                reverse("pdin:staff_proposal_refuse", args=[proposal.pk]),
                {f"refus-{proposal.pk}-reason": reason},
            )

    (message,) = mail.outbox  # a reason reworded writes to nobody again
    assert message.to == ["zoe@example.org"]
    assert message.subject == "Votre proposition ne sera pas publiée"
    assert "«\u00a0Publicité pour un magasin\u00a0»" in message.body
    assert "déguisée" not in message.body + message.alternatives[0][0]


def test_a_withdrawn_proposal_says_it_was_taken_down(staff_user, django_capture_on_commit_callbacks):
    proposal = ProposalFactory(from_public_form=True, proposer_email="zoe@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        proposal_publish(actor=staff_user, proposal=proposal)
        proposal_refuse(actor=staff_user, proposal=proposal, reason="Doublon")

    assert [m.subject for m in mail.outbox] == [
        "Votre proposition est publiée",
        "Votre proposition a été retirée du site",
    ]


def test_a_members_proposal_sends_no_resident_email(
    staff_user, member_user, django_capture_on_commit_callbacks
):
    proposal = ProposalFactory(author=member_user)
    with django_capture_on_commit_callbacks(execute=True):
        proposal_publish(actor=staff_user, proposal=proposal)

    assert mail.outbox == []


def test_refusing_without_a_reason_says_so_in_french(client, staff_user):
    proposal = ProposalFactory()
    client.force_login(staff_user)

    response = client.post(reverse("pdin:staff_proposal_refuse", args=[proposal.pk]), {})

    assert response.status_code == 400
    text = response.content.decode()
    assert "Indiquez le motif du refus." in text and "Le formulaire contient 1 erreur" in text
    proposal.refresh_from_db()
    assert proposal.publication == ProposalPublication.PENDING


def test_members_and_visitors_cannot_moderate(client, member_user):
    proposal = ProposalFactory()
    publish = reverse("pdin:staff_proposal_publish", args=[proposal.pk])

    assert client.get(STAFF).status_code == 302
    assert client.post(publish).status_code == 302
    client.force_login(member_user)
    assert client.get(STAFF).status_code == 403
    assert client.post(publish).status_code == 403
    proposal.refresh_from_db()
    assert proposal.publication == ProposalPublication.PENDING


def test_member_gives_consent_to_show_their_name_when_proposing(client, member_user):
    client.force_login(member_user)
    client.post(
        reverse("pdin:proposals"),
        {
            "series": EventSeriesFactory().pk,
            "kind": "theme",
            "title": "Seniors et smartphones",
            "show_name": "on",
        },
    )

    proposal = Proposal.objects.get()
    assert proposal.show_name and proposal.publication == ProposalPublication.PENDING
    assert proposal.public_author == member_user.member.public_name


def test_public_page_query_count_does_not_grow_with_proposals(client, django_assert_num_queries):
    for n in range(6):
        member = MemberFactory()
        proposal = _published(title=f"Proposition publique {n}", author=member.user, show_name=True)
        proposal_support(actor=MemberFactory().user, proposal=proposal)
    ProposalSupport.objects.create(proposal=Proposal.objects.first(), email_hash="a" * 64)

    # proposals with their counts, series and authors; the council (context processor)
    with django_assert_num_queries(2):
        response = client.get(PUBLIC)
    assert response.content.decode().count("1 soutien") >= 5


def test_the_programme_links_to_the_proposals(client):
    assert PUBLIC in client.get(reverse("pdin:programme")).content.decode()


# --- Residents propose ----------------------------------------------------------------------


def test_resident_proposal_waits_for_moderation(client, staff_user):
    response = client.post(
        PROPOSE,
        _proposal_form(name="Léa Martin", email="  Lea.Martin@Example.org ", show_name="on"),
    )

    assert response.status_code == 302 and response["Location"] == reverse("pdin:public_proposal_thanks")
    proposal = Proposal.objects.get()
    assert proposal.from_public_form and proposal.author is None
    assert proposal.publication == ProposalPublication.PENDING
    assert (proposal.proposer_name, proposal.proposer_email) == ("Léa Martin", "lea.martin@example.org")
    assert "La médiathèque du quartier Nord" not in client.get(PUBLIC).content.decode()
    client.force_login(staff_user)
    assert "Léa Martin" in client.get(STAFF).content.decode()

    proposal_publish(actor=staff_user, proposal=proposal)
    client.logout()
    text = client.get(PUBLIC).content.decode()
    assert "La médiathèque du quartier Nord" in text and "Léa Martin" in text
    assert "lea.martin@example.org" not in text


def test_resident_proposal_not_yet_published_stays_off_the_members_page(client, member_user):
    client.post(PROPOSE, _proposal_form(title="Un message publicitaire"))
    client.force_login(member_user)

    assert "Un message publicitaire" not in client.get(reverse("pdin:proposals")).content.decode()


def test_resident_name_without_consent_is_not_shown(client, staff_user):
    client.post(PROPOSE, _proposal_form(name="Léa Martin"))
    proposal_publish(actor=staff_user, proposal=Proposal.objects.get())

    text = client.get(PUBLIC).content.decode()
    assert "Léa Martin" not in text and "un·e habitant·e" in text


def test_failed_proposal_shows_the_error_summary_with_autocomplete_fields(client):
    response = client.post(PROPOSE, _proposal_form(title="", show_name="on"))

    assert response.status_code == 200
    text = response.content.decode()
    assert "Le formulaire contient 2 erreurs" in text
    assert "Indiquez votre nom pour qu’il soit affiché, ou décochez la case." in text
    assert 'autocomplete="name"' in text and 'autocomplete="email"' in text
    assert not Proposal.objects.exists()


def test_honeypot_records_nothing(client):
    response = client.post(PROPOSE, _proposal_form(website="http://spam.example"))

    assert response.status_code == 302
    assert not Proposal.objects.exists()


@pytest.fixture
def shared_cache():
    """Django's cache on Redis (database 3, flushed): what every gunicorn worker shares."""
    if not redis_ready(SHARED_CACHE):
        pytest.fail("Redis does not answer on 127.0.0.1:6379.")
    redis_flush(SHARED_CACHE)
    caches = {
        "default": {"BACKEND": "cln_portal.cache.RedisCache", "LOCATION": SHARED_CACHE, "KEY_PREFIX": "t14"}
    }
    with override_settings(CACHES=caches):
        yield
    redis_flush(SHARED_CACHE)


def test_proposals_are_rate_limited_in_the_shared_cache(client, settings, shared_cache):
    import redis

    settings.PDIN_PUBLIC_PROPOSAL_RATE_LIMIT = "2/h/ip"
    for n in range(2):
        assert client.post(PROPOSE, _proposal_form(title=f"Proposition {n}")).status_code == 302
    # The count lives in Redis, where another worker reads it: not in this process.
    assert any(b"pdin_public_proposal" in key for key in redis.Redis.from_url(SHARED_CACHE).keys())

    response = client.post(PROPOSE, _proposal_form(title="Une de trop"))

    assert response.status_code == 429
    assert (
        response.content.decode().count(
            fr("Trop de propositions depuis votre connexion : réessayez dans une heure.")
        )
        == 1
    )
    assert Proposal.objects.count() == 2


# --- The public supports --------------------------------------------------------------------


def test_visitor_supports_once_per_address_whatever_its_case(client, support_link):
    proposal = _published(title="Cafés IA au centre social")
    link = support_link(proposal, "Visiteur@Example.org")

    page = client.get(link)
    assert page.status_code == 200 and "Je confirme mon soutien" in page.content.decode()
    assert page["Referrer-Policy"] == "same-origin" and "no-store" in page["Cache-Control"]
    response = client.post(link, follow=True)
    assert "Merci : votre soutien est enregistré." in response.content.decode()
    assert "1 soutien" in response.content.decode()

    again = support_link(proposal, "  visiteur@EXAMPLE.org ")
    assert "Vous soutenez déjà cette proposition" in client.get(again).content.decode()
    client.post(again)
    client.post(link)

    assert ProposalSupport.objects.filter(proposal=proposal).count() == 1
    support = ProposalSupport.objects.get()
    # Data minimisation: the hash only, not the address.
    assert support.email_hash == support_email_hash("visiteur@example.org") and "@" not in support.email_hash
    assert support.user is None


def test_expired_link_says_so_and_counts_nothing(client, support_link):
    proposal = _published()
    link = support_link(proposal, "visiteur@example.org")

    with time_machine.travel(datetime.timedelta(hours=49)):
        page = client.get(link)
        client.post(link)

    assert page.status_code == 410
    assert "Ce lien a expiré : il est valable 48 heures." in page.content.decode()
    assert reverse("pdin:public_support_request", args=[proposal.pk]) in page.content.decode()
    assert not ProposalSupport.objects.exists()


def test_a_cut_link_gets_a_french_message_not_an_error(client, support_link):
    proposal = _published()
    link = support_link(proposal, "visiteur@example.org")

    response = client.get(link[:-12] + "/")

    assert response.status_code == 400
    assert "Ce lien n’est pas valide" in response.content.decode()


def test_a_link_to_a_proposal_withdrawn_since_counts_nothing(client, support_link, staff_user):
    proposal = _published()
    link = support_link(proposal, "visiteur@example.org")
    proposal_refuse(actor=staff_user, proposal=proposal, reason="Doublon")

    response = client.post(link)

    assert response.status_code == 410
    assert "Cette proposition n’est plus ouverte aux soutiens." in response.content.decode()
    assert not ProposalSupport.objects.exists()


def test_a_proposal_taken_up_takes_no_more_supports(client):
    proposal = _published(status=ProposalStatus.TAKEN_UP)

    page = client.get(reverse("pdin:public_support_request", args=[proposal.pk]))
    client.post(reverse("pdin:public_support_request", args=[proposal.pk]), {"email": "a@example.org"})

    assert "ne recueille plus de soutiens" in page.content.decode()
    assert not mail.outbox


def test_support_honeypot_sends_nothing(client):
    proposal = _published()

    response = client.post(
        reverse("pdin:public_support_request", args=[proposal.pk]),
        {"email": "robot@example.org", "website": "http://spam.example"},
    )

    assert response.status_code == 302
    assert not mail.outbox


def test_support_requests_are_rate_limited_per_address_in_the_shared_cache(
    client, settings, shared_cache, django_capture_on_commit_callbacks
):
    settings.PDIN_PUBLIC_SUPPORT_RATE_LIMIT = "30/h/ip,2/h/key"
    proposal = _published()
    url = reverse("pdin:public_support_request", args=[proposal.pk])
    with django_capture_on_commit_callbacks(execute=True):
        for email in ("visiteur@example.org", "VISITEUR@example.org "):
            assert client.post(url, {"email": email}).status_code == 302

        refused = client.post(url, {"email": "Visiteur@example.org"})
        other = client.post(url, {"email": "autre@example.org"})

    assert refused.status_code == 429
    # The limit hit is said, once (not again by the form): it is this address's, not the connection's.
    html = refused.content.decode()
    assert html.count(fr("Trop de demandes pour cette adresse : réessayez dans une heure.")) == 1
    assert "connexion" not in html.split("<main", 1)[1]
    assert other.status_code == 302
    assert len(mail.outbox) == 3


def test_support_requests_from_one_connection_are_limited_with_their_own_message(
    client, settings, shared_cache
):
    settings.PDIN_PUBLIC_SUPPORT_RATE_LIMIT = "2/h/ip,3/h/key"
    proposal = _published()
    url = reverse("pdin:public_support_request", args=[proposal.pk])
    for n in range(2):
        assert client.post(url, {"email": f"personne{n}@example.org"}).status_code == 302

    refused = client.post(url, {"email": "encore@example.org"})

    assert refused.status_code == 429
    html = refused.content.decode()
    assert html.count(fr("Trop de demandes depuis votre connexion : réessayez dans une heure.")) == 1


def test_bad_input_never_gives_a_server_error(client):
    proposal = _published()
    url = reverse("pdin:public_support_request", args=[proposal.pk])

    assert client.post(url, {"email": "pas une adresse"}).status_code == 200
    assert client.post(PROPOSE, {"series": "x", "kind": "autre"}).status_code == 200
    assert client.get(reverse("pdin:public_support_confirm", args=["n'importe quoi"])).status_code == 400
    assert client.get(reverse("pdin:public_support_request", args=[999999])).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_the_cached_public_page_shows_a_confirmed_support_at_once(settings):
    """The public page is stored whole (``PUBLIC_PAGES``); the support's commit makes it stale."""
    from django.test import Client

    settings.PAGE_CACHE_ENABLED = True
    proposal = _published(title="Cafés IA au centre social")
    visitor, reader = Client(), Client()
    assert reader.get(PUBLIC)["X-Page-Cache"] == "miss"
    cached = reader.get(PUBLIC)
    assert cached["X-Page-Cache"] == "hit" and "0 soutien" in cached.content.decode()

    visitor.post(reverse("pdin:public_support_request", args=[proposal.pk]), {"email": "v@example.org"})
    link = LINK.search(mail.outbox[-1].body).group(0)
    visitor.post(link)

    fresh = reader.get(PUBLIC)
    assert fresh["X-Page-Cache"] == "miss"
    assert "1 soutien" in fresh.content.decode()


# --- Lengths and hidden characters -----------------------------------------------------------


def test_the_why_has_a_limit_with_a_french_message_and_titles_lose_bidi_controls(client):
    EventSeriesFactory()
    page = client.get(PROPOSE).content.decode()
    (description,) = re.findall(r'<textarea[^>]*name="description"[^>]*>', page)
    assert 'maxlength="3000"' in description

    response = client.post(PROPOSE, _proposal_form(description="a" * 3001))
    assert response.status_code in (200, 400)
    assert "Ce texte dépasse 3\u202f000\u00a0caractères" in response.content.decode()
    assert not Proposal.objects.exists()

    client.post(PROPOSE, _proposal_form(title="Une salle \u202eedrevs\u202c au \u2067Nord\u2069"))
    assert Proposal.objects.get().title == "Une salle edrevs au Nord"


def test_the_refusal_reason_box_says_its_limit_and_the_message_writes_it_the_french_way(client, staff_user):
    proposal = ProposalFactory()
    client.force_login(staff_user)
    assert re.search(
        r'<textarea name="refus-\d+-reason"[^>]*maxlength="2000"', client.get(STAFF).content.decode()
    )

    response = client.post(
        reverse("pdin:staff_proposal_refuse", args=[proposal.pk]), {f"refus-{proposal.pk}-reason": "x" * 2001}
    )

    assert response.status_code == 400
    text = response.content.decode()
    assert "Ce texte dépasse 2\u202f000\u00a0caractères" in text
    assert re.search(r'<textarea name="refus-\d+-reason"[^>]*maxlength="2000"', text)
