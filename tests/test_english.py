"""English: the language switch, the choice kept on the account, e-mails in the recipient's
language, and the official PDFs in French whatever the reader's language."""

import datetime
import re
from pathlib import Path

import polib
import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import translation

from home.services import weekly_digest_send
from members.models import Member, User
from notifications.services import notification_queue
from sessions.demo import demo_seed
from sessions.meetings.services import convocation_send

from .french import fr
from .meetings.pdf_checks import pages_text
from .meetings.test_meeting_services import paris, sitting
from .members.factories import CouncilFactory, MeetingFactory, MemberFactory
from .notifications.factories import NotificationPreferenceFactory
from .pdin.factories import EditionFactory

pytestmark = pytest.mark.django_db

SWITCH = reverse("public:language")


def _switch(client, language: str, next_url: str = "/"):
    return client.post(SWITCH, {"language": language, "next": next_url})


def _link(html: str, language: str) -> str:
    """The href of a visitor's language link (HTML-unescaped)."""
    return (
        re.search(rf'<a href="([^"]+)" lang="{language}" hreflang="{language}"', html)
        .group(1)
        .replace("&amp;", "&")
    )


def test_the_switch_turns_a_visitors_pages_to_english_and_back(client):
    page = client.get("/comptes/login/")
    html = page.content.decode()
    assert '<html lang="fr">' in html
    # The switch names the other language in that language, with lang, on every page.
    assert ">English</a>" in html
    assert page.headers["Content-Language"] == "fr"

    response = client.get(_link(html, "en"))
    assert response.status_code == 302 and response.headers["Location"] == "/comptes/login/"
    assert client.cookies["django_language"].value == "en"
    page = client.get("/comptes/login/")
    html = page.content.decode()
    assert '<html lang="en">' in html and page.headers["Content-Language"] == "en"
    assert "Skip to content" in html and "Aller au contenu" not in html
    assert ">Français</a>" in html

    client.get(_link(html, "fr"))
    assert '<html lang="fr">' in client.get("/").content.decode()


def test_a_language_the_portal_does_not_offer_changes_nothing(client, member_user):
    client.force_login(member_user)
    response = _switch(client, "de")
    assert response.status_code == 302
    member_user.refresh_from_db()
    assert member_user.language == ""
    assert '<html lang="fr">' in client.get("/").content.decode()


def test_the_switch_never_redirects_off_site(client):
    response = _switch(client, "en", "https://evil.example/")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    response = client.get(SWITCH, {"language": "en", "next": "//evil.example/"})
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_a_members_choice_follows_them_to_another_device(client, member_user, password):
    client.force_login(member_user)
    _switch(client, "en", reverse("members:my_data"))
    member_user.refresh_from_db()
    assert member_user.language == "en"

    # Another browser, with no cookie and a browser asking for French: English after login.
    other = client.__class__(HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")
    assert '<html lang="fr">' in other.get("/").content.decode()
    other.post(reverse("account_login"), {"login": member_user.email, "password": password})
    html = other.get(reverse("members:my_data")).content.decode()
    assert '<html lang="en">' in html and "My data" in html


def test_a_logged_in_member_who_switches_back_to_french_is_saved_too(client, member_user):
    member_user.language = "en"
    member_user.save()
    client.force_login(member_user)
    assert '<html lang="en">' in client.get("/").content.decode()
    _switch(client, "fr")
    member_user.refresh_from_db()
    assert member_user.language == "fr"
    assert '<html lang="fr">' in client.get("/").content.decode()


# -- E-mails


def _queue_minutes_published(minutes, member):
    return notification_queue(
        kind="minutes_published",
        about=minutes,
        recipient=member.user.email,
        member=member,
        template="minutes_published",
        context={"minutes": minutes, "url": "http://testserver/cr/1/", "reason": "vous êtes membre du CLN"},
    )


def test_an_email_is_written_in_its_recipients_language_not_the_senders(
    member_user, django_capture_on_commit_callbacks
):
    seeded = demo_seed(with_accounts=True)
    anais = Member.objects.get(last_name="Garnier")
    User.objects.filter(pk=anais.user_id).update(language="en")
    anais = Member.objects.select_related("user").get(pk=anais.pk)
    french = member_user.member  # no choice made: French

    # A staff member browsing in French publishes: the English reader gets English.
    with translation.override("fr"), django_capture_on_commit_callbacks(execute=True):
        _queue_minutes_published(seeded.minutes, anais)
    message = mail.outbox[-1]
    assert message.subject == "Minutes published: Conseil local du numérique du 28 novembre 2025"
    assert (
        "Read the minutes" in message.alternatives[0][0] and '<html lang="en">' in message.alternatives[0][0]
    )
    assert "Stop receiving this type of message" in message.body

    # A staff member browsing in English: the French reader still gets French.
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        _queue_minutes_published(seeded.minutes, french)
    message = mail.outbox[-1]
    assert message.subject.startswith(fr("Compte-rendu publié :"))
    assert '<html lang="fr">' in message.alternatives[0][0]


def test_a_login_code_is_sent_in_the_accounts_language(
    client, member_user, settings, django_capture_on_commit_callbacks
):
    settings.ACCOUNT_RATE_LIMITS = False
    member_user.language = "en"
    member_user.save()
    # The page that asks for the code is in French (no cookie): the e-mail follows the account.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_request_login_code"), {"email": member_user.email})
    assert response.status_code == 302
    message = mail.outbox[-1]
    assert message.subject == "Your login code"
    assert "Here is your code to log in to the members' area" in message.body
    assert "you asked for a login code for the members' area" in message.body


# -- The official PDFs stay French


def test_the_minutes_pdf_is_french_while_the_reader_uses_english():
    from sessions.minutes.pdf import render_minutes_html, render_minutes_pdf

    from .meetings.factories import build_minutes

    minutes = build_minutes(people=2, workstreams=1, questions_per_theme=1)
    with translation.override("en"):
        html = render_minutes_html(minutes=minutes)
        text = " ".join(pages_text(render_minutes_pdf(minutes=minutes)))
        assert translation.get_language() == "en"
    assert '<html lang="fr"' in html
    assert "Table des matières" in text and "Table of contents" not in text
    assert "Étaient présents" in text and "Present:" not in text


def test_the_opinion_pdf_is_french_while_the_reader_uses_english():
    from workstreams.models import WorkstreamKind
    from workstreams.pdf import render_opinion_pdf

    from .members.factories import CouncilFactory
    from .workstreams.factories import WorkstreamFactory

    CouncilFactory()
    workstream = WorkstreamFactory(
        kind=WorkstreamKind.REFERRAL_STRATEGIC,
        title="Saisine stratégique : numérique responsable",
        referred_by="Ville de Roubaix",
        referral_question="Quelle stratégie ?",
        opinion_text="Le conseil recommande la **sobriété**.",
        opinion_adopted_on=datetime.date(2026, 3, 20),
    )
    with translation.override("en"):
        text = " ".join(pages_text(render_opinion_pdf(workstream=workstream)))
    # The page footer and the date, in French; the heading is upper-cased by the print CSS.
    assert "avis sur « Saisine stratégique" in text and "20 mars 2026" in text
    assert "AVIS DU CONSEIL LOCAL DU NUMÉRIQUE" in text
    assert "opinion on" not in text and "March" not in text and "OPINION OF" not in text


# -- Texts computed when an e-mail is queued (dates, why one gets it) follow the recipient too


def test_a_convocation_sent_from_french_pages_gives_an_english_reader_english_dates(
    django_capture_on_commit_callbacks,
):
    english = MemberFactory(first_name="Anaïs")
    User.objects.filter(pk=english.user_id).update(language="en")
    french = MemberFactory(first_name="Bruno")
    CouncilFactory()
    with time_machine.travel(paris(2026, 3, 1, 10), tick=False):
        meeting = sitting(datetime.date(2026, 3, 30))
        with translation.override("fr"), django_capture_on_commit_callbacks(execute=True):
            convocation_send(meeting=meeting, actor=None)

    by_address = {m.to[0]: m for m in mail.outbox}
    body = by_address[english.user.email].body
    assert "Monday 30 March 2026 at 6 pm" in body and "lundi" not in body
    assert "plenary assembly of 30 March 2026" in body
    assert "you are a council member in office" in body and "membre du conseil" not in body
    french_body = by_address[french.user.email].body
    assert "lundi 30 mars 2026 à 18 h" in french_body and "membre du conseil en mandat" in french_body


def test_the_weekly_digest_gives_an_english_reader_english_dates(django_capture_on_commit_callbacks):
    CouncilFactory()
    MeetingFactory(title="Assemblée plénière de printemps", starts_at=paris(2026, 4, 10, 9, 30))
    EditionFactory(
        title="Le numérique au centre social", date=datetime.date(2026, 4, 1), start_time=datetime.time(9)
    )
    readers = {}
    for language in ("en", "fr"):
        readers[language] = MemberFactory()
        User.objects.filter(pk=readers[language].user_id).update(language=language)
        NotificationPreferenceFactory(member=readers[language], kind="weekly_digest", by_email=True)

    # The task runs in French, whoever reads.
    with time_machine.travel(paris(2026, 3, 30, 8), tick=False), translation.override("fr"):
        with django_capture_on_commit_callbacks(execute=True):
            weekly_digest_send()

    by_address = {m.to[0]: m.body for m in mail.outbox}
    english = by_address[readers["en"].user.email]
    assert "Wednesday 1 April 2026 at 9 am" in english and "Friday 10 April 2026 at 9:30 am" in english
    assert "mercredi" not in english and "vous vous êtes abonné" not in english
    french = by_address[readers["fr"].user.email]
    assert "Mercredi 1er avril 2026 à 9 h" in french and "Vendredi 10 avril 2026 à 9 h 30" in french


def test_a_moment_on_a_page_reads_in_the_pages_language():
    """The staff editor, a minutes page and « Mes données » write moments with this filter,
    never with a format holding a French « à »."""
    from django.template import Context, Template

    template = Template("{% load french_dates %}{{ moment|datetime_fr:False }}")
    moment = paris(2026, 2, 3, 10, 5)
    with translation.override("en"):
        assert template.render(Context({"moment": moment})) == "3 February 2026 at 10:05 am"
    with translation.override("fr"):
        assert template.render(Context({"moment": moment})) == "3 février 2026 à 10 h 05"


def _french_punctuation(text: str) -> list[str]:
    """French typography in an English text: a space before : ; ! ? (not "http://"-like
    data nor a placeholder's "%%"), or « » quotes."""
    found = re.findall(r"\S{0,12}[ \u00a0\u202f][:;!?](?![^\s<.,)])", text)
    return found + (["« »"] if "«" in text or "»" in text else [])


def test_english_messages_use_english_punctuation():
    """English puts no space before : ; ! ? and quotes with “ ”: the catalogue's msgstrs say so."""
    catalogue = polib.pofile(str(Path(__file__).resolve().parents[1] / "locale/en/LC_MESSAGES/django.po"))
    wrong = {}
    for entry in catalogue:
        texts = [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())
        for text in texts:
            if found := _french_punctuation(text):
                wrong[entry.msgid[:60]] = found
    assert not wrong, wrong


# Official PDFs are French whatever the reader's language (tested above). The answer
# request, the dossier and the service directory's answers are being reworked elsewhere.
_FRENCH_ONLY_OR_ELSEWHERE = ("_pdf", "attendance_sheet", "meetings/dossier/", "workstreams/service_answers")
_BLOCK = re.compile(r"\{%-?\s*blocktranslate.*?\{%-?\s*endblocktranslate\s*-?%\}", re.S)
_TYPED_PUNCTUATION = re.compile(r"(?:%\}|\}\}|</a>)[ \u00a0\u202f][:;!?](?=[\s<])")


def test_templates_type_no_french_punctuation_outside_the_catalogue():
    """« Téléphone : » typed next to {% translate %} shows "Phone : …" on English pages: the
    punctuation belongs in the translated string (or the separator message), never outside."""
    root = Path(__file__).resolve().parents[1] / "templates"
    wrong = {}
    for path in sorted(root.rglob("*.*")):
        name = str(path.relative_to(root))
        if path.suffix not in (".html", ".txt") or any(part in name for part in _FRENCH_ONLY_OR_ELSEWHERE):
            continue
        outside = _BLOCK.sub(lambda m: "{% blocktranslate %}", path.read_text())
        if found := _TYPED_PUNCTUATION.findall(outside):
            wrong[name] = found
    assert not wrong, wrong
